{{/*
Each process's configuration as ASP.NET Core environment variables (Section__Key): what is not
secret goes to the component's ConfigMap, credentials come from the Secret one key at a time, so
that each process holds only the credentials it uses.
*/}}

{{/* The ports each component listens on, fixed by the platform (README "ports"); the chart sets them explicitly. */}}
{{- define "ideation.ports" -}}
gateway: {https: 8443, http: 8080, metrics: 9080}
ideas: {grpc: 5101, metrics: 9101, grpcService: ideation.ideas.v1.IdeaService}
documents: {grpc: 5102, metrics: 9102, grpcService: ideation.documents.v1.DocumentService}
scanner: {grpc: 5103, metrics: 9103, grpcService: ideation.scanner.v1.ScannerService}
{{- end -}}

{{- define "ideation.portsOf" -}}
{{- index (include "ideation.ports" . | fromYaml) . | toYaml -}}
{{- end -}}

{{/* h2c address of a service inside the namespace: http://<fullname>-<component>:<grpc port>. */}}
{{- define "ideation.serviceAddress" -}}
{{- $ports := include "ideation.portsOf" .component | fromYaml -}}
{{- printf "http://%s:%d" (include "ideation.componentName" .) (int $ports.grpc) -}}
{{- end -}}

{{/* Settings every process shares. */}}
{{- define "ideation.config.common" -}}
{{- $root := .root -}}
{{- $ports := include "ideation.portsOf" .component | fromYaml -}}
Hosting__BindAddress: "0.0.0.0"
Hosting__ManagementPort: {{ $ports.metrics | quote }}
{{- if $ports.grpc }}
Hosting__ServicePort: {{ $ports.grpc | quote }}
{{- end }}
Auth__Issuer: {{ required "auth.issuer is required: the issuer (iss) of the platform's bearer tokens" $root.Values.auth.issuer | quote }}
Auth__Audience: {{ required "auth.audience is required: the audience (aud) of the platform's bearer tokens" $root.Values.auth.audience | quote }}
{{- with $root.Values.observability.otlp }}
{{- if .endpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ .endpoint | quote }}
OTEL_EXPORTER_OTLP_PROTOCOL: {{ .protocol | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "ideation.config.gateway" -}}
{{- $root := .root -}}
Gateway__HttpsPort: "8443"
Gateway__HttpPort: "8080"
Gateway__CertificatePath: "/etc/ideation/tls/tls.crt"
Gateway__CertificateKeyPath: "/etc/ideation/tls/tls.key"
Gateway__MaxUploadBytes: {{ include "ideation.scannerStreamLimitBytes" $root | quote }}
ReverseProxy__Clusters__ideas__Destinations__ideas__Address: {{ include "ideation.serviceAddress" (dict "root" $root "component" "ideas") | quote }}
ReverseProxy__Clusters__documents__Destinations__documents__Address: {{ include "ideation.serviceAddress" (dict "root" $root "component" "documents") | quote }}
{{- with $root.Values.gateway.rateLimits }}
Gateway__RateLimits__Enabled: {{ .enabled | quote }}
{{- if .enabled }}
Gateway__RateLimits__PerUser__RequestsPerSecond: {{ .perUser.requestsPerSecond | quote }}
Gateway__RateLimits__PerUser__Burst: {{ .perUser.burst | quote }}
Gateway__RateLimits__PerClientAddress__RequestsPerSecond: {{ .perClientAddress.requestsPerSecond | quote }}
Gateway__RateLimits__PerClientAddress__Burst: {{ .perClientAddress.burst | quote }}
Gateway__RateLimits__RedisTimeout: {{ printf "00:00:%02d.%03d" (div (int .redisTimeoutMilliseconds) 1000) (mod (int .redisTimeoutMilliseconds) 1000) | quote }}
{{- /* While Redis is down each replica grants its share: 1 / the replicas there are at the least. */}}
{{- $gateway := $root.Values.gateway }}
{{- $replicas := ternary $gateway.autoscaling.minReplicas $gateway.replicas $gateway.autoscaling.enabled | int }}
Gateway__RateLimits__LocalShare: {{ divf 1 (max 1 $replicas) | printf "%.4f" | quote }}
{{- end }}
{{- end }}
{{- range $index, $origin := $root.Values.gateway.cors.allowedOrigins }}
Gateway__Cors__AllowedOrigins__{{ $index }}: {{ $origin | quote }}
{{- end }}
{{- end -}}

{{- define "ideation.config.ideas" -}}
{{- with .root.Values.ideas.cache }}
{{- if .enabled }}
Ideas__Cache__Ttl: {{ include "ideation.timespan" .ttlSeconds | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "ideation.config.documents" -}}
{{- $root := .root -}}
{{- $storage := $root.Values.storage -}}
Documents__Ideas__Address: {{ include "ideation.serviceAddress" (dict "root" $root "component" "ideas") | quote }}
Documents__Storage__ServiceUrl: {{ $storage.serviceUrl | quote }}
Documents__Storage__Region: {{ $storage.region | quote }}
Documents__Storage__ForcePathStyle: {{ $storage.forcePathStyle | quote }}
Documents__Storage__Bucket: {{ required "storage.documentsBucket is required: the bucket uploaded documents are stored in" $storage.documentsBucket | quote }}
Documents__Storage__QuarantineBucket: {{ required "storage.quarantineBucket is required: the bucket infected documents are moved to" $storage.quarantineBucket | quote }}
Documents__Upload__MaxBytes: {{ include "ideation.uploadMaxBytes" $root | quote }}
Documents__Upload__ScannerStreamLimitBytes: {{ include "ideation.scannerStreamLimitBytes" $root | quote }}
Documents__Scan__Lease: {{ include "ideation.timespan" (include "ideation.scanLeaseSeconds" $root) | quote }}
{{- end -}}

{{- define "ideation.config.scanner" -}}
{{- $root := .root -}}
{{- $storage := $root.Values.storage -}}
Scanner__Clamd__Endpoints__0: "127.0.0.1:3310"
Scanner__Documents__Address: {{ include "ideation.serviceAddress" (dict "root" $root "component" "documents") | quote }}
Scanner__Storage__ServiceUrl: {{ $storage.serviceUrl | quote }}
Scanner__Storage__Region: {{ $storage.region | quote }}
Scanner__Storage__ForcePathStyle: {{ $storage.forcePathStyle | quote }}
Scanner__Jobs__ScanTimeout: {{ include "ideation.timespan" (include "ideation.scanTimeoutSeconds" $root) | quote }}
Scanner__Jobs__ClaimIdle: {{ include "ideation.timespan" (include "ideation.scanClaimIdleSeconds" $root) | quote }}
Scanner__Jobs__Concurrency: {{ $root.Values.scanning.concurrency | quote }}
{{- end -}}

{{/* The whole configuration of a component: common, its own, then the operator's extraConfig (which wins). */}}
{{- define "ideation.config" -}}
{{- $config := include "ideation.config.common" . | fromYaml -}}
{{- $own := include (printf "ideation.config.%s" .component) . | fromYaml -}}
{{- $extra := (index .root.Values .component).extraConfig | default dict -}}
{{- $merged := merge (deepCopy $extra) $own $config -}}
{{- range $key, $value := $merged }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/*
Credentials each component reads from the Secret: environment variable, Secret key, and whether the
key may be absent (S3 keys: without them the SDK's default chain is used, e.g. a web identity).
*/}}
{{- define "ideation.secretEnv.table" -}}
gateway:
  - {env: Auth__SigningKey, key: auth-signing-key}
{{- if .root.Values.gateway.rateLimits.enabled }}
  - {env: Gateway__RateLimits__Redis, key: redis}
{{- end }}
ideas:
  - {env: Auth__SigningKey, key: auth-signing-key}
  - {env: ConnectionStrings__Ideas, key: ideas-database}
  - {env: Ideas__Events__Redis, key: redis}
{{- if .root.Values.ideas.cache.enabled }}
  - {env: Ideas__Cache__Redis, key: redis}
{{- end }}
documents:
  - {env: Auth__SigningKey, key: auth-signing-key}
  - {env: ConnectionStrings__Documents, key: documents-database}
  - {env: Documents__Redis__Configuration, key: redis}
  - {env: Documents__Storage__AccessKey, key: s3-access-key, optional: true}
  - {env: Documents__Storage__SecretKey, key: s3-secret-key, optional: true}
scanner:
  - {env: Auth__SigningKey, key: auth-signing-key}
  - {env: Scanner__Redis__Configuration, key: redis}
  - {env: Scanner__Storage__AccessKey, key: s3-access-key, optional: true}
  - {env: Scanner__Storage__SecretKey, key: s3-secret-key, optional: true}
backup:
  - {env: Backup__Databases__ideas, key: ideas-database}
  - {env: Backup__Databases__documents, key: documents-database}
  - {env: Backup__Storage__AccessKey, key: backup-s3-access-key, optional: true}
  - {env: Backup__Storage__SecretKey, key: backup-s3-secret-key, optional: true}
{{- if and (eq .component "backup") (include "ideation.backup.separateSourceStore" .root) }}
  - {env: Backup__Objects__SourceStorage__AccessKey, key: s3-access-key, optional: true}
  - {env: Backup__Objects__SourceStorage__SecretKey, key: s3-secret-key, optional: true}
{{- end }}
{{- end -}}

{{/* env entries of a component's credentials; secretName defaults to the release's Secret. */}}
{{- define "ideation.secretEnv" -}}
{{- $table := include "ideation.secretEnv.table" . | fromYaml -}}
{{- $secretName := default (include "ideation.secretName" .root) .secretName -}}
{{- range index $table .component }}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end }}
{{- end -}}
