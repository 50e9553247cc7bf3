{{/*
Annotations of what the migration Jobs need. Hooks run before the release's own objects exist, so
the Jobs' ServiceAccount and Secret are hooks too, of a lower weight: created first, and deleted with
the Jobs once every migration succeeded (a failed migration leaves them for inspection until the
next attempt replaces them).
*/}}
{{- define "ideation.hookAnnotations" -}}
helm.sh/hook: pre-install,pre-upgrade
helm.sh/hook-weight: {{ . | quote }}
helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
{{- end -}}
