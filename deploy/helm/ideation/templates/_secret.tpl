{{/*
The release's credentials, rendered from secrets.* unless secrets.existingSecret names a Secret the
operator manages (then nothing here is rendered). Keys: see values.yaml, secrets.
*/}}
{{- define "ideation.secret" -}}
{{- $secrets := .Values.secrets -}}
{{- $signingKey := required "secrets.authSigningKey is required (or secrets.existingSecret): the HS256 key tokens are signed with, at least 32 bytes (openssl rand -base64 48)" $secrets.authSigningKey -}}
{{- if lt (len $signingKey) 32 -}}
{{- fail "secrets.authSigningKey must be at least 32 bytes: the services refuse shorter HS256 keys" -}}
{{- end -}}
{{- if ne (empty $secrets.s3AccessKey) (empty $secrets.s3SecretKey) -}}
{{- fail "secrets.s3AccessKey and secrets.s3SecretKey go together: give both, or neither to use the AWS SDK's default credentials" -}}
{{- end -}}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "ideation.fullname" . }}
  labels:
    {{- include "ideation.labels" (dict "root" . "component" "credentials") | nindent 4 }}
type: Opaque
stringData:
  auth-signing-key: {{ $signingKey | quote }}
  ideas-database: {{ required "secrets.ideasDatabase is required (or secrets.existingSecret): the ideas service's PostgreSQL connection string (Npgsql)" $secrets.ideasDatabase | quote }}
  documents-database: {{ required "secrets.documentsDatabase is required (or secrets.existingSecret): the documents service's PostgreSQL connection string (Npgsql)" $secrets.documentsDatabase | quote }}
  redis: {{ required "secrets.redis is required (or secrets.existingSecret): the StackExchange.Redis configuration string, e.g. redis:6379,password=..." $secrets.redis | quote }}
  {{- with $secrets.s3AccessKey }}
  s3-access-key: {{ . | quote }}
  {{- end }}
  {{- with $secrets.s3SecretKey }}
  s3-secret-key: {{ . | quote }}
  {{- end }}
  {{- with (default $secrets.s3AccessKey $secrets.backupS3AccessKey) }}
  backup-s3-access-key: {{ . | quote }}
  {{- end }}
  {{- with (default $secrets.s3SecretKey $secrets.backupS3SecretKey) }}
  backup-s3-secret-key: {{ . | quote }}
  {{- end }}
{{- end -}}
