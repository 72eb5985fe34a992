// The API when Kafka or the object store really stops (private servers, killed mid-test):
// 503 with a code naming the service, nothing accepted, no orphaned object, readiness fails;
// and a 503 stays a refusal even when Kafka appends the unacknowledged event later.
import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadConfig, type Config } from '../../../../lib/config/index.ts'
import type { DeadLetter, DocumentProcessed, DocumentReceived } from '../../../../lib/events/types.ts'
import { createKafka } from '../../../../lib/kafka/client.ts'
import { createEventCodec } from '../../../../lib/registry/codec.ts'
import { createS3Client } from '../../../../lib/s3/client.ts'
import { resultKey } from '../../../../lib/ingest/object-keys.ts'
import { processorOptions } from '../../../../consumers/processor/options.ts'
import { startProcessor } from '../../../../consumers/processor/service.ts'
import { idempotencyScope } from '../../../../producers/api/idempotency.ts'
import { apiOptions } from '../../../../producers/api/options.ts'
import { startApi } from '../../../../producers/api/service.ts'
import { freePort, ingestTestConfig, listKeys, onePagePdf, readReceived, removeTestResources, uniqueSuffix } from '../../../support/ingest.ts'
import { sampleValue } from '../../../support/prometheus-text.ts'
import { startPrivateKafka, startPrivateS3 } from '../../../support/private-services.ts'
import { waitFor } from '../../../support/wait.ts'

const auth = { authorization: 'Bearer it-key-one', 'content-type': 'application/pdf' }

async function upload (url: string, pdf: Buffer): Promise<{ status: number, json: any, seconds: number }> {
  const started = performance.now()
  const response = await fetch(`${url}/v1/documents`, { method: 'POST', body: new Uint8Array(pdf), headers: auth })
  return { status: response.status, json: await response.json(), seconds: (performance.now() - started) / 1000 }
}

test('Kafka stopped: 503 KAFKA_UNAVAILABLE, the stored object is removed, readiness fails', async () => {
  const kafka = await startPrivateKafka(loadConfig())
  const config = ingestTestConfig({ SLUICE_KAFKA_BROKERS: kafka.address, SLUICE_INGEST_ACK_TIMEOUT: '4s' })
  const pdf = await onePagePdf('outage')
  const api = await startApi(apiOptions(config, { port: 0 }))
  try {
    const first = await upload(api.url, pdf)
    assert.equal(first.status, 202)
    await kafka.stop()
    const refused = await upload(api.url, pdf)
    assert.equal(refused.status, 503, JSON.stringify(refused.json))
    assert.equal(refused.json.error.code, 'KAFKA_UNAVAILABLE')
    assert.ok(refused.seconds < config.ingest.ackTimeoutMs / 1000 + 5, `answered within bounded time (${refused.seconds.toFixed(1)} s)`)
    const keys = await listKeys(createS3Client(config), config.s3.inboxBucket, 'api/')
    assert.deepEqual(keys, [`api/${first.json.documents[0].documentId as string}.pdf`], 'no orphan of the refused upload')
    const ready = await fetch(`${api.url}/readyz`)
    assert.equal(ready.status, 503)
    const checks = (await ready.json()).checks
    assert.equal(checks.kafka.ok, false)
    assert.equal(checks.s3.ok, true)
  } finally {
    await api.stop()
    await kafka.dispose()
    await removeTestResources(config, { kafka: false })
  }
})

test('object store stopped: 503 STORAGE_UNAVAILABLE and no event published', async () => {
  const s3Server = await startPrivateS3(loadConfig())
  const config = ingestTestConfig({ SLUICE_S3_ENDPOINT: s3Server.address })
  const pdf = await onePagePdf('outage')
  const api = await startApi(apiOptions(config, { port: 0 }))
  const reader = await readReceived(config)
  try {
    assert.equal((await upload(api.url, pdf)).status, 202)
    await s3Server.stop()
    const refused = await upload(api.url, pdf)
    assert.equal(refused.status, 503, JSON.stringify(refused.json))
    assert.equal(refused.json.error.code, 'STORAGE_UNAVAILABLE')
    await reader.caughtUp()
    assert.equal(reader.all().length, 1, 'only the accepted upload has an event')
    const ready = await fetch(`${api.url}/readyz`)
    assert.equal(ready.status, 503)
    assert.equal((await ready.json()).checks.s3.ok, false)
  } finally {
    await reader.close()
    await api.stop()
    await s3Server.dispose()
    await removeTestResources(config, { s3: false })
  }
})

interface Answer { documentId: string, status: number, code?: string }

/** Uploads under an Idempotency-Key, so the document id is known even when the answer is a 503. */
async function keyedUpload (url: string, pdf: Buffer, idempotencyKey: string): Promise<Answer> {
  const response = await fetch(`${url}/v1/documents`, { method: 'POST', body: new Uint8Array(pdf), headers: { ...auth, 'idempotency-key': idempotencyKey } })
  const json = await response.json() as { error?: { code: string } }
  const keyHash = createHash('sha256').update('it-key-one', 'utf8').digest('hex')
  const documentId = (idempotencyScope(keyHash, idempotencyKey) as { documentIdFor: (index: number) => string }).documentIdFor(0)
  return { documentId, status: response.status, code: json.error?.code }
}

async function readTopic<T> (config: Config, topic: string, decode: (value: Buffer) => Promise<T>): Promise<T[]> {
  const kafka = createKafka(config, 'it-outage-reader')
  const admin = kafka.admin()
  await admin.connect()
  const total = (await admin.fetchTopicOffsets(topic)).reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0)
  await admin.disconnect()
  const items: T[] = []
  if (total === 0) return items
  const consumer = kafka.consumer({ groupId: `it-outage-reader-${uniqueSuffix()}` })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  const seen = { count: 0 }
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.count++
      if (message.value !== null) items.push(await decode(message.value))
    }
  })
  try {
    await waitFor(() => seen.count >= total, { what: `all ${total} messages of ${topic}`, timeoutMs: 30_000, progress: () => `${seen.count} read` })
  } finally {
    await consumer.disconnect()
  }
  return items
}

/** True once the processor group has committed every offset of the received topic. */
async function drained (config: Config): Promise<boolean> {
  const admin = createKafka(config, 'it-outage-lag').admin()
  await admin.connect()
  try {
    const ends = await admin.fetchTopicOffsets(config.kafka.topicReceived)
    const [committed] = await admin.fetchOffsets({ groupId: config.processor.groupId, topics: [config.kafka.topicReceived] })
    return ends.every((end) => committed?.partitions.find((partition) => partition.partition === end.partition)?.offset === end.high)
  } finally {
    await admin.disconnect()
  }
}

test('a 503 is never processed, even when Kafka appends its event after the broker returns; every 202 gets exactly one outcome', async () => {
  const kafka = await startPrivateKafka(loadConfig())
  const home = await mkdtemp(join(tmpdir(), 'sluice-it-outage-'))
  const config = ingestTestConfig({
    SLUICE_KAFKA_BROKERS: kafka.address,
    SLUICE_INGEST_ACK_TIMEOUT: '2s',
    SLUICE_PROCESSOR_GROUP: `it-outage-${uniqueSuffix()}`,
    // The processor's scrape target stays out of the real stack's Prometheus.
    SLUICE_HOME: home,
    SLUICE_METRICS_PROCESSOR_PORT: String(await freePort())
  })
  const pdf = await onePagePdf('refused means never processed')
  const api = await startApi(apiOptions(config, { port: 0 }))
  const answers: Answer[] = []
  let sequence = 0
  const send = async (): Promise<Answer> => {
    const answer = await keyedUpload(api.url, pdf, `outage-${sequence++}`)
    answers.push(answer)
    return answer
  }
  let processor: Awaited<ReturnType<typeof startProcessor>> | undefined
  try {
    for (let index = 0; index < 3; index++) assert.equal((await send()).status, 202)
    // A hung broker: the produce requests reach it but are not answered before the deadline.
    kafka.freeze()
    const frozen = await Promise.all([send(), send(), send()])
    assert.deepEqual(frozen.map((answer) => answer.code), ['KAFKA_UNAVAILABLE', 'KAFKA_UNAVAILABLE', 'KAFKA_UNAVAILABLE'])
    // Thawed, the broker appends what it received while frozen: events of refused documents.
    kafka.thaw()
    // A crashed broker, restarted on the same data.
    await kafka.stop()
    assert.equal((await send()).code, 'KAFKA_UNAVAILABLE')
    await kafka.restart()
    const deadline = Date.now() + 60_000
    while ((await send()).status !== 202) assert.ok(Date.now() < deadline, 'uploads accepted again after the broker returned')
    for (let index = 0; index < 3; index++) assert.equal((await send()).status, 202)

    const accepted = answers.filter((answer) => answer.status === 202).map((answer) => answer.documentId)
    const refused = answers.filter((answer) => answer.status === 503).map((answer) => answer.documentId)
    assert.ok(answers.every((answer) => answer.status === 202 || answer.code === 'KAFKA_UNAVAILABLE'), JSON.stringify(answers))
    const codec = await createEventCodec(config)
    const received = await readTopic<DocumentReceived>(config, config.kafka.topicReceived, async (value) => codec.decode('received', value))
    const lateEvents = received.filter((event) => refused.includes(event.documentId))
    assert.ok(lateEvents.length >= 1, 'the frozen broker appended at least one event of a refused upload (the case under test)')

    processor = await startProcessor({ ...processorOptions(config, { workers: 1, concurrency: 2 }), onFatal: (error) => { throw error } })
    await waitFor(async () => await drained(config), { what: 'the processor to consume every received event', timeoutMs: 90_000, intervalMs: 250 })
    const outcomes = await readTopic<DocumentProcessed>(config, config.kafka.topicProcessed, async (value) => codec.decode('processed', value))
    const deadLetters = await readTopic<DeadLetter>(config, config.kafka.topicDeadLetter, async (value) => codec.decode('deadLetter', value))
    const results = await listKeys(createS3Client(config), config.s3.resultsBucket)
    for (const documentId of accepted) {
      assert.equal(outcomes.filter((outcome) => outcome.documentId === documentId).length, 1, `202 ${documentId} has exactly one outcome`)
      assert.ok(results.includes(resultKey(documentId)))
    }
    for (const documentId of refused) {
      assert.equal(outcomes.filter((outcome) => outcome.documentId === documentId).length, 0, `503 ${documentId} has no outcome`)
      assert.ok(!results.some((key) => key.includes(documentId)), `503 ${documentId} has no result object`)
    }
    assert.deepEqual(deadLetters, [])
    assert.ok(outcomes.every((outcome) => outcome.status === 'processed'), JSON.stringify(outcomes.map((outcome) => outcome.failureReason)))
    const metrics = await (await fetch(`http://127.0.0.1:${processor.metricsPort}/metrics`)).text()
    const withdrawn = sampleValue(metrics, 'sluice_processor_withdrawn_events_total', { door: 'api' })
    assert.equal(withdrawn, lateEvents.length, 'every late event of a refused upload was dropped and counted')
  } finally {
    await processor?.stop()
    await api.stop()
    await kafka.dispose()
    await removeTestResources(config, { kafka: false })
    await rm(home, { recursive: true, force: true })
  }
})
