// Shared set-up for the processor's integration tests on the real local stack: uniquely named
// topics, buckets and consumer groups per run, processors started as child processes exactly
// as an operator would, and a collector that reads what they publish.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Consumer, Kafka, Producer } from 'kafkajs'
import type { Client } from 'minio'
import { loadConfig, type Config } from '../../../../lib/config/index.ts'
import type { DeadLetter, DocumentProcessed, DocumentReceived } from '../../../../lib/events/types.ts'
import { resultKey, topicObjectKey } from '../../../../lib/ingest/object-keys.ts'
import { createKafka } from '../../../../lib/kafka/client.ts'
import { provisionSluice } from '../../../../lib/provision.ts'
import type { EventCodec } from '../../../../lib/registry/codec.ts'
import { createS3Client } from '../../../../lib/s3/client.ts'
import { waitFor } from '../../../support/wait.ts'
import { repositoryRoot } from '../../../support/repository.ts'

const repository = repositoryRoot

export interface TestStack {
  runId: string
  /** Setting overrides that point a process at this run's topics, buckets and group. */
  env: Record<string, string>
  config: Config
  codec: EventCodec
  s3: Client
  kafka: Kafka
  /** Stores the bytes in the inbox bucket and publishes their DocumentReceived event. */
  submit: (bytes: Uint8Array | undefined, options?: SubmitOptions) => Promise<DocumentReceived>
  publishRaw: (key: string, value: Buffer) => Promise<void>
  collector: Collector
  readText: (bucket: string, key: string) => Promise<string | undefined>
  /** The document's result object in the results bucket, parsed, or undefined if there is none. */
  readResult: (documentId: string) => Promise<StoredResult | undefined>
  cleanup: () => Promise<void>
}

export interface StoredResult { summary: DocumentProcessed, text: string | null }

export interface SubmitOptions {
  documentId?: string
  /** Object key in the inbox bucket. */
  key?: string
  /** Kafka message key (default: the document id); equal keys share a partition. */
  messageKey?: string
}

export async function createTestStack (overrides: Record<string, string> = {}): Promise<TestStack> {
  const runId = randomBytes(4).toString('hex')
  const env: Record<string, string> = {
    SLUICE_TOPIC_RECEIVED: `it-${runId}.received`,
    SLUICE_TOPIC_PROCESSED: `it-${runId}.processed`,
    SLUICE_TOPIC_DLQ: `it-${runId}.dlq`,
    SLUICE_TOPIC_BUCKET_EVENTS: `it-${runId}.storage`,
    SLUICE_S3_INBOX_BUCKET: `it-${runId}-inbox`,
    SLUICE_S3_RESULTS_BUCKET: `it-${runId}-results`,
    SLUICE_PROCESSOR_GROUP: `it-${runId}-processor`,
    SLUICE_KAFKA_PARTITIONS: '3',
    SLUICE_METRICS_PROCESSOR_PORT: String(20_000 + Math.floor(Math.random() * 20_000)),
    // Scrape-target files of test processors stay out of the real stack's Prometheus.
    SLUICE_HOME: path.join(os.tmpdir(), `sluice-it-${runId}`),
    ...overrides
  }
  const config = loadConfig({ ...process.env, ...env })
  const codec = await provisionSluice(config)
  const s3 = createS3Client(config)
  const kafka = createKafka(config, `it-${runId}`)
  const producer: Producer = kafka.producer()
  await producer.connect()
  const collector = await startCollector(kafka, codec, config, runId)

  async function submit (bytes: Uint8Array | undefined, options: SubmitOptions = {}): Promise<DocumentReceived> {
    const documentId = options.documentId ?? randomUUID()
    const key = options.key ?? topicObjectKey(documentId)
    if (bytes !== undefined) await s3.putObject(config.s3.inboxBucket, key, Buffer.from(bytes), bytes.byteLength)
    const event: DocumentReceived = {
      documentId,
      source: 'topic',
      bucket: config.s3.inboxBucket,
      key,
      size: bytes?.byteLength ?? 0,
      sha256: '',
      contentType: 'application/pdf',
      receivedAt: Date.now(),
      metadata: {}
    }
    await producer.send({ topic: config.kafka.topicReceived, acks: -1, messages: [{ key: options.messageKey ?? documentId, value: await codec.encode('received', event) }] })
    return event
  }

  async function readText (bucket: string, key: string): Promise<string | undefined> {
    try {
      const stream = await s3.getObject(bucket, key)
      const chunks: Buffer[] = []
      for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk)
      return Buffer.concat(chunks).toString('utf8')
    } catch (error) {
      if ((error as { code?: string }).code === 'NoSuchKey') return undefined
      throw error
    }
  }

  return {
    runId,
    env,
    config,
    codec,
    s3,
    kafka,
    submit,
    publishRaw: async (key, value) => {
      await producer.send({ topic: config.kafka.topicReceived, acks: -1, messages: [{ key, value }] })
    },
    collector,
    readText,
    readResult: async (documentId) => {
      const body = await readText(config.s3.resultsBucket, resultKey(documentId))
      return body === undefined ? undefined : JSON.parse(body) as StoredResult
    },
    cleanup: async () => {
      await collector.stop()
      await producer.disconnect()
      await removeEverything(kafka, s3, config)
      await rm(env.SLUICE_HOME as string, { recursive: true, force: true })
    }
  }
}

export interface Collector {
  processed: DocumentProcessed[]
  deadLetters: DeadLetter[]
  /** Resolves when `done()` holds, checking as events arrive; rejects after `timeoutMs`. */
  waitFor: (what: string, done: () => boolean, timeoutMs: number) => Promise<void>
  stop: () => Promise<void>
}

async function startCollector (kafka: Kafka, codec: EventCodec, config: Config, runId: string): Promise<Collector> {
  const consumer: Consumer = kafka.consumer({ groupId: `it-${runId}-collector`, sessionTimeout: 10_000, heartbeatInterval: 1000 })
  const processed: DocumentProcessed[] = []
  const deadLetters: DeadLetter[] = []
  await consumer.connect()
  await consumer.subscribe({ topics: [config.kafka.topicProcessed, config.kafka.topicDeadLetter], fromBeginning: true })
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      if (message.value === null) return
      if (topic === config.kafka.topicProcessed) processed.push(await codec.decode('processed', message.value))
      else deadLetters.push(await codec.decode('deadLetter', message.value))
    }
  })
  return {
    processed,
    deadLetters,
    waitFor: async (what, done, timeoutMs) => {
      await waitFor(done, { what, timeoutMs, progress: () => `${processed.length} processed, ${deadLetters.length} dead-lettered events so far` })
    },
    stop: async () => consumer.disconnect()
  }
}

async function removeEverything (kafka: Kafka, s3: Client, config: Config): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const topics = [config.kafka.topicReceived, config.kafka.topicProcessed, config.kafka.topicDeadLetter, config.kafka.topicBucketEvents]
    await admin.deleteTopics({ topics }).catch(() => {})
  } finally {
    await admin.disconnect()
  }
  for (const bucket of [config.s3.inboxBucket, config.s3.resultsBucket]) {
    const keys: string[] = []
    for await (const item of s3.listObjectsV2(bucket, '', true) as AsyncIterable<{ name?: string }>) {
      if (item.name !== undefined) keys.push(item.name)
    }
    if (keys.length > 0) await s3.removeObjects(bucket, keys)
    await s3.removeBucket(bucket)
  }
  for (const topic of [config.kafka.topicReceived, config.kafka.topicProcessed, config.kafka.topicDeadLetter]) {
    await fetch(`${config.registry.url}/subjects/${encodeURIComponent(`${topic}-value`)}`, { method: 'DELETE' }).catch(() => {})
  }
}

export interface ProcessorChild {
  process: ChildProcess
  /** Everything the child wrote to stderr (its JSON log), for assertions and failure messages. */
  log: () => string
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
  /** Resolves once the processor has logged that it started (provisioned, pool warm, consumer running). */
  started: Promise<void>
}

export function spawnProcessor (env: Record<string, string>, args: string[] = []): ProcessorChild {
  const child = spawn(path.join(repository, 'node_modules/.bin/node'), ['bin/sluice.js', 'processor', ...args], {
    cwd: repository,
    env: { ...process.env, SLUICE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  let onStarted: () => void = () => {}
  const started = new Promise<void>((resolve) => { onStarted = resolve })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    if (stderr.includes('"processor started"')) onStarted()
  })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  return { process: child, log: () => stderr, exited, started: Promise.race([started, exited.then(() => { throw new Error(`processor exited before starting:\n${stderr}`) })]) }
}

/** Stops a child if a test left it running, so a failed test never leaks processes. */
export async function ensureStopped (child: ProcessorChild | undefined): Promise<void> {
  if (child === undefined || child.process.exitCode !== null || child.process.signalCode !== null) return
  child.process.kill('SIGKILL')
  await child.exited
}
