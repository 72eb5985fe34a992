// docker-compose.yml cannot be run here (no Docker engine), so its wiring is checked as data:
// every SLUICE_* variable is a real setting with a valid value, the services and images are
// there and pinned, MinIO's Kafka target is the bucket-event topic, mounted files exist.
import { execFile } from 'node:child_process'
import { access, readFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import YAML from 'yaml'
import { commands } from '../../cli/commands.ts'
import { loadConfig, settings } from '../../lib/config/index.ts'
import { repositoryRoot } from '../support/repository.ts'

const root = repositoryRoot

interface ComposeService {
  image?: string
  build?: unknown
  command?: string[] | string
  environment?: Record<string, string | number>
  volumes?: string[]
  deploy?: { replicas?: number }
}
interface Compose { services: Record<string, ComposeService> }

const compose = YAML.parse(await readFile(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose
const sluiceServices = ['api', 'bridge', 'processor', 'sink']
const settingNames = new Set(Object.values(settings).flatMap((section) => Object.values(section).map((setting) => setting.env)))

test('the infrastructure and the Sluice services are all there', () => {
  for (const name of ['kafka', 'registry', 'minio', 'minio-init', 'clickhouse', 'prometheus', 'grafana', ...sluiceServices]) {
    assert.ok(compose.services[name] !== undefined, `service ${name}`)
  }
  assert.ok((compose.services.processor?.deploy?.replicas ?? 1) >= 2, 'the processor runs several replicas')
})

test('Sluice services run CLI commands that exist, from the image built here', () => {
  const commandNames = new Set(commands.map((entry) => entry.name))
  for (const name of sluiceServices) {
    const service = compose.services[name] as ComposeService
    assert.ok(service.build !== undefined, `${name} is built from the Dockerfile`)
    const [command] = Array.isArray(service.command) ? service.command : [service.command]
    assert.equal(command, name)
    assert.ok(commandNames.has(command), `sluice ${command} is a registered command`)
  }
})

test('every SLUICE_* variable is a real setting and its value is valid', () => {
  for (const [name, service] of Object.entries(compose.services)) {
    const environment = Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value)]))
    for (const variable of Object.keys(environment).filter((key) => key.startsWith('SLUICE_'))) {
      assert.ok(settingNames.has(variable), `${name}: ${variable} is not a setting in lib/config/settings.ts`)
    }
    if (sluiceServices.includes(name)) assert.doesNotThrow(() => loadConfig(environment), `${name}'s environment is valid`)
  }
})

test('images are pinned to a version', () => {
  for (const [name, service] of Object.entries(compose.services)) {
    if (service.build !== undefined) continue
    const tag = service.image?.split(':')[1]
    assert.ok(tag !== undefined && tag !== '' && tag !== 'latest', `${name} image ${service.image} has a version tag`)
  }
})

test('MinIO notifies the bucket-event topic that the Sluice services read', () => {
  const minio = compose.services.minio?.environment ?? {}
  const ids = Object.keys(minio).filter((key) => key.startsWith('MINIO_NOTIFY_KAFKA_ENABLE_')).map((key) => key.slice('MINIO_NOTIFY_KAFKA_ENABLE_'.length))
  assert.equal(ids.length, 1)
  const id = ids[0] as string
  for (const part of ['BROKERS', 'TOPIC', 'QUEUE_DIR']) assert.ok(minio[`MINIO_NOTIFY_KAFKA_${part}_${id}`] !== undefined, part)
  for (const name of sluiceServices) {
    assert.equal(minio[`MINIO_NOTIFY_KAFKA_TOPIC_${id}`], compose.services[name]?.environment?.SLUICE_TOPIC_BUCKET_EVENTS)
  }
  const init = JSON.stringify(compose.services['minio-init']?.command)
  assert.match(init, new RegExp(`mc event add [^"]*arn:minio:sqs::${id}:kafka --event put`))
  assert.match(init, /mc mb[^"]*local\/sluice-inbox/)
})

test('mounted files exist and Prometheus scrapes the ports the services use', async () => {
  for (const service of Object.values(compose.services)) {
    for (const volume of service.volumes ?? []) {
      const source = volume.split(':')[0] as string
      if (source.startsWith('./')) await access(path.join(root, source))
    }
  }
  const prometheus = YAML.parse(await readFile(path.join(root, 'infra/prometheus/prometheus.compose.yml'), 'utf8')) as {
    scrape_configs: Array<{ job_name: string, static_configs?: Array<{ targets: string[] }>, dns_sd_configs?: Array<{ names: string[], port: number }> }>
  }
  const defaults = loadConfig({})
  const job = (name: string): typeof prometheus.scrape_configs[number] | undefined => prometheus.scrape_configs.find((candidate) => candidate.job_name === name)
  assert.deepEqual(job('sluice-api')?.static_configs?.[0]?.targets, [`api:${defaults.api.port}`])
  assert.deepEqual(job('sluice-bridge')?.static_configs?.[0]?.targets, [`bridge:${defaults.metrics.bridgePort}`])
  assert.deepEqual(job('sluice-sink')?.static_configs?.[0]?.targets, [`sink:${defaults.metrics.sinkPort}`])
  assert.deepEqual(job('sluice-processor')?.dns_sd_configs?.[0], { names: ['processor'], type: 'A', port: defaults.metrics.processorPort })
})

test('docker compose accepts the file, where the compose plugin is installed', async (context) => {
  const run = promisify(execFile)
  const available = await run('docker', ['compose', 'version']).then(() => true, () => false)
  if (!available) {
    context.skip('docker compose is not installed here (the structural checks above still ran)')
    return
  }
  const { stdout } = await run('docker', ['compose', '-f', path.join(root, 'docker-compose.yml'), 'config', '--quiet'])
  assert.equal(stdout, '')
})
