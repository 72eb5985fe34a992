{{/* Names and labels. */}}
{{- define "sluice.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 40 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "sluice.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "processor"). */}}
{{- define "sluice.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "sluice.configName" -}}{{ include "sluice.fullname" . }}-settings{{- end -}}

{{- define "sluice.secretName" -}}
{{- if .Values.existingSecret -}}{{ .Values.existingSecret }}{{- else -}}{{ include "sluice.fullname" . }}-secrets{{- end -}}
{{- end -}}

{{/*
A setting the chart itself needs (ports, topics, groups, partitions, shutdown timeouts), read from
.Values.settings: (dict "root" $ "env" "SLUICE_API_PORT"). Lib/config/settings.ts stays the only
home of defaults, so the chart asks for the value rather than guessing it.
*/}}
{{- define "sluice.setting" -}}
{{- $value := index .root.Values.settings .env -}}
{{- if kindIs "invalid" $value -}}{{- fail (printf "settings.%s must be set: the chart uses it (see `sluice config`)" .env) -}}{{- end -}}
{{- toString $value -}}
{{- end -}}

{{/*
A duration setting in milliseconds, parsed like lib/config/parsers.ts (whole numbers with ms, s, m
or h; no unit = ms): (dict "root" $ "env" "SLUICE_PROCESSOR_SHUTDOWN_TIMEOUT").
*/}}
{{- define "sluice.durationMs" -}}
{{- $raw := include "sluice.setting" . | trim -}}
{{- if not (regexMatch "^[0-9]+(ms|s|m|h)?$" $raw) -}}{{- fail (printf "settings.%s: the chart reads whole-number durations such as 30s, got %q" .env $raw) -}}{{- end -}}
{{- $amount := regexFind "^[0-9]+" $raw | int64 -}}
{{- $unit := regexReplaceAll "^[0-9]+" $raw "" | default "ms" -}}
{{- mul $amount (get (dict "ms" 1 "s" 1000 "m" 60000 "h" 3600000) $unit) -}}
{{- end -}}

{{/*
The consumer groups cannot use more members than the partitions of the topic they read: extra
replicas would sit idle. So max replicas above the partition count is a rendering error.
(dict "root" $ "component" "processor" "maxReplicas" 12)
*/}}
{{- define "sluice.checkMaxReplicas" -}}
{{- $partitions := include "sluice.setting" (dict "root" .root "env" "SLUICE_KAFKA_PARTITIONS") | int -}}
{{- $max := .maxReplicas | int -}}
{{- if gt $max $partitions -}}
{{- fail (printf "%s.autoscaling.maxReplicas is %d, above the %d partitions of its topic (SLUICE_KAFKA_PARTITIONS): the extra consumers would get no partition. Lower it or add partitions (docs/deploy.md)." .component $max $partitions) -}}
{{- end -}}
{{- if lt $max (.minReplicas | int) -}}
{{- fail (printf "%s.autoscaling.minReplicas is above its maxReplicas" .component) -}}
{{- end -}}
{{- end -}}

{{/*
One Deployment shape for every Sluice service (like infra/local-stack's one service interface):
(dict "root" $ "component" "processor" "values" .Values.processor "port" 9465 "portName" "metrics"
      "graceSeconds" 45 "preStopSeconds" 0 "replicas" 2)
*/}}
{{- define "sluice.deployment" -}}
{{- $root := .root -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "sluice.fullname" $root }}-{{ .component }}
  labels:
    {{- include "sluice.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  {{- if not (kindIs "invalid" .replicas) }}
  replicas: {{ .replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "sluice.selectorLabels" (dict "root" $root "component" .component) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "sluice.labels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .component }}
      annotations:
        # A changed setting rolls the pods, which read settings only at start.
        checksum/settings: {{ include (print $root.Template.BasePath "/settings.yaml") $root | sha256sum }}
        checksum/secrets: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ .port | quote }}
        prometheus.io/path: /metrics
    spec:
      serviceAccountName: {{ include "sluice.fullname" $root }}
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: {{ .graceSeconds }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      {{- with .values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "sluice.selectorLabels" (dict "root" $root "component" .component) | nindent 14 }}
      containers:
        - name: {{ .component }}
          image: "{{ $root.Values.image.repository }}:{{ $root.Values.image.tag | default $root.Chart.AppVersion }}"
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args: [{{ .component | quote }}]
          envFrom:
            - configMapRef:
                name: {{ include "sluice.configName" $root }}
            - secretRef:
                name: {{ include "sluice.secretName" $root }}
          ports:
            - name: {{ .portName }}
              containerPort: {{ .port }}
              protocol: TCP
          # Started = the HTTP server is up (after provisioning topics, schemas and buckets and
          # warming the worker threads); from then on liveness only asks whether the process answers.
          startupProbe:
            httpGet: { path: /healthz, port: {{ .portName }} }
            periodSeconds: 5
            failureThreshold: 36
          livenessProbe:
            httpGet: { path: /healthz, port: {{ .portName }} }
            periodSeconds: 10
            timeoutSeconds: 5
            failureThreshold: 3
          # Ready = its dependencies answer and, for consumers, it is a member of its group
          # (with partitions, or idle because the group has more members than partitions).
          readinessProbe:
            httpGet: { path: /readyz, port: {{ .portName }} }
            periodSeconds: 10
            timeoutSeconds: 5
            failureThreshold: 3
          {{- if gt (int .preStopSeconds) 0 }}
          lifecycle:
            # Endpoints drop the pod while it still serves, so no request meets a closed port.
            preStop:
              sleep:
                seconds: {{ .preStopSeconds }}
          {{- end }}
          resources:
            {{- toYaml .values.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.containerSecurityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            - name: home
              mountPath: {{ include "sluice.setting" (dict "root" $root "env" "SLUICE_HOME") }}
      volumes:
        # The root filesystem is read-only; these are the only places a service writes
        # (os.tmpdir, and SLUICE_HOME where each service registers its metrics endpoint).
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        - name: home
          emptyDir:
            sizeLimit: 16Mi
{{- end -}}

{{/* A PodDisruptionBudget: one pod of a component down at a time during drains and upgrades. */}}
{{- define "sluice.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "sluice.fullname" .root }}-{{ .component }}
  labels:
    {{- include "sluice.labels" .root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      {{- include "sluice.selectorLabels" (dict "root" .root "component" .component) | nindent 6 }}
{{- end -}}

{{/* A CPU HorizontalPodAutoscaler: (dict "root" $ "component" "api" "autoscaling" .Values.api.autoscaling) */}}
{{- define "sluice.cpuHpa" -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "sluice.fullname" .root }}-{{ .component }}
  labels:
    {{- include "sluice.labels" .root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "sluice.fullname" .root }}-{{ .component }}
  minReplicas: {{ .autoscaling.minReplicas }}
  maxReplicas: {{ .autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .autoscaling.targetCPUUtilizationPercentage }}
  behavior:
    scaleDown:
      # Every change of a consumer group's size is a rebalance; scale down slowly.
      stabilizationWindowSeconds: {{ .autoscaling.scaleDownStabilizationSeconds }}
{{- end -}}

{{/*
A KEDA ScaledObject scaling a consumer group on its Kafka lag, one trigger per topic it reads:
(dict "root" $ "component" "sink" "groupEnv" "SLUICE_SINK_GROUP" "topicEnvs" (list ...) "autoscaling" .Values.sink.autoscaling)
*/}}
{{- define "sluice.scaledObject" -}}
{{- $root := .root -}}
{{- $keda := $root.Values.autoscaling.keda -}}
{{- $group := include "sluice.setting" (dict "root" $root "env" .groupEnv) -}}
{{- $brokers := include "sluice.setting" (dict "root" $root "env" "SLUICE_KAFKA_BROKERS") -}}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ include "sluice.fullname" $root }}-{{ .component }}
  labels:
    {{- include "sluice.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "sluice.fullname" $root }}-{{ .component }}
  pollingInterval: {{ $keda.pollingIntervalSeconds }}
  cooldownPeriod: {{ $keda.cooldownPeriodSeconds }}
  minReplicaCount: {{ .autoscaling.minReplicas }}
  maxReplicaCount: {{ .autoscaling.maxReplicas }}
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        scaleDown:
          # Every change of a consumer group's size is a rebalance; scale down slowly.
          stabilizationWindowSeconds: {{ .autoscaling.scaleDownStabilizationSeconds }}
  triggers:
    {{- range .topicEnvs }}
    - type: kafka
      metadata:
        bootstrapServers: {{ $brokers | quote }}
        consumerGroup: {{ $group | quote }}
        topic: {{ include "sluice.setting" (dict "root" $root "env" .) | quote }}
        lagThreshold: {{ $.autoscaling.lagThreshold | quote }}
        # The consumers start from the beginning of a topic their group never committed on.
        offsetResetPolicy: earliest
      {{- with $keda.authenticationRef }}
      authenticationRef:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- end }}
{{- end -}}

{{/* Lag-based (KEDA) or CPU-based (HPA) scaling of a consumer group, checked against the partition count. */}}
{{- define "sluice.consumerScaling" -}}
{{- include "sluice.checkMaxReplicas" (dict "root" .root "component" .component "maxReplicas" .autoscaling.maxReplicas "minReplicas" .autoscaling.minReplicas) -}}
{{- if .root.Values.autoscaling.keda.enabled -}}
{{ include "sluice.scaledObject" . }}
{{- else -}}
{{ include "sluice.cpuHpa" . }}
{{- end -}}
{{- end -}}
