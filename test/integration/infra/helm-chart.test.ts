// The Helm chart, rendered with a real helm and checked strictly: every object against its
// Kubernetes API type or KEDA's CRD schema (unknown fields are errors), plus Sluice's own rules:
// only real settings, credentials only in the Secret, probes on the health endpoints, graceful
// shutdown inside the grace period, max replicas never above the partition count, Strimzi topics
// equal to the ones Sluice provisions. No cluster runs here (see docs/deploy.md).
// helm and the validator are built from the Go module proxy on first use (minutes, low priority).
import path from 'node:path'
import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import YAML from 'yaml'
import { commands } from '../../../cli/commands.ts'
import { loadConfig, settings, type Config } from '../../../lib/config/index.ts'
import { sluiceTopics } from '../../../lib/kafka/topics.ts'
import { stackLayout } from '../../../infra/local-stack/layout.ts'
import { stderrProgress } from '../../../infra/local-stack/progress.ts'
import { ensureChartTools, type ChartTools } from '../../../infra/helm/tools.ts'
import { runProcess } from '../../support/run-process.ts'

const root = path.join(import.meta.dirname, '..', '..', '..')
const chart = path.join(root, 'infra', 'helm', 'sluice')
const exampleValues = path.join(chart, 'examples', 'strimzi.yaml')
const strimziKinds = ['Kafka', 'KafkaNodePool', 'KafkaTopic'].map((kind) => `kafka.strimzi.io/v1beta2/${kind}`)
const settingNames = new Set(Object.values(settings).flatMap((section) => Object.values(section).map((setting) => setting.env)))
const services = ['api', 'bridge', 'processor', 'sink']

// Only the fields the checks below read.
interface Probe { httpGet: { path: string, port: string } }
interface Container {
  args: string[]
  env?: Array<{ name: string }>
  envFrom: Array<{ configMapRef?: { name: string }, secretRef?: { name: string } }>
  ports: Array<{ name: string, containerPort: number }>
  startupProbe: Probe
  livenessProbe: Probe
  readinessProbe: Probe
  resources: { requests: Record<string, string>, limits: Record<string, string> }
  securityContext: { readOnlyRootFilesystem: boolean, allowPrivilegeEscalation: boolean }
  volumeMounts: Array<{ name: string, mountPath: string }>
}
interface PodSpec {
  terminationGracePeriodSeconds: number
  securityContext: { runAsNonRoot: boolean }
  containers: Container[]
  volumes: Array<{ name: string, emptyDir?: object }>
}
interface K8sObject {
  apiVersion: string
  kind: string
  metadata: { name: string, annotations?: Record<string, string> }
  data?: Record<string, string>
  stringData?: Record<string, string>
  spec: {
    template: { spec: PodSpec }
    minReplicaCount?: number
    maxReplicaCount?: number
    maxReplicas?: number
    scaleTargetRef: { name: string }
    triggers: Array<{ type: string, metadata: Record<string, string> }>
    topicName: string
    partitions: number
    replicas: number
    config: Record<string, string | number>
  }
}

let tools: ChartTools
before(async () => {
  tools = await ensureChartTools(stackLayout(loadConfig().stack.home).cache, stderrProgress())
}, { timeout: 40 * 60_000 })

async function helmTemplate (args: string[]): Promise<{ code: number | null, stdout: string, stderr: string }> {
  // 1.30 is the chart's lowest supported version (kubeVersion in Chart.yaml): preStop sleep needs it.
  return await runProcess(tools.helm, ['template', 'sluice', chart, '--namespace', 'sluice', '--kube-version', '1.30.0', ...args])
}

async function render (args: string[] = []): Promise<{ manifest: string, objects: K8sObject[] }> {
  const { code, stdout, stderr } = await helmTemplate(args)
  assert.equal(code, 0, stderr)
  const objects = YAML.parseAllDocuments(stdout).map((document) => document.toJS() as K8sObject | null).filter((object) => object !== null)
  return { manifest: stdout, objects }
}

async function validate (manifest: string): Promise<{ code: number | null, stdout: string }> {
  return await runProcess(tools.validate, ['-keda', tools.keda, '-metadata-only', strimziKinds.join(',')], { input: manifest })
}

function find (objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name)
  assert.ok(found !== undefined, `${kind} ${name} is rendered`)
  return found
}

/** The environment every Sluice container gets: the ConfigMap plus the Secret (when the chart makes it). */
function renderedEnvironment (objects: K8sObject[]): Record<string, string> {
  return { ...find(objects, 'ConfigMap', 'sluice-settings').data, ...objects.find((object) => object.kind === 'Secret')?.stringData }
}

function cpuCores (quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity)
}

function mebibytes (quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity)
  assert.ok(match !== null, `memory quantity ${quantity} in Mi or Gi`)
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1)
}

for (const [label, args] of [['default values', []], ['the Strimzi example values', ['-f', exampleValues]], ['KEDA disabled (CPU HPA fallback)', ['--set', 'autoscaling.keda.enabled=false']]] as const) {
  test(`${label}: every rendered object is valid against the Kubernetes API types and KEDA's CRD`, async () => {
    const { manifest, objects } = await render([...args])
    const { code, stdout } = await validate(manifest)
    assert.equal(code, 0, stdout)
    assert.match(stdout, new RegExp(`^${objects.length} objects, 0 invalid$`, 'm'))
  })
}

test('helm lint --strict passes with the default and the example values', async () => {
  for (const args of [[], ['-f', exampleValues]]) {
    const { code, stdout, stderr } = await runProcess(tools.helm, ['lint', '--strict', chart, '--kube-version', '1.30.0', ...args])
    assert.equal(code, 0, stdout + stderr)
  }
})

test('the validator refuses unknown fields, wrong types, unknown kinds and unknown Kafka trigger keys', async () => {
  const { objects } = await render()
  const deployment = structuredClone(find(objects, 'Deployment', 'sluice-processor')) as unknown as Record<string, Record<string, unknown>>
  (deployment.spec as Record<string, unknown>).replicaCount = 3
  const typo = structuredClone(find(objects, 'Deployment', 'sluice-api'))
  const typoContainer = typo.spec.template.spec.containers[0] as unknown as { securityContext: Record<string, unknown> }
  typoContainer.securityContext = { readOnlyRootFileSystem: true }
  const scaledObject = structuredClone(find(objects, 'ScaledObject', 'sluice-processor'))
  scaledObject.spec.triggers[0] = { type: 'kafka', metadata: { ...scaledObject.spec.triggers[0]?.metadata, lagTreshold: '5' } }
  const wrongType = structuredClone(find(objects, 'ScaledObject', 'sluice-sink')) as unknown as { spec: Record<string, unknown> }
  wrongType.spec.maxReplicaCount = 'four'
  const unknownKind = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }
  const { code, stdout } = await validate([deployment, typo, scaledObject, wrongType, unknownKind].map((object) => YAML.stringify(object)).join('---\n'))
  assert.equal(code, 1)
  assert.match(stdout, /invalid apps\/v1 Deployment\/sluice-processor: unknown field "spec.replicaCount"/)
  // Case matters, as in the API server (encoding/json alone would accept this spelling).
  assert.match(stdout, /invalid apps\/v1 Deployment\/sluice-api: unknown field "spec.template.spec.containers\[0\].securityContext.readOnlyRootFileSystem"/)
  assert.match(stdout, /invalid keda.sh\/v1alpha1 ScaledObject\/sluice-processor: .spec.triggers\[0\].metadata.lagTreshold: not a key the Kafka scaler reads/)
  assert.match(stdout, /invalid keda.sh\/v1alpha1 ScaledObject\/sluice-sink: .spec.maxReplicaCount: must be a number/)
  assert.match(stdout, /invalid example.com\/v1 Widget\/w: no schema for this kind here/)
  assert.match(stdout, /^5 objects, 5 invalid$/m)
})

test('every variable the chart sets is a real setting, credentials only in the Secret, and the whole environment is valid', async () => {
  for (const args of [[], ['-f', exampleValues]]) {
    const { objects } = await render(args)
    const configMap = find(objects, 'ConfigMap', 'sluice-settings').data ?? {}
    for (const name of Object.keys(renderedEnvironment(objects))) assert.ok(settingNames.has(name), `${name} is a setting in lib/config/settings.ts`)
    for (const name of Object.keys(configMap)) assert.doesNotMatch(name, /KEY|PASSWORD|SECRET/, `${name} is a credential and must not be in the ConfigMap`)
    assert.doesNotThrow(() => loadConfig(renderedEnvironment(objects)))
    for (const object of objects.filter((candidate) => candidate.kind === 'Deployment' || candidate.kind === 'Job')) {
      for (const container of object.spec.template.spec.containers) {
        for (const variable of container.env ?? []) assert.ok(settingNames.has(variable.name), `${object.metadata.name}: ${variable.name}`)
        assert.deepEqual(container.envFrom.map((source) => Object.keys(source)[0]), ['configMapRef', 'secretRef'])
      }
    }
  }
  const { code, stderr } = await helmTemplate(['--set', 'settings.SLUICE_S3_SECRET_KEY=leak'])
  assert.notEqual(code, 0)
  assert.match(stderr, /settings.SLUICE_S3_SECRET_KEY is a credential/)
})

test('each service runs its CLI command with probes on its health endpoints, non-root, read-only, and shuts down within its grace period', async () => {
  const { objects } = await render()
  const config = loadConfig(renderedEnvironment(objects))
  const registered = new Set(commands.map((command) => command.name))
  const ports: Record<string, number> = { api: config.api.port, bridge: config.metrics.bridgePort, processor: config.metrics.processorPort, sink: config.metrics.sinkPort }
  // Longest time each service's SIGTERM handling may take before the kubelet's SIGKILL.
  const shutdownMs: Record<string, number> = { api: config.ingest.ackTimeoutMs, bridge: 0, processor: config.processor.shutdownTimeoutMs, sink: config.sink.shutdownTimeoutMs }
  for (const service of services) {
    const pod = find(objects, 'Deployment', `sluice-${service}`).spec.template.spec
    const [container] = pod.containers
    assert.ok(container !== undefined)
    assert.deepEqual(container.args, [service])
    assert.ok(registered.has(service))
    const port = container.ports[0]
    assert.equal(port?.containerPort, ports[service])
    assert.deepEqual(container.startupProbe.httpGet, { path: '/healthz', port: port?.name })
    assert.deepEqual(container.livenessProbe.httpGet, { path: '/healthz', port: port?.name })
    assert.deepEqual(container.readinessProbe.httpGet, { path: '/readyz', port: port?.name })
    assert.equal(pod.securityContext.runAsNonRoot, true)
    assert.equal(container.securityContext.readOnlyRootFilesystem, true)
    assert.equal(container.securityContext.allowPrivilegeEscalation, false)
    const writable = container.volumeMounts.map((mount) => [mount.mountPath, pod.volumes.find((volume) => volume.name === mount.name)?.emptyDir !== undefined])
    assert.deepEqual(writable, [['/tmp', true], [config.stack.home, true]])
    assert.ok(pod.terminationGracePeriodSeconds * 1000 > (shutdownMs[service] ?? Infinity), `${service}: grace ${pod.terminationGracePeriodSeconds} s covers its shutdown`)
  }
  const job = find(objects, 'Job', 'sluice-migrate')
  assert.deepEqual(job.spec.template.spec.containers[0]?.args, ['migrate'])
  assert.ok(registered.has('migrate'))
  assert.equal(job.metadata.annotations?.['helm.sh/hook'], 'post-install,pre-upgrade')
  for (const service of services) find(objects, 'PodDisruptionBudget', `sluice-${service}`)
  assert.equal(find(objects, 'Service', 'sluice-api').kind, 'Service')
  assert.equal(find(objects, 'HorizontalPodAutoscaler', 'sluice-api').spec.scaleTargetRef.name, 'sluice-api')
})

test('processor resources follow the per-document memory budget and one core per worker thread', async () => {
  const { objects } = await render()
  const config = loadConfig(renderedEnvironment(objects))
  const resources = find(objects, 'Deployment', 'sluice-processor').spec.template.spec.containers[0]?.resources
  assert.ok(resources !== undefined)
  const workers = config.processor.workers
  assert.equal(cpuCores(resources.requests.cpu as string), workers)
  assert.ok(cpuCores(resources.limits.cpu as string) > workers, 'room for the main thread beside the workers')
  // Each worker may hold one document up to its memory budget, and up to 2 x workers fetched
  // documents wait in the main thread: the container must fit that, or the kernel kills the whole
  // pod where Sluice would only have failed that one document.
  const budgetMb = workers * config.processor.documentMemoryBytes / 1024 ** 2 + 2 * workers * config.processor.maxDocumentBytes / 1024 ** 2
  assert.ok(mebibytes(resources.limits.memory as string) > budgetMb, `limit ${resources.limits.memory} above ${budgetMb} MiB`)
})

test('KEDA scales each consumer group on the lag of the topics it reads, never beyond their partitions', async () => {
  for (const args of [[], ['-f', exampleValues]]) {
    const { objects } = await render(args)
    const config = loadConfig(renderedEnvironment(objects))
    const groups = { processor: [config.processor.groupId, [config.kafka.topicReceived]], sink: [config.sink.groupId, [config.kafka.topicProcessed, config.kafka.topicDeadLetter]] } as const
    for (const [service, [group, topics]] of Object.entries(groups)) {
      const scaled = find(objects, 'ScaledObject', `sluice-${service}`)
      assert.equal(scaled.spec.scaleTargetRef.name, `sluice-${service}`)
      assert.ok((scaled.spec.maxReplicaCount as number) <= config.kafka.partitions)
      assert.deepEqual(scaled.spec.triggers.map((trigger) => [trigger.type, trigger.metadata.consumerGroup, trigger.metadata.topic, trigger.metadata.bootstrapServers]),
        topics.map((topic) => ['kafka', group, topic, config.kafka.brokers.join(',')]))
    }
    assert.equal(objects.filter((object) => object.kind === 'HorizontalPodAutoscaler').length, 1, 'only the API has a CPU HPA when KEDA is on')
  }
  const { objects } = await render(['--set', 'autoscaling.keda.enabled=false'])
  assert.equal(objects.filter((object) => object.kind === 'ScaledObject').length, 0)
  assert.ok(find(objects, 'HorizontalPodAutoscaler', 'sluice-processor').spec.maxReplicas as number <= 12)
  find(objects, 'HorizontalPodAutoscaler', 'sluice-sink')
})

test('rendering fails when max replicas exceed the partition count, with or without KEDA', async () => {
  for (const [service, extra] of [['processor', []], ['sink', ['--set', 'autoscaling.keda.enabled=false']]] as const) {
    // Both groups fit the 3 partitions except the one under test (a later --set wins).
    const { code, stderr } = await helmTemplate(['--set', 'settings.SLUICE_KAFKA_PARTITIONS=3', '--set', 'processor.autoscaling.maxReplicas=3', '--set', 'sink.autoscaling.maxReplicas=3', '--set', `${service}.autoscaling.maxReplicas=4`, ...extra])
    assert.notEqual(code, 0)
    assert.match(stderr, new RegExp(`${service}.autoscaling.maxReplicas is 4, above the 3 partitions of its topic`))
  }
  await render(['--set', 'settings.SLUICE_KAFKA_PARTITIONS=4', '--set', 'processor.autoscaling.maxReplicas=4', '--set', 'sink.autoscaling.maxReplicas=4'])
})

test('the Strimzi example declares exactly the topics Sluice provisions, with the same partitions, replicas and configs', async () => {
  const { objects } = await render(['-f', exampleValues])
  const config: Config = loadConfig(renderedEnvironment(objects))
  const declared = objects.filter((object) => object.kind === 'KafkaTopic').map((topic) => ({
    topic: topic.spec.topicName,
    numPartitions: topic.spec.partitions,
    replicationFactor: topic.spec.replicas,
    configEntries: Object.entries(topic.spec.config).map(([name, value]) => ({ name, value: String(value) }))
  }))
  assert.deepEqual(declared, sluiceTopics(config))
  const kafka = find(objects, 'Kafka', 'sluice')
  assert.equal(`${kafka.metadata.name}-kafka-bootstrap.sluice.svc:9092`, config.kafka.brokers.join(','))
  assert.ok(config.kafka.partitions >= (find(objects, 'ScaledObject', 'sluice-processor').spec.maxReplicaCount as number))
})
