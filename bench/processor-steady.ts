// What one document costs the processor on a steady stream: CPU milliseconds of the processor
// process (all its threads) and the requests it sends to S3 and Kafka, per document. It runs the
// real `sluice processor` as a child process against the real local stack, on private topics,
// buckets and group, and feeds it generated documents (bench/corpus) at a fixed rate, or all at
// once with --rate 0. Readings are taken after a warm-up, so start-up costs are not counted.
// The result objects and topics of the run are deleted at the end.
//
//   npx node bench/processor-steady.ts [--docs 300] [--rate 20] [--pages 1] [--workers 2] [--json]
import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Kafka } from 'kafkajs'
import type { Client } from 'minio'
import { loadConfig, type Config } from '../lib/config/index.ts'
import type { DocumentReceived } from '../lib/events/types.ts'
import { topicObjectKey } from '../lib/ingest/object-keys.ts'
import { createKafka } from '../lib/kafka/client.ts'
import { provisionSluice } from '../lib/provision.ts'
import { createS3Client } from '../lib/s3/client.ts'
import { generateDocument } from './corpus/index.ts'
import { cpuSeconds } from './pipeline/cpu.ts'
import { parseRequestCounts, requestDelta, type RequestCount } from './pipeline/request-counts.ts'

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
    rate: { type: 'string', default: '20' },
    pages: { type: 'string', default: '1' },
    workers: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false }
  }
})
const documents = Number(values.docs)
const warmup = Number(values.warmup)
const rate = Number(values.rate)
const pageCounts = values.pages.split(',').map(Number)

const runId = randomBytes(4).toString('hex')
const env: Record<string, string> = {
  SLUICE_TOPIC_RECEIVED: `bench-${runId}.received`,
  SLUICE_TOPIC_PROCESSED: `bench-${runId}.processed`,
  SLUICE_TOPIC_DLQ: `bench-${runId}.dlq`,
  SLUICE_TOPIC_BUCKET_EVENTS: `bench-${runId}.storage`,
  SLUICE_S3_INBOX_BUCKET: `bench-${runId}-inbox`,
  SLUICE_S3_RESULTS_BUCKET: `bench-${runId}-results`,
  SLUICE_PROCESSOR_GROUP: `bench-${runId}-processor`,
  SLUICE_KAFKA_PARTITIONS: '3',
  SLUICE_PROCESSOR_WORKERS: values.workers,
  SLUICE_METRICS_PROCESSOR_PORT: String(20_000 + Math.floor(Math.random() * 20_000)),
  // Keeps this run's processor out of the real stack's Prometheus scrape targets.
  SLUICE_HOME: path.join(os.tmpdir(), `sluice-bench-${runId}`)
}
const config = loadConfig({ ...process.env, ...env })
const codec = await provisionSluice(config)
const s3 = createS3Client(config)
const kafka = createKafka(config, `bench-${runId}`)
const producer = kafka.producer()
await producer.connect()

const say = (line: string): void => { if (!values.json) process.stderr.write(`${line}\n`) }

say(`run ${runId}: generating and storing ${warmup + documents} documents (${values.pages} pages)...`)
const events: DocumentReceived[] = []
for (let index = 0; index < warmup + documents; index++) {
  const generated = await generateDocument({ seed: 'processor-steady', pageCounts }, index)
  const documentId = randomUUID()
  const key = topicObjectKey(documentId)
  await s3.putObject(config.s3.inboxBucket, key, Buffer.from(generated.bytes), generated.bytes.byteLength)
  events.push({ documentId, source: 'topic', bucket: config.s3.inboxBucket, key, size: generated.bytes.byteLength, sha256: '', contentType: 'application/pdf', receivedAt: 0, metadata: {} })
}

const outcomes = new Set<string>()
/** Milliseconds from each measured event's receivedAt to its outcome's append to the processed topic. */
const latencies: number[] = []
let measuring = false
const collector = kafka.consumer({ groupId: `bench-${runId}-collector` })
await collector.connect()
await collector.subscribe({ topics: [config.kafka.topicProcessed], fromBeginning: true })
await collector.run({
  eachMessage: async ({ message }) => {
    if (message.key === null || message.value === null) return
    const documentId = message.key.toString()
    if (measuring && !outcomes.has(documentId)) latencies.push(Number(message.timestamp) - (await codec.decode('processed', message.value)).receivedAt)
    outcomes.add(documentId)
  }
})

const child = spawn(path.join(repository, 'node_modules/.bin/node'), ['bin/sluice.js', 'processor'], {
  cwd: repository,
  env: { ...process.env, SLUICE_LOG_LEVEL: 'warn', ...env },
  stdio: ['ignore', 'ignore', 'inherit']
})
const pid = child.pid as number
const metricsPort = Number(env.SLUICE_METRICS_PROCESSOR_PORT)

try {
  await waitUntil('the processor to serve /metrics', async () => (await processorRequests(metricsPort)) !== undefined, 120_000)
  say('warming up...')
  await send(events.slice(0, warmup))
  await waitUntil('the warm-up documents', () => outcomes.size >= warmup, 300_000)
  const requestsBefore = await processorRequests(metricsPort) ?? []
  const cpuBefore = await cpuSeconds(pid) ?? Number.NaN
  const started = performance.now()
  measuring = true
  say(`measuring ${documents} documents at ${rate === 0 ? 'once' : `${rate}/s`}...`)
  await send(events.slice(warmup))
  await waitUntil('every measured document', () => outcomes.size >= warmup + documents, 600_000)
  const seconds = (performance.now() - started) / 1000
  const cpu = (await cpuSeconds(pid) ?? Number.NaN) - cpuBefore
  const requests = requestDelta(requestsBefore, await processorRequests(metricsPort) ?? [])
  const perDocument = (count: number): number => Number((count / documents).toFixed(3))
  const report = {
    runId,
    documents,
    pages: values.pages,
    rate,
    workers: Number(values.workers),
    seconds: Number(seconds.toFixed(1)),
    docsPerSecond: Number((documents / seconds).toFixed(1)),
    latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) },
    cpuMsPerDocument: Number((cpu * 1000 / documents).toFixed(2)),
    s3PerDocument: perDocument(total(requests, 's3')),
    kafkaProducePerDocument: perDocument(total(requests, 'kafka', 'Produce')),
    kafkaPerDocument: perDocument(total(requests, 'kafka')),
    requests: requests.map((entry) => ({ system: entry.system, operation: entry.operation, perDocument: perDocument(entry.count) }))
  }
  if (values.json) process.stdout.write(JSON.stringify(report) + '\n')
  else {
    say(`${documents} documents in ${report.seconds} s (${report.docsPerSecond}/s), processor CPU ${report.cpuMsPerDocument} ms per document`)
    say(`received to processed event appended: p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms`)
    say(`requests per document: S3 ${report.s3PerDocument}, Kafka ${report.kafkaPerDocument} (Produce ${report.kafkaProducePerDocument})`)
    for (const entry of report.requests) say(`  ${entry.system} ${entry.operation}: ${entry.perDocument}`)
  }
} finally {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
  await collector.disconnect()
  await producer.disconnect()
  await removeRun(kafka, s3, config)
  await rm(env.SLUICE_HOME as string, { recursive: true, force: true })
}

/** Publishes the events at the configured rate (all in one go when it is 0). */
async function send (batch: DocumentReceived[]): Promise<void> {
  const interval = rate === 0 ? 0 : 1000 / rate
  const start = performance.now()
  for (const [index, event] of batch.entries()) {
    if (interval > 0) {
      const due = start + index * interval - performance.now()
      if (due > 0) await sleep(due)
    }
    const value = await codec.encode('received', { ...event, receivedAt: Date.now() })
    await producer.send({ topic: config.kafka.topicReceived, acks: -1, messages: [{ key: event.documentId, value }] })
  }
}

async function processorRequests (port: number): Promise<RequestCount[] | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(3000) })
    return response.ok ? parseRequestCounts(await response.text()) : undefined
  } catch {
    return undefined
  }
}

function percentile (values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
}

function total (requests: RequestCount[], system: string, operation?: string): number {
  return requests.filter((entry) => entry.system === system && (operation === undefined || entry.operation === operation)).reduce((sum, entry) => sum + entry.count, 0)
}

async function waitUntil (what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!await condition()) {
    if (child.exitCode !== null) throw new Error(`the processor exited (${child.exitCode}) while waiting for ${what}`)
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${outcomes.size} outcomes so far)`)
    await sleep(100)
  }
}

async function removeRun (client: Kafka, store: Client, settings: Config): Promise<void> {
  const admin = client.admin()
  await admin.connect()
  await admin.deleteTopics({ topics: [settings.kafka.topicReceived, settings.kafka.topicProcessed, settings.kafka.topicDeadLetter, settings.kafka.topicBucketEvents] }).catch(() => {})
  await admin.disconnect()
  for (const bucket of [settings.s3.inboxBucket, settings.s3.resultsBucket]) {
    const keys: string[] = []
    for await (const item of store.listObjectsV2(bucket, '', true) as AsyncIterable<{ name?: string }>) if (item.name !== undefined) keys.push(item.name)
    if (keys.length > 0) await store.removeObjects(bucket, keys)
    await store.removeBucket(bucket)
  }
  for (const topic of [settings.kafka.topicReceived, settings.kafka.topicProcessed, settings.kafka.topicDeadLetter]) {
    await fetch(`${settings.registry.url}/subjects/${encodeURIComponent(`${topic}-value`)}`, { method: 'DELETE' }).catch(() => {})
  }
}
