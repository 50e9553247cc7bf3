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
