{{/*
What every pod of the platform shares: non-root, read-only root filesystem, no capabilities, the
runtime's seccomp profile, a writable /tmp, and no service account token (no process here calls the
Kubernetes API).
*/}}

{{- define "ideation.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* A container's security context; .uid (10001: the platform's images) may name another image's user. */}}
{{- define "ideation.containerSecurityContext" -}}
{{- $uid := default 10001 .uid -}}
runAsNonRoot: true
runAsUser: {{ $uid }}
runAsGroup: {{ $uid }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "ideation.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ . }}
{{- end -}}

{{- define "ideation.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/*
Probes of a .NET process, all on its management port unless said otherwise:
- startup: /health, up to a minute to start before liveness counts;
- liveness: /health, which checks no dependency, so that an outage of PostgreSQL, Redis or clamd
  never restarts pods (it turns them unready instead);
- readiness: the services' native gRPC health on the service port: it proves the h2c listener that
  carries the traffic answers, and reports NOT_SERVING exactly when /ready would answer 503 (the
  same required checks). The gateway serves only TLS there, which kubelet's gRPC probe cannot speak,
  so its readiness is /ready.
*/}}
{{- define "ideation.probes" -}}
{{- $ports := include "ideation.portsOf" .component | fromYaml -}}
startupProbe:
  httpGet:
    path: /health
    port: metrics
  periodSeconds: 2
  timeoutSeconds: 2
  failureThreshold: 30
livenessProbe:
  httpGet:
    path: /health
    port: metrics
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  {{- if $ports.grpcService }}
  grpc:
    port: {{ $ports.grpc }}
    service: {{ $ports.grpcService }}
  {{- else }}
  httpGet:
    path: /ready
    port: metrics
  {{- end }}
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{/* Spread a component's replicas over nodes when the cluster can, without refusing to schedule when it cannot. */}}
{{- define "ideation.antiAffinity" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "ideation.selectorLabels" . | nindent 12 }}
{{- end -}}

{{- define "ideation.scheduling" -}}
{{- $values := index .root.Values .component -}}
affinity:
  {{- include "ideation.antiAffinity" . | nindent 2 }}
{{- with $values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
