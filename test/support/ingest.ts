// Shared helpers for the ingestion integration tests: a config with unique topic, bucket and
// group names per run (the real stack is shared), tiny real PDFs, a reader of the received
// topic, and clean-up of everything a run created.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import type { Client } from 'minio'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { loadConfig, type Config } from '../../lib/config/index.ts'
import type { DocumentReceived } from '../../lib/events/types.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { createEventCodec, subjectFor, type EventCodec } from '../../lib/registry/codec.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { listObjects } from '../../lib/s3/list-objects.ts'
import { waitFor } from './wait.ts'

export function uniqueSuffix (): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`
}

/** Config for one test run: its own topics, buckets and consumer group on the shared stack. */
export function ingestTestConfig (overrides: Record<string, string> = {}): Config {
  return loadConfig(ingestTestEnv(overrides))
}

/** The environment behind ingestTestConfig, for tests that run the `sluice` CLI as a child process. */
export function ingestTestEnv (overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const suffix = uniqueSuffix()
  return {
    ...process.env,
    SLUICE_TOPIC_RECEIVED: `it-received-${suffix}`,
    SLUICE_TOPIC_PROCESSED: `it-processed-${suffix}`,
    SLUICE_TOPIC_DLQ: `it-dlq-${suffix}`,
    SLUICE_S3_INBOX_BUCKET: `it-inbox-${suffix}`,
    SLUICE_S3_RESULTS_BUCKET: `it-results-${suffix}`,
    SLUICE_KAFKA_PARTITIONS: '2',
    SLUICE_BRIDGE_GROUP: `it-bridge-${suffix}`,
    SLUICE_API_KEYS: 'it-key-one,it-key-two',
    SLUICE_LOG_LEVEL: process.env.SLUICE_LOG_LEVEL ?? 'error',
    ...overrides
  }
}

/**
 * The environment for running the whole pipeline (`sluice up`, `sluice demo`) as child processes:
 * on top of ingestTestEnv's topics and buckets, its own consumer groups, ClickHouse database and
 * free ports, so it runs beside anything else on the machine.
 */
export async function pipelineTestEnv (name: string): Promise<NodeJS.ProcessEnv> {
  const suffix = uniqueSuffix().replace(/-/g, '_')
  return ingestTestEnv({
    SLUICE_PROCESSOR_GROUP: `it-${name}-processor-${suffix}`,
    SLUICE_SINK_GROUP: `it-${name}-sink-${suffix}`,
    SLUICE_CLICKHOUSE_DATABASE: `it_${name}_${suffix}`,
    SLUICE_API_PORT: String(await freePort()),
    SLUICE_METRICS_BRIDGE_PORT: String(await freePort()),
    SLUICE_METRICS_PROCESSOR_PORT: String(await freePort()),
    SLUICE_METRICS_SINK_PORT: String(await freePort()),
    SLUICE_LOG_LEVEL: 'info'
  })
}

export async function onePagePdf (text = 'Sluice test document'): Promise<Buffer> {
  const document = await PDFDocument.create()
  const page = document.addPage([300, 200])
  page.drawText(text, { x: 20, y: 100, size: 12, font: await document.embedFont(StandardFonts.Helvetica) })
  return Buffer.from(await document.save())
}

export async function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
}

export interface ReceivedReader {
  codec: EventCodec
  /** Waits until at least `count` events arrived (or the timeout passed) and returns all so far. */
  waitFor: (count: number, timeoutMs?: number) => Promise<Array<{ key: string, schemaId: number, event: DocumentReceived }>>
  /** Everything read so far. */
  all: () => Array<{ key: string, schemaId: number, event: DocumentReceived }>
  /**
   * Resolves once everything in the topic at the time of the call has been read: the positive
   * signal behind "no (further) event was published", instead of waiting a while and looking.
   */
  caughtUp: (timeoutMs?: number) => Promise<void>
  close: () => Promise<void>
}

/** Reads the run's received topic from the beginning with its own consumer group. */
export async function readReceived (config: Config): Promise<ReceivedReader> {
  const codec = await createEventCodec(config)
  const consumer = createKafka(config, 'it-reader').consumer({ groupId: `it-reader-${uniqueSuffix()}` })
  const events: Array<{ key: string, schemaId: number, event: DocumentReceived }> = []
  /** Next offset to read, by partition. */
  const positions = new Map<number, number>()
  await consumer.connect()
  await consumer.subscribe({ topic: config.kafka.topicReceived, fromBeginning: true })
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const value = message.value as Buffer
      events.push({ key: message.key?.toString() ?? '', schemaId: value.readInt32BE(1), event: await codec.decode('received', value) })
      positions.set(partition, Number(message.offset) + 1)
    }
  })
  const admin = createKafka(config, 'it-reader-admin').admin()
  await admin.connect()
  return {
    codec,
    all: () => [...events],
    waitFor: async (count, timeoutMs = 20_000) => {
      await waitFor(() => events.length >= count, { what: `${count} received events`, timeoutMs }).catch(() => {})
      return [...events]
    },
    caughtUp: async (timeoutMs = 20_000) => {
      const ends = await admin.fetchTopicOffsets(config.kafka.topicReceived)
      await waitFor(() => ends.every((end) => (positions.get(end.partition) ?? 0) >= Number(end.high)), {
        what: `the reader to reach the end of ${config.kafka.topicReceived}`,
        timeoutMs,
        progress: () => `read up to ${JSON.stringify(Object.fromEntries(positions))}, ends ${JSON.stringify(ends.map((end) => end.high))}`
      })
    },
    close: async () => {
      await admin.disconnect()
      await consumer.disconnect()
    }
  }
}

export async function listKeys (s3: Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = []
  for await (const item of listObjects(s3, bucket, prefix)) keys.push(item.key)
  return keys.sort()
}

/**
 * Deletes the run's topics, buckets (with their objects) and schema subjects. Tests that ran on
 * a private broker or S3 server skip that part: it went away with the server.
 */
export async function removeTestResources (config: Config, parts: { kafka?: boolean, s3?: boolean } = {}): Promise<void> {
  if (parts.kafka !== false) {
    const admin = createKafka(config, 'it-cleanup').admin()
    await admin.connect()
    const topics = [config.kafka.topicReceived, config.kafka.topicProcessed, config.kafka.topicDeadLetter]
    // The shared storage.events topic stays; a run's own bucket-events topic goes.
    if (config.kafka.topicBucketEvents.startsWith('it-')) topics.push(config.kafka.topicBucketEvents)
    const existing = new Set(await admin.listTopics())
    await admin.deleteTopics({ topics: topics.filter((topic) => existing.has(topic)) }).catch(() => {})
    await admin.disconnect()
  }
  const s3 = createS3Client(config)
  for (const bucket of parts.s3 === false ? [] : [config.s3.inboxBucket, config.s3.resultsBucket]) {
    if (!await s3.bucketExists(bucket).catch(() => false)) continue
    await s3.removeObjects(bucket, await listKeys(s3, bucket))
    await s3.removeBucket(bucket).catch(() => {})
  }
  for (const kind of ['received', 'processed', 'deadLetter'] as const) {
    const subject = encodeURIComponent(subjectFor(config, kind))
    await fetch(`${config.registry.url}/subjects/${subject}`, { method: 'DELETE' }).catch(() => {})
    await fetch(`${config.registry.url}/subjects/${subject}?permanent=true`, { method: 'DELETE' }).catch(() => {})
  }
}
