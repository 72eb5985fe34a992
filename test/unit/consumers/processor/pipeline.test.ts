// The journey of one message through the processor's pipeline, with in-memory stand-ins for the
// object store, the producer, the schema registry and the worker pool (the real ones are in the
// integration tests): every message ends as exactly one processed event, failed event or dead
// letter; outages are retried or dead-lettered, never turned into failed documents; shutdown
// leaves the message uncommitted.
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { test } from 'node:test'
import type { KafkaMessage, Producer } from 'kafkajs'
import type { Client } from 'minio'
import { createProcessorMetrics } from '../../../../consumers/processor/metrics.ts'
import { OutcomePublisher } from '../../../../consumers/processor/outcome-publisher.ts'
import { handleMessage, type PipelineContext } from '../../../../consumers/processor/pipeline.ts'
import { Abandoned } from '../../../../consumers/processor/retry.ts'
import type { ExtractionPool, RedactedDocument } from '../../../../lib/extraction/pool.ts'
import { loadConfig } from '../../../../lib/config/index.ts'
import { SluiceError } from '../../../../lib/errors.ts'
import type { DeadLetter, DocumentProcessed, DocumentReceived } from '../../../../lib/events/types.ts'
import { topicObjectKey } from '../../../../lib/ingest/object-keys.ts'
import { createLogger } from '../../../../lib/log.ts'
import { createMetricsRegistry } from '../../../../lib/metrics/server.ts'
import { callerStrings } from '../../../../lib/privacy/caller-strings.ts'
import { createRedactor } from '../../../../lib/redaction/index.ts'
import type { EventCodec } from '../../../../lib/registry/codec.ts'
import { sampleValue } from '../../../support/prometheus-text.ts'

const pdfBytes = Buffer.from('%PDF-1.7\nstand-in document bytes\n')
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' })

/** Encodes payloads as an index into what it has seen, so a test can read back exactly what was published. */
function fakeCodec (): EventCodec & { payloadOf: (value: Buffer) => unknown } {
  const payloads: Array<{ kind: string, payload: unknown }> = []
  const lookup = (value: Buffer): { kind: string, payload: unknown } | undefined => payloads[Number(/^sluice-event:(\d+)$/.exec(value.toString())?.[1] ?? -1)]
  return {
    encode: async (kind, payload) => Buffer.from(`sluice-event:${payloads.push({ kind, payload }) - 1}`),
    decode: async (kind, value) => {
      const entry = lookup(value)
      if (entry === undefined) throw new Error('unknown magic byte')
      if (entry.kind !== kind) throw new Error(`a ${entry.kind} event, not ${kind}`)
      return entry.payload as never
    },
    schemaId: () => 1,
    payloadOf: (value) => lookup(value)?.payload
  }
}

interface Harness {
  context: PipelineContext
  codec: ReturnType<typeof fakeCodec>
  objects: Map<string, Buffer>
  sent: Array<{ topic: string, key: string, value: Buffer }>
  /** Produce requests, one per send. */
  requests: Array<{ topic: string, messages: number }>
  poolInputs: Uint8Array[]
  /** Every S3 call fails with this error while set. */
  s3Outage: { error: unknown, remaining: number }
  metricsText: () => Promise<string>
}

function harness (options: { pool?: (data: Uint8Array) => Promise<RedactedDocument>, outageLimit?: string } = {}): Harness {
  const config = loadConfig({ SLUICE_PROCESSOR_OUTAGE_LIMIT: options.outageLimit ?? '15m', SLUICE_LOG_LEVEL: 'silent' })
  const objects = new Map<string, Buffer>()
  const sent: Harness['sent'] = []
  const requests: Harness['requests'] = []
  const poolInputs: Uint8Array[] = []
  const s3Outage = { error: undefined as unknown, remaining: 0 }
  const failIfDown = (): void => {
    if (s3Outage.remaining <= 0) return
    s3Outage.remaining--
    throw s3Outage.error
  }
  const s3 = {
    getObject: async (bucket: string, key: string) => {
      failIfDown()
      const body = objects.get(`${bucket}/${key}`)
      if (body === undefined) throw Object.assign(new Error('The specified key does not exist.'), { code: 'NoSuchKey' })
      return Readable.from([body])
    },
    putObject: async (bucket: string, key: string, body: Buffer) => {
      failIfDown()
      objects.set(`${bucket}/${key}`, body)
      return { etag: 'etag', versionId: null }
    },
    statObject: async (bucket: string, key: string) => {
      failIfDown()
      const body = objects.get(`${bucket}/${key}`)
      if (body === undefined) throw Object.assign(new Error('Not Found'), { code: 'NotFound' })
      return { size: body.length, etag: 'etag' }
    }
  } as unknown as Client
  const producer = {
    send: async ({ topic, messages }: { topic: string, messages: Array<{ key: string, value: Buffer }> }) => {
      requests.push({ topic, messages: messages.length })
      for (const message of messages) sent.push({ topic, key: message.key, value: message.value })
      return []
    }
  } as unknown as Producer
  const pool = {
    extractAndRedact: async (data: Uint8Array) => {
      poolInputs.push(new Uint8Array(data))
      if (options.pool !== undefined) return await options.pool(data)
      return { pages: 2, chars: 40, redactedText: 'Mail [EMAIL_ADDRESS]\fCall [PHONE_NUMBER]', piiCounts: { EMAIL_ADDRESS: 1, PHONE_NUMBER: 1 }, extractMs: 12, redactMs: 3 } satisfies RedactedDocument
    },
    threads: 1,
    busy: 0,
    waiting: 0
  } as unknown as ExtractionPool
  const registry = createMetricsRegistry('processor')
  const codec = fakeCodec()
  return {
    context: { config, s3, producer, outcomes: new OutcomePublisher({ producer, topic: config.kafka.topicProcessed, lingerMs: 20, maxBatch: 4 }), codec, pool, metrics: createProcessorMetrics(registry, pool), log: createLogger('pipeline-test', 'silent'), host: 'test-host:1', callerStrings: callerStrings(createRedactor(), 'test-key') },
    codec,
    objects,
    sent,
    requests,
    poolInputs,
    s3Outage,
    metricsText: async () => await registry.metrics()
  }
}

function receivedEvent (h: Harness, documentId: string, key = topicObjectKey(documentId)): DocumentReceived {
  return { documentId, source: 'topic', bucket: h.context.config.s3.inboxBucket, key, size: pdfBytes.byteLength, sha256: '', contentType: 'application/pdf', receivedAt: Date.now() - 50, metadata: {} }
}

async function messageOf (h: Harness, event: DocumentReceived, offset = '7'): Promise<KafkaMessage> {
  return { key: Buffer.from(event.documentId), value: await h.codec.encode('received', event), offset, timestamp: String(Date.now()), attributes: 0, headers: {} } as KafkaMessage
}

const running = new AbortController().signal
const topic = 'documents.received'

function published (h: Harness, kind: 'processed' | 'dlq'): Array<DocumentProcessed | DeadLetter> {
  const wanted = kind === 'processed' ? h.context.config.kafka.topicProcessed : h.context.config.kafka.topicDeadLetter
  return h.sent.filter((message) => message.topic === wanted).map((message) => h.codec.payloadOf(message.value) as DocumentProcessed | DeadLetter)
}

test('a good document is fetched, handed to the pool, stored with its summary in one object and published once', async () => {
  const h = harness()
  const event = receivedEvent(h, 'doc-good')
  h.objects.set(`${event.bucket}/${event.key}`, pdfBytes)
  assert.equal(await handleMessage(h.context, topic, 2, await messageOf(h, event), running), 'processed')

  assert.deepEqual(h.poolInputs, [new Uint8Array(pdfBytes)], 'the pool got the stored bytes')
  const [processed, ...others] = published(h, 'processed') as DocumentProcessed[]
  assert.equal(others.length, 0)
  assert.deepEqual(published(h, 'dlq'), [])
  assert.equal(h.sent[0]?.key, 'doc-good', 'keyed by document id')
  assert.ok(processed !== undefined)
  assert.equal(processed.status, 'processed')
  assert.equal(processed.failureReason, null)
  assert.deepEqual([processed.pages, processed.chars, processed.piiCounts], [2, 40, { EMAIL_ADDRESS: 1, PHONE_NUMBER: 1 }])
  assert.deepEqual([processed.partition, processed.offset, processed.attempt, processed.host], [2, 7, 1, 'test-host:1'])
  assert.deepEqual([processed.timings.extractMs, processed.timings.redactMs], [12, 3])
  const results = h.context.config.s3.resultsBucket
  assert.equal(processed.resultKey, 'documents/doc-good/result.json')
  assert.deepEqual([...h.objects.keys()].filter((key) => key.startsWith(`${results}/`)), [`${results}/documents/doc-good/result.json`], 'one result object')
  const stored = JSON.parse(h.objects.get(`${results}/documents/doc-good/result.json`)?.toString() ?? 'null') as { summary: DocumentProcessed, text: string }
  assert.equal(stored.text, 'Mail [EMAIL_ADDRESS]\fCall [PHONE_NUMBER]')
  // The summary was written before its own store ended; the event adds the store's time.
  assert.equal(stored.summary.timings.storeMs, 0)
  assert.ok(stored.summary.completedAt <= processed.completedAt)
  assert.deepEqual({ ...stored.summary, completedAt: processed.completedAt, timings: { ...processed.timings } }, JSON.parse(JSON.stringify(processed)))
  assert.deepEqual({ ...stored.summary.timings, storeMs: processed.timings.storeMs, totalMs: processed.timings.totalMs }, processed.timings)

  const metrics = await h.metricsText()
  assert.equal(sampleValue(metrics, 'sluice_processor_documents_total', { door: 'topic', status: 'processed', reason: 'none' }), 1)
  assert.equal(sampleValue(metrics, 'sluice_processor_pages_total', {}), 2)
  assert.equal(sampleValue(metrics, 'sluice_processor_stage_duration_seconds_count', { stage: 'publish' }), 1)
  assert.equal(sampleValue(metrics, 'sluice_processor_in_flight_documents', {}), 0)
})

test('a document the pool refuses ends failed with its reason: a result object with a summary and no text', async () => {
  const h = harness({ pool: async () => { throw new SluiceError('ENCRYPTED', 'The document is encrypted.') } })
  const event = receivedEvent(h, 'doc-encrypted')
  h.objects.set(`${event.bucket}/${event.key}`, pdfBytes)
  assert.equal(await handleMessage(h.context, topic, 0, await messageOf(h, event), running), 'failed')
  const [processed] = published(h, 'processed') as DocumentProcessed[]
  assert.deepEqual([processed?.status, processed?.failureReason, processed?.failureMessage, processed?.resultKey], ['failed', 'encrypted', 'The document is encrypted.', null])
  const results = h.context.config.s3.resultsBucket
  const stored = JSON.parse(h.objects.get(`${results}/documents/doc-encrypted/result.json`)?.toString() ?? 'null')
  assert.deepEqual([stored?.summary?.failureReason, stored?.text], ['encrypted', null])
  assert.equal(sampleValue(await h.metricsText(), 'sluice_processor_documents_total', { door: 'topic', status: 'failed', reason: 'encrypted' }), 1)
})

test('a missing object and bytes that are not a PDF fail without reaching the pool', async () => {
  const h = harness()
  const missing = receivedEvent(h, 'doc-missing')
  const notPdf = receivedEvent(h, 'doc-text')
  h.objects.set(`${notPdf.bucket}/${notPdf.key}`, Buffer.from('Dear customer, a plain letter.'))
  assert.equal(await handleMessage(h.context, topic, 0, await messageOf(h, missing), running), 'failed')
  assert.equal(await handleMessage(h.context, topic, 0, await messageOf(h, notPdf, '8'), running), 'failed')
  assert.deepEqual(published(h, 'processed').map((event) => (event as DocumentProcessed).failureReason), ['missing_object', 'not_pdf'])
  assert.deepEqual(h.poolInputs, [])
})

test('a message that is not a Sluice event is dead-lettered with its original bytes', async () => {
  const h = harness()
  const message = { key: Buffer.from('k'), value: Buffer.from('{"not":"avro"}'), offset: '42', timestamp: '0', attributes: 0, headers: {} } as KafkaMessage
  assert.equal(await handleMessage(h.context, topic, 1, message, running), 'dead_lettered')
  assert.deepEqual(published(h, 'processed'), [])
  const [letter] = published(h, 'dlq') as DeadLetter[]
  assert.deepEqual([letter?.errorCode, letter?.documentId, letter?.sourceTopic, letter?.sourcePartition, letter?.sourceOffset], ['undecodable', null, topic, 1, 42])
  assert.deepEqual(letter?.originalValue, message.value)
  assert.equal(sampleValue(await h.metricsText(), 'sluice_processor_dead_letters_total', { code: 'undecodable' }), 1)
})

test('an external event whose documentId holds personal data is dead-lettered without the id, before anything is written', async () => {
  const h = harness()
  const event = receivedEvent(h, 'jane.roe@example.org', 'topic/a.pdf')
  h.objects.set(`${event.bucket}/${event.key}`, pdfBytes)
  assert.equal(await handleMessage(h.context, topic, 0, await messageOf(h, event), running), 'dead_lettered')
  assert.deepEqual(published(h, 'processed'), [])
  const [letter] = published(h, 'dlq') as DeadLetter[]
  assert.deepEqual([letter?.errorCode, letter?.documentId], ['invalid_event', null])
  assert.ok(!letter?.errorMessage.includes('jane.roe'), letter?.errorMessage)
  assert.deepEqual([...h.objects.keys()].filter((key) => key.startsWith(`${h.context.config.s3.resultsBucket}/`)), [], 'no result object')
  assert.deepEqual(h.poolInputs, [])
  // Ids without personal data keep working whatever their shape.
  const plain = receivedEvent(h, 'order-17')
  h.objects.set(`${plain.bucket}/${plain.key}`, pdfBytes)
  assert.equal(await handleMessage(h.context, topic, 0, await messageOf(h, plain, '8'), running), 'processed')
})

test('a short object-store outage is retried: the document is processed and its event counts the attempts', async () => {
  const h = harness()
  const event = receivedEvent(h, 'doc-retried')
  h.objects.set(`${event.bucket}/${event.key}`, pdfBytes)
  Object.assign(h.s3Outage, { error: refused, remaining: 1 })
  assert.equal(await handleMessage(h.context, topic, 0, await messageOf(h, event), running), 'processed')
  const [processed] = published(h, 'processed') as DocumentProcessed[]
  assert.equal(processed?.attempt, 2)
  assert.equal(sampleValue(await h.metricsText(), 'sluice_processor_retries_total', { stage: 'fetch' }), 1)
})

test('an outage that outlasts the outage limit dead-letters the event, never a failed document', async () => {
  const h = harness({ outageLimit: '1s' })
  const event = receivedEvent(h, 'doc-outage')
  h.objects.set(`${event.bucket}/${event.key}`, pdfBytes)
  Object.assign(h.s3Outage, { error: refused, remaining: Number.POSITIVE_INFINITY })
  assert.equal(await handleMessage(h.context, topic, 0, await messageOf(h, event), running), 'dead_lettered')
  assert.deepEqual(published(h, 'processed'), [], 'an outage is not the document\'s fault')
  const [letter] = published(h, 'dlq') as DeadLetter[]
  assert.deepEqual([letter?.errorCode, letter?.documentId], ['outage_limit', 'doc-outage'])
  assert.ok((letter?.attempts ?? 0) >= 2, `attempts ${letter?.attempts}`)
  assert.ok((letter?.lastFailureAt ?? 0) - (letter?.firstFailureAt ?? Infinity) >= 1000, 'dead-lettered only after the outage limit')
})

test('shutdown during an outage abandons the message: nothing published, the offset stays uncommitted', async () => {
  const h = harness()
  const event = receivedEvent(h, 'doc-abandoned')
  Object.assign(h.s3Outage, { error: refused, remaining: Number.POSITIVE_INFINITY })
  const shutdown = new AbortController()
  shutdown.abort()
  await assert.rejects(handleMessage(h.context, topic, 0, await messageOf(h, event), shutdown.signal), (error) => error instanceof Abandoned)
  assert.deepEqual(h.sent, [])
  assert.equal(sampleValue(await h.metricsText(), 'sluice_processor_in_flight_documents', {}), 0)
})

test('a non-transient storage error that is not the document\'s fault is dead-lettered as internal', async () => {
  const h = harness()
  const event = receivedEvent(h, 'doc-denied')
  h.objects.set(`${event.bucket}/${event.key}`, pdfBytes)
  const denied = Object.assign(new Error('Access Denied.'), { code: 'AccessDenied' })
  const s3 = h.context.s3 as unknown as { putObject: (...args: unknown[]) => Promise<unknown> }
  s3.putObject = async () => { throw denied }
  assert.equal(await handleMessage(h.context, topic, 0, await messageOf(h, event), running), 'dead_lettered')
  const [letter] = published(h, 'dlq') as DeadLetter[]
  assert.deepEqual([letter?.errorCode, letter?.documentId, letter?.errorMessage], ['internal', 'doc-denied', 'Access Denied.'])
  assert.deepEqual(published(h, 'processed'), [])
})

test('documents processed together share one produce request, and each waits for its own acknowledgement', async () => {
  // The pool answers once all three documents are in it, so they are processed at the same time.
  let arrived = 0
  let allIn: () => void = () => {}
  const together = new Promise<void>((resolve) => { allIn = resolve })
  const h = harness({
    pool: async () => {
      if (++arrived === 3) allIn()
      await together
      return { pages: 1, chars: 10, redactedText: 'text', piiCounts: {}, extractMs: 1, redactMs: 1 }
    }
  })
  const events = ['doc-a', 'doc-b', 'doc-c'].map((id) => receivedEvent(h, id))
  for (const event of events) h.objects.set(`${event.bucket}/${event.key}`, pdfBytes)
  const outcomes = await Promise.all(events.map(async (event, index) => handleMessage(h.context, topic, 0, await messageOf(h, event, String(index)), running)))
  assert.deepEqual(outcomes, ['processed', 'processed', 'processed'])
  assert.deepEqual(h.requests, [{ topic: h.context.config.kafka.topicProcessed, messages: 3 }])
  assert.deepEqual((published(h, 'processed') as DocumentProcessed[]).map((event) => event.documentId).sort(), ['doc-a', 'doc-b', 'doc-c'])
})

test('the admission slot is given back once the result is stored, before the outcome is acknowledged', async () => {
  const h = harness()
  const event = receivedEvent(h, 'doc-slot')
  h.objects.set(`${event.bucket}/${event.key}`, pdfBytes)
  let sentWhenReleased: number | undefined
  const outcome = await handleMessage(h.context, topic, 0, await messageOf(h, event), running, () => { sentWhenReleased ??= h.requests.length })
  assert.equal(outcome, 'processed')
  assert.ok(h.objects.has(`${h.context.config.s3.resultsBucket}/documents/doc-slot/result.json`))
  assert.equal(sentWhenReleased, 0, 'released before the produce request')
  assert.equal(h.requests.length, 1)
})

test('a document that fails before its result is stored keeps its admission slot until it ends', async () => {
  const h = harness()
  const event = receivedEvent(h, 'doc-kept')
  h.objects.set(`${event.bucket}/${event.key}`, pdfBytes)
  const s3 = h.context.s3 as unknown as { putObject: (...args: unknown[]) => Promise<unknown> }
  s3.putObject = async () => { throw Object.assign(new Error('Access Denied.'), { code: 'AccessDenied' }) }
  let released = false
  assert.equal(await handleMessage(h.context, topic, 0, await messageOf(h, event), running, () => { released = true }), 'dead_lettered')
  assert.equal(released, false)
})
