{{/*
Who may talk to whom. Every pod of the release is selected by exactly one policy that lists both
directions, so anything not listed here is refused:
- from outside the namespace only the gateway's HTTPS and HTTP ports;
- the services' gRPC ports only from the components that call them;
- management ports (metrics) only from the monitoring namespace;
- out of each pod only DNS, the platform's components it calls, and the dependencies it uses
  (networkPolicy.<dependency>.to / ports), plus the OTLP collector when one is configured.
*/}}

{{- define "ideation.callPaths" -}}
# component: components it calls, dependencies it reaches, whether anyone outside may reach it.
gateway:
  calls: [ideas, documents]
  # Redis: the rate limits the replicas share.
  dependencies: [{{ if .root.Values.gateway.rateLimits.enabled }}redis{{ end }}]
  public: true
ideas:
  calls: []
  dependencies: [postgresql, redis]
documents:
  calls: [ideas]
  dependencies: [postgresql, redis, s3]
scanner:
  calls: [documents]
  dependencies: [redis, s3, signatureMirror]
migrations:
  calls: []
  dependencies: [postgresql]
backup:
  calls: []
  dependencies: [postgresql, s3, backupStorage]
{{- end -}}

{{/* Peers and ports of a dependency; an empty peer list would allow every destination, so it is refused. */}}
{{- define "ideation.networkPolicy.dependencyRule" -}}
{{- $dependency := index .root.Values.networkPolicy .name -}}
{{- if not $dependency.to -}}
{{- fail (printf "networkPolicy.%s.to is empty: an egress rule without peers allows every destination. List where it is (ipBlock, or namespace and pod selectors)." .name) -}}
{{- end -}}
- to:
    {{- toYaml $dependency.to | nindent 4 }}
  ports:
    {{- toYaml $dependency.ports | nindent 4 }}
{{- end -}}

{{- define "ideation.networkPolicy" -}}
{{- $root := .root -}}
{{- $component := .component -}}
{{- $paths := index (include "ideation.callPaths" . | fromYaml) $component -}}
{{- $callers := list -}}
{{- range $caller, $path := include "ideation.callPaths" . | fromYaml -}}
{{- if has $component $path.calls -}}
{{- $callers = append $callers $caller -}}
{{- end -}}
{{- end -}}
{{- $ports := dict -}}
{{- if hasKey (include "ideation.ports" . | fromYaml) $component -}}
{{- $ports = include "ideation.portsOf" $component | fromYaml -}}
{{- end -}}
{{- $policy := $root.Values.networkPolicy -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "ideation.componentName" . }}
  labels:
    {{- include "ideation.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "ideation.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  {{- if not (or $paths.public $callers $ports.metrics) }}
  # Nothing connects to it.
  ingress: []
  {{- else }}
  ingress:
    {{- end }}
    {{- if $paths.public }}
    # Browsers and gRPC clients, from anywhere.
    - ports:
        - port: {{ $ports.https }}
          protocol: TCP
        - port: {{ $ports.http }}
          protocol: TCP
    {{- end }}
    {{- if $callers }}
    - from:
        {{- range $callers }}
        - podSelector:
            matchLabels:
              {{- include "ideation.selectorLabels" (dict "root" $root "component" .) | nindent 14 }}
        {{- end }}
      ports:
        - port: {{ $ports.grpc }}
          protocol: TCP
    {{- end }}
    {{- if $ports.metrics }}
    # Prometheus scrapes /metrics; nothing else of the management port is for anyone outside the pod.
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ $policy.monitoringNamespace }}
      ports:
        - port: {{ $ports.metrics }}
          protocol: TCP
    {{- end }}
  egress:
    - to:
        {{- toYaml $policy.dns.to | nindent 8 }}
      ports:
        {{- toYaml $policy.dns.ports | nindent 8 }}
    {{- range $paths.calls }}
    {{- $calleePorts := include "ideation.portsOf" . | fromYaml }}
    - to:
        - podSelector:
            matchLabels:
              {{- include "ideation.selectorLabels" (dict "root" $root "component" .) | nindent 14 }}
      ports:
        - port: {{ $calleePorts.grpc }}
          protocol: TCP
    {{- end }}
    {{- range $paths.dependencies }}
    {{- $name := . }}
    {{- if and (eq $name "backupStorage") (not (index $policy "backupStorage").to) }}
    {{- /* Without a place of its own the backup bucket is on the platform's S3, allowed above. */}}
    {{- else }}
    {{- include "ideation.networkPolicy.dependencyRule" (dict "root" $root "name" $name) | nindent 4 }}
    {{- end }}
    {{- end }}
    {{- if $root.Values.observability.otlp.endpoint }}
    {{- include "ideation.networkPolicy.dependencyRule" (dict "root" $root "name" "otlp") | nindent 4 }}
    {{- end }}
{{- end -}}
