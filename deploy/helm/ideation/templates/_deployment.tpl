{{/*
The Deployment of a component (gateway, ideas, documents, scanner). Rolling updates add one pod
before removing one (maxSurge 1, maxUnavailable 0), so capacity never drops during a release.
*/}}
{{- define "ideation.deployment" -}}
{{- $root := .root -}}
{{- $component := .component -}}
{{- $values := index $root.Values $component -}}
{{- $ports := include "ideation.portsOf" $component | fromYaml -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "ideation.componentName" . }}
  labels:
    {{- include "ideation.labels" . | nindent 4 }}
spec:
  {{- if not $values.autoscaling.enabled }}
  replicas: {{ $values.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "ideation.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "ideation.labels" . | nindent 8 }}
      annotations:
        # A changed configuration or credential rolls the pods: they read both only at startup.
        checksum/config: {{ include "ideation.configMap" . | sha256sum }}
        {{- if eq $component "scanner" }}
        checksum/clamav: {{ include "ideation.clamav.configMap" $root | sha256sum }}
        {{- end }}
        {{- if not $root.Values.secrets.existingSecret }}
        checksum/secret: {{ include "ideation.secret" $root | sha256sum }}
        {{- end }}
        {{- with $values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "ideation.serviceAccountName" . }}
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      securityContext:
        {{- include "ideation.podSecurityContext" . | nindent 8 }}
      {{- if eq $component "scanner" }}
      terminationGracePeriodSeconds: {{ include "ideation.scannerGracePeriodSeconds" $root }}
      {{- else }}
      terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
      {{- end }}
      {{- include "ideation.scheduling" . | nindent 6 }}
      {{- if eq $component "scanner" }}
      initContainers:
        {{- include "ideation.clamav.sidecars" $root | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ $component }}
          image: {{ include "ideation.image" . }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            {{- if eq $component "gateway" }}
            - name: https
              containerPort: {{ $ports.https }}
            - name: http
              containerPort: {{ $ports.http }}
            {{- else }}
            - name: grpc
              containerPort: {{ $ports.grpc }}
            {{- end }}
            # Prometheus keeps only the port named metrics (deploy/prometheus/prometheus.yml).
            - name: metrics
              containerPort: {{ $ports.metrics }}
          envFrom:
            - configMapRef:
                name: {{ include "ideation.componentName" . }}
          env:
            {{- include "ideation.secretEnv" . | trim | nindent 12 }}
          {{- include "ideation.probes" . | nindent 10 }}
          lifecycle:
            # Keeps serving while endpoints and load balancers stop sending new work, before SIGTERM.
            preStop:
              sleep:
                seconds: {{ $root.Values.preStopSleepSeconds }}
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- include "ideation.containerSecurityContext" dict | nindent 12 }}
          volumeMounts:
            {{- include "ideation.tmpMount" . | nindent 12 }}
            {{- if eq $component "gateway" }}
            - name: tls
              mountPath: /etc/ideation/tls
              readOnly: true
            {{- end }}
      volumes:
        {{- include "ideation.tmpVolume" $values.tmpSizeLimit | nindent 8 }}
        {{- if eq $component "gateway" }}
        - name: tls
          secret:
            secretName: {{ required "gateway.tls.secretName is required: a kubernetes.io/tls Secret with the gateway's certificate (tls.crt) and key (tls.key)" $values.tls.secretName }}
        {{- end }}
        {{- if eq $component "scanner" }}
        {{- include "ideation.clamav.volumes" $root | nindent 8 }}
        {{- end }}
{{- end -}}
