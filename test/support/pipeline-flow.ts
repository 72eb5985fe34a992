// Runs a real pipeline for the observability tests: the upload API, one processor and the sink
// as `sluice` child processes on the shared local stack, with this run's own topics, buckets,
// consumer groups and ClickHouse database, registered as Prometheus scrape targets; then
// uploads documents at a steady rate so dashboards have something true to show.
import { spawn, type ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Config } from '../../lib/config/index.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { startConsumerLagExporter } from '../../lib/metrics/consumer-lag.ts'
import { registerScrapeTarget } from '../../lib/metrics/scrape-target.ts'
import { createMetricsRegistry, startMetricsServer } from '../../lib/metrics/server.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { freePort, ingestTestConfig, uniqueSuffix } from './ingest.ts'
import { waitFor } from './wait.ts'
import { repositoryPath } from './repository.ts'

const sluiceBin = repositoryPath('bin/sluice.js')

export interface PipelineFlow {
  config: Config
  env: Record<string, string>
  apiUrl: string
  apiKey: string
  metricsPorts: { api: number, processor: number, sink: number, lag: number }
  /** Uploads `pdf` `perSecond` times a second for `seconds`; returns how many the API accepted. */
  send: (pdf: Buffer, perSecond: number, seconds: number) => Promise<{ accepted: number, startedAt: number, endedAt: number }>
  stop: () => Promise<void>
}

async function waitUntil (what: string, check: () => Promise<boolean>, timeoutMs: number, child?: () => string): Promise<void> {
  await waitFor(check, { what, timeoutMs, intervalMs: 250, ...(child === undefined ? {} : { progress: child }) })
}

const answers = async (url: string): Promise<boolean> => (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok

export async function startPipelineFlow (): Promise<PipelineFlow> {
  const suffix = uniqueSuffix()
  const apiKey = 'it-observability-key'
  const ports = { api: await freePort(), processor: await freePort(), sink: await freePort(), lag: await freePort() }
  const env: Record<string, string> = {
    SLUICE_TOPIC_RECEIVED: `it-received-${suffix}`,
    SLUICE_TOPIC_PROCESSED: `it-processed-${suffix}`,
    SLUICE_TOPIC_DLQ: `it-dlq-${suffix}`,
    SLUICE_TOPIC_BUCKET_EVENTS: `it-bucket-events-${suffix}`,
    SLUICE_S3_INBOX_BUCKET: `it-inbox-${suffix}`,
    SLUICE_S3_RESULTS_BUCKET: `it-results-${suffix}`,
    SLUICE_KAFKA_PARTITIONS: '3',
    SLUICE_PROCESSOR_GROUP: `it-processor-${suffix}`,
    SLUICE_SINK_GROUP: `it-sink-${suffix}`,
    SLUICE_CLICKHOUSE_DATABASE: `it_obs_${suffix.replaceAll('-', '_')}`,
    SLUICE_API_KEYS: apiKey,
    SLUICE_API_PORT: String(ports.api),
    SLUICE_METRICS_PROCESSOR_PORT: String(ports.processor),
    SLUICE_METRICS_SINK_PORT: String(ports.sink),
    SLUICE_SINK_BATCH_INTERVAL: '200ms',
    SLUICE_PROCESSOR_WORKERS: '1',
    SLUICE_PROCESSOR_SHUTDOWN_TIMEOUT: '5s',
    SLUICE_SINK_SHUTDOWN_TIMEOUT: '5s',
    SLUICE_LOG_LEVEL: process.env.SLUICE_LOG_LEVEL ?? 'warn'
  }
  const config = ingestTestConfig(env)
  const children: Array<{ name: string, child: ChildProcess, output: () => string }> = []
  const launch = (name: string): (() => string) => {
    let output = ''
    const child = spawn(process.execPath, [sluiceBin, name], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    const keep = (chunk: Buffer): void => { output = (output + chunk.toString()).slice(-4000) }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    children.push({ name, child, output: () => output })
    return () => output
  }

  const cleanups: Array<() => Promise<void>> = []
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
    await Promise.all(children.map(async ({ child }) => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const forced = setTimeout(() => child.kill('SIGKILL'), 8000)
      await exited
      clearTimeout(forced)
    }))
    await cleanUp(config, env).catch(() => {})
  }

  try {
    const apiOutput = launch('api')
    await waitUntil('sluice api', async () => answers(`http://127.0.0.1:${ports.api}/healthz`), 45_000, apiOutput)
    const processorOutput = launch('processor')
    const sinkOutput = launch('sink')
    await waitUntil('sluice processor /metrics', async () => answers(`http://127.0.0.1:${ports.processor}/metrics`), 45_000, processorOutput)
    await waitUntil('sluice sink /metrics', async () => answers(`http://127.0.0.1:${ports.sink}/metrics`), 45_000, sinkOutput)
    // The consumer lag exporter as a sidecar process would run it: its own registry and
    // /metrics port, reading the broker for both consumer groups of this run.
    const admin = createKafka(config, 'it-lag-exporter').admin()
    await admin.connect()
    const registry = createMetricsRegistry('lag-exporter')
    const exporters = [
      startConsumerLagExporter({ admin, registry, groupId: config.processor.groupId, topics: [config.kafka.topicReceived], intervalMs: 1000 }),
      startConsumerLagExporter({ admin, registry, groupId: env.SLUICE_SINK_GROUP as string, topics: [config.kafka.topicProcessed, config.kafka.topicDeadLetter], intervalMs: 1000 })
    ]
    const lagServer = await startMetricsServer(registry, ports.lag)
    cleanups.push(async () => {
      for (const exporter of exporters) exporter.stop()
      await lagServer.close()
      await admin.disconnect()
    })
    // Registered here the way each service registers itself with the local stack's Prometheus;
    // the job names are the ones the dashboards and alerts expect.
    for (const [job, port] of Object.entries(ports)) {
      const unregister = await registerScrapeTarget({ job: `sluice-${job}`, port }, config.stack.home)
      cleanups.push(unregister)
    }
  } catch (error) {
    await stop()
    throw error
  }

  const apiUrl = `http://127.0.0.1:${ports.api}`
  return {
    config,
    env,
    apiUrl,
    apiKey,
    metricsPorts: ports,
    stop,
    send: async (pdf, perSecond, seconds) => {
      const startedAt = Date.now()
      const total = Math.round(perSecond * seconds)
      const uploads: Array<Promise<boolean>> = []
      for (let index = 0; index < total; index++) {
        // Paced against the clock, not by sleeping a fixed gap, so slow uploads do not lower the rate.
        const due = startedAt + (index * 1000) / perSecond
        const wait = due - Date.now()
        if (wait > 0) await sleep(wait)
        uploads.push(fetch(`${apiUrl}/v1/documents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/pdf' },
          body: new Uint8Array(pdf)
        }).then(async (response) => { await response.arrayBuffer(); return response.status === 202 }, () => false))
      }
      const accepted = (await Promise.all(uploads)).filter(Boolean).length
      return { accepted, startedAt, endedAt: Date.now() }
    }
  }
}

/** Deletes this run's topics, buckets and ClickHouse database. */
async function cleanUp (config: Config, env: Record<string, string>): Promise<void> {
  const admin = createKafka(config, 'it-cleanup').admin()
  await admin.connect()
  try {
    await admin.deleteGroups([config.processor.groupId, env.SLUICE_SINK_GROUP as string]).catch(() => {})
    const topics = [config.kafka.topicReceived, config.kafka.topicProcessed, config.kafka.topicDeadLetter, config.kafka.topicBucketEvents]
    const existing = new Set(await admin.listTopics())
    await admin.deleteTopics({ topics: topics.filter((topic) => existing.has(topic)) }).catch(() => {})
  } finally {
    await admin.disconnect()
  }
  const s3 = createS3Client(config)
  for (const bucket of [config.s3.inboxBucket, config.s3.resultsBucket]) {
    if (!await s3.bucketExists(bucket).catch(() => false)) continue
    const keys: string[] = []
    for await (const item of s3.listObjectsV2(bucket, '', true)) if (item.name !== undefined) keys.push(item.name)
    if (keys.length > 0) await s3.removeObjects(bucket, keys)
    await s3.removeBucket(bucket).catch(() => {})
  }
  await fetch(`${config.clickhouse.url}/`, { method: 'POST', body: `DROP DATABASE IF EXISTS ${config.clickhouse.database}` }).catch(() => {})
}

/** Blocks until Prometheus reports at least one healthy scrape of each given port. */
export async function waitForScrapes (prometheusUrl: string, ports: number[], timeoutMs = 45_000): Promise<void> {
  await waitUntil(`Prometheus scrapes of ports ${ports.join(', ')}`, async () => {
    const response = await fetch(`${prometheusUrl}/api/v1/targets?state=active`)
    const body = await response.json() as { data: { activeTargets: Array<{ scrapeUrl: string, health: string }> } }
    return ports.every((port) => body.data.activeTargets.some((target) => target.scrapeUrl.includes(`:${port}/`) && target.health === 'up'))
  }, timeoutMs)
}
