{{/* The smaller objects every component has: ConfigMap, Service, HPA, PDB, ServiceAccount. */}}

{{- define "ideation.configMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "ideation.componentName" . }}
  labels:
    {{- include "ideation.labels" . | nindent 4 }}
data:
  {{- include "ideation.config" . | trim | nindent 2 }}
{{- end -}}

{{/* Internal services are ClusterIP on their gRPC port; the gateway's type is a value (LoadBalancer by default). */}}
{{- define "ideation.service" -}}
{{- $values := index .root.Values .component -}}
{{- $ports := include "ideation.portsOf" .component | fromYaml -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "ideation.componentName" . }}
  labels:
    {{- include "ideation.labels" . | nindent 4 }}
  {{- with $values.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ $values.service.type }}
  {{- if eq .component "gateway" }}
  {{- if ne $values.service.type "ClusterIP" }}
  externalTrafficPolicy: {{ $values.service.externalTrafficPolicy }}
  {{- end }}
  {{- with $values.service.loadBalancerSourceRanges }}
  loadBalancerSourceRanges:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- end }}
  selector:
    {{- include "ideation.selectorLabels" . | nindent 4 }}
  ports:
    {{- if eq .component "gateway" }}
    - name: https
      port: 443
      targetPort: https
      protocol: TCP
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
    {{- else }}
    - name: grpc
      port: {{ $ports.grpc }}
      targetPort: grpc
      protocol: TCP
      appProtocol: kubernetes.io/h2c
    {{- end }}
{{- end -}}

{{/*
CPU at autoscaling.cpuUtilization (70 %) always; memory only where autoscaling.memory.enabled. The
scanner has no memory target: its memory is clamd's signature database, the same in every pod,
so more pods would never lower it.
*/}}
{{- define "ideation.hpa" -}}
{{- $autoscaling := (index .root.Values .component).autoscaling -}}
{{- if $autoscaling.enabled -}}
{{- if gt (int $autoscaling.minReplicas) (int $autoscaling.maxReplicas) -}}
{{- fail (printf "%s.autoscaling.minReplicas (%d) is above maxReplicas (%d)" .component (int $autoscaling.minReplicas) (int $autoscaling.maxReplicas)) -}}
{{- end -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "ideation.componentName" . }}
  labels:
    {{- include "ideation.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "ideation.componentName" . }}
  minReplicas: {{ $autoscaling.minReplicas }}
  maxReplicas: {{ $autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $autoscaling.cpuUtilization }}
    {{- if and (ne .component "scanner") $autoscaling.memory $autoscaling.memory.enabled }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ $autoscaling.memory.utilization }}
    {{- end }}
{{- end -}}
{{- end -}}

{{- define "ideation.pdb" -}}
{{- $budget := (index .root.Values .component).podDisruptionBudget -}}
{{- if $budget.enabled -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "ideation.componentName" . }}
  labels:
    {{- include "ideation.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ $budget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "ideation.selectorLabels" . | nindent 6 }}
{{- end -}}
{{- end -}}

{{/* annotations: e.g. eks.amazonaws.com/role-arn, for S3 through a web identity instead of keys. */}}
{{- define "ideation.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "ideation.serviceAccountName" . }}
  labels:
    {{- include "ideation.labels" . | nindent 4 }}
  {{- with .annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end -}}
