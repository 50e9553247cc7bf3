{{/*
Names, labels and images. Templates that work on one component take a dict:
  (dict "root" $ "component" "ideas")
*/}}

{{- define "ideation.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's prefix for every object name: the release name, unless it already contains the chart's. */}}
{{- define "ideation.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "ideation.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The name of a component's objects (Deployment, Service, ConfigMap, ...): <fullname>-<component>. */}}
{{- define "ideation.componentName" -}}
{{- printf "%s-%s" (include "ideation.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
What selects a component's pods: name + instance + component. Never changes over a release's life,
since a Deployment's selector cannot change.
*/}}
{{- define "ideation.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ideation.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Every object's labels. deploy/prometheus/prometheus.yml finds pods by name and component. */}}
{{- define "ideation.labels" -}}
helm.sh/chart: {{ include "ideation.chart" .root }}
{{ include "ideation.selectorLabels" . }}
app.kubernetes.io/part-of: ideation
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{/* An image of the platform: <registry>/<owner>/ideation-<component>:<tag>, the tag defaulting to the chart's appVersion. */}}
{{- define "ideation.image" -}}
{{- $image := .root.Values.image -}}
{{- printf "%s/%s/ideation-%s:%s" $image.registry $image.owner .component (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}

{{/* The Secret holding credentials: the operator's own, or the one this chart renders from secrets.*. */}}
{{- define "ideation.secretName" -}}
{{- default (include "ideation.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "ideation.serviceAccountName" -}}
{{- include "ideation.componentName" . -}}
{{- end -}}
