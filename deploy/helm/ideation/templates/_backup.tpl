{{/* A container of the backup Job running one command of the ideation-backup tool. */}}
{{- define "ideation.backup.container" -}}
{{- $root := .root -}}
{{- $component := dict "root" $root "component" "backup" -}}
- name: {{ .command }}
  image: {{ include "ideation.image" $component }}
  imagePullPolicy: {{ $root.Values.image.pullPolicy }}
  args: [{{ .command | quote }}]
  envFrom:
    - configMapRef:
        name: {{ include "ideation.componentName" $component }}
  env:
    {{- include "ideation.secretEnv" $component | trim | nindent 4 }}
  resources:
    {{- toYaml $root.Values.backup.resources | nindent 4 }}
  securityContext:
    {{- include "ideation.containerSecurityContext" dict | nindent 4 }}
  volumeMounts:
    # Scratch space for the tool: the root filesystem is read-only.
    {{- include "ideation.tmpMount" $root | nindent 4 }}
{{- end -}}

{{/*
"true" when the backup bucket lives on another S3 store than the documents' buckets and objects are
synced: the tool then needs the source store's address and credentials too (it streams between the
stores instead of copying server side).
*/}}
{{- define "ideation.backup.separateSourceStore" -}}
{{- $backup := .Values.backup -}}
{{- if and $backup.syncObjects $backup.storage.serviceUrl (ne $backup.storage.serviceUrl .Values.storage.serviceUrl) -}}
true
{{- end -}}
{{- end -}}
