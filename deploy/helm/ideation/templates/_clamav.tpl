{{/*
clamd beside each scanner, with freshclam keeping its signatures current on a volume they share.
Both are native sidecars (init containers that keep running): freshclam starts first and holds the
pod until the first download finished (clamd refuses an empty database), clamd starts next and holds
it until it answers PING, and only then the scanner starts. On shutdown Kubernetes stops sidecars
after the scanner, so clamd keeps serving the scans the scanner finishes during its grace period.
Both run the ClamAV image's own binaries with configuration from the ConfigMap, as the image's
user (clamav.uid), never its root entrypoint.
*/}}

{{- define "ideation.clamav.clamdConf" -}}
{{- $limit := include "ideation.scannerStreamLimitMiB" . -}}
# Written by the Helm chart. Only the scanner in the same pod talks to clamd, over loopback.
DatabaseDirectory /var/lib/clamav
TemporaryDirectory /tmp
TCPSocket 3310
TCPAddr 127.0.0.1
Foreground yes
LogTime yes
LogVerbose no
# One limit for the stream, a file and a scan (uploads.maxMiB + uploads.scannerHeadroomMiB): with
# MaxScanSize above MaxFileSize, clamd stops unpacking an archive member at MaxFileSize without an
# alert (services/scanner/README.md).
StreamMaxLength {{ $limit }}M
MaxFileSize {{ $limit }}M
MaxScanSize {{ $limit }}M
MaxRecursion 16
MaxFiles 10000
# "Could not scan" must never read as clean: limits and encryption answer Heuristics.*, which the
# scanner records as UNSCANNABLE.
AlertExceedsMax yes
AlertEncrypted yes
AlertBrokenExecutables yes
# Loads new signatures beside the old ones, so scanning goes on during a reload (memory: see clamav.resources).
ConcurrentDatabaseReload yes
SelfCheck 600
{{- end -}}

{{- define "ideation.clamav.freshclamConf" -}}
{{- $clamav := .Values.clamav -}}
# Written by the Helm chart.
DatabaseDirectory /var/lib/clamav
Foreground yes
LogTime yes
Checks {{ $clamav.checksPerDay }}
{{- if $clamav.privateMirror }}
PrivateMirror {{ $clamav.privateMirror }}
{{- else }}
DatabaseMirror {{ $clamav.databaseMirror }}
{{- end }}
# Tells clamd to load new signatures as soon as they arrive.
NotifyClamd /etc/ideation/clamav/clamd.conf
# clamd tests what it loads (and keeps the old signatures when that fails); testing here as well
# would load the whole database a second time in freshclam's memory.
TestDatabases no
{{- end -}}

{{- define "ideation.clamav.configMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "ideation.componentName" (dict "root" . "component" "clamav") }}
  labels:
    {{- include "ideation.labels" (dict "root" . "component" "scanner") | nindent 4 }}
data:
  clamd.conf: |
    {{- include "ideation.clamav.clamdConf" . | nindent 4 }}
  freshclam.conf: |
    {{- include "ideation.clamav.freshclamConf" . | nindent 4 }}
{{- end -}}

{{- define "ideation.clamav.mounts" -}}
- name: signatures
  mountPath: /var/lib/clamav
- name: clamav-config
  mountPath: /etc/ideation/clamav
  readOnly: true
# Apart from the scanner's /tmp: clamd spools streams here, up to the stream limit per scan.
- name: clamav-tmp
  mountPath: /tmp
{{- end -}}

{{- define "ideation.clamav.sidecars" -}}
{{- $clamav := .Values.clamav -}}
{{- $image := printf "%s:%s" $clamav.image.repository $clamav.image.tag -}}
- name: freshclam
  image: {{ $image }}
  imagePullPolicy: {{ $clamav.image.pullPolicy }}
  restartPolicy: Always
  command: ["freshclam", "--config-file=/etc/ideation/clamav/freshclam.conf", "--daemon", "--foreground", "--stdout"]
  # Ready once the main and daily databases are on the volume: the first download can take minutes.
  startupProbe:
    exec:
      command: ["sh", "-c", "cd /var/lib/clamav && (test -s main.cvd || test -s main.cld) && (test -s daily.cvd || test -s daily.cld)"]
    periodSeconds: 5
    failureThreshold: {{ div $clamav.firstDownloadTimeoutSeconds 5 }}
  livenessProbe:
    exec:
      command: ["sh", "-c", "cd /var/lib/clamav && (test -s main.cvd || test -s main.cld) && (test -s daily.cvd || test -s daily.cld)"]
    periodSeconds: 60
  readinessProbe:
    exec:
      command: ["sh", "-c", "cd /var/lib/clamav && (test -s main.cvd || test -s main.cld) && (test -s daily.cvd || test -s daily.cld)"]
    periodSeconds: 30
  resources:
    {{- toYaml $clamav.freshclamResources | nindent 4 }}
  securityContext:
    {{- include "ideation.containerSecurityContext" (dict "uid" $clamav.uid) | nindent 4 }}
  volumeMounts:
    {{- include "ideation.clamav.mounts" . | nindent 4 }}
- name: clamd
  image: {{ $image }}
  imagePullPolicy: {{ $clamav.image.pullPolicy }}
  restartPolicy: Always
  command: ["clamd", "--config-file=/etc/ideation/clamav/clamd.conf"]
  # clamdcheck.sh ships with the ClamAV image: PING over TCP, healthy on PONG.
  startupProbe:
    exec:
      command: ["clamdcheck.sh"]
    periodSeconds: 5
    timeoutSeconds: 5
    failureThreshold: 60
  livenessProbe:
    exec:
      command: ["clamdcheck.sh"]
    periodSeconds: 30
    timeoutSeconds: 10
    failureThreshold: 4
  readinessProbe:
    exec:
      command: ["clamdcheck.sh"]
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 3
  resources:
    {{- toYaml $clamav.resources | nindent 4 }}
  securityContext:
    {{- include "ideation.containerSecurityContext" (dict "uid" $clamav.uid) | nindent 4 }}
  volumeMounts:
    {{- include "ideation.clamav.mounts" . | nindent 4 }}
{{- end -}}

{{- define "ideation.clamav.volumes" -}}
- name: signatures
  emptyDir:
    sizeLimit: {{ .Values.clamav.signaturesSizeLimit }}
- name: clamav-config
  configMap:
    name: {{ include "ideation.componentName" (dict "root" . "component" "clamav") }}
- name: clamav-tmp
  emptyDir:
    sizeLimit: {{ .Values.clamav.tmpSizeLimit }}
{{- end -}}
