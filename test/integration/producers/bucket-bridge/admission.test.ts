// Admission control at the bucket door, on the real stack: while the processor group is further
// behind than SLUICE_ADMISSION_MAX_LAG the bridge stops reading bucket notifications, and it
// turns a held notification into its event only once the group has caught up. The run has its own
// notifications topic, fed with notifications shaped as versitygw sends them, so other runs' drops
// on the shared storage.events cannot interfere.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Producer } from 'kafkajs'
import type { Client } from 'minio'
import type { Config } from '../../../../lib/config/index.ts'
import { bucketObjectDocumentId } from '../../../../lib/ingest/document-id.ts'
import { createKafka } from '../../../../lib/kafka/client.ts'
import { createS3Client } from '../../../../lib/s3/client.ts'
import { bridgeOptions } from '../../../../producers/bucket-bridge/options.ts'
import { startBridge, type RunningBridge } from '../../../../producers/bucket-bridge/service.ts'
import { sampleValue } from '../../../support/prometheus-text.ts'
import { ingestTestConfig, onePagePdf, readReceived, removeTestResources, uniqueSuffix, type ReceivedReader } from '../../../support/ingest.ts'
import { waitFor } from '../../../support/wait.ts'

let config: Config
let bridge: RunningBridge
let reader: ReceivedReader
let producer: Producer
let s3: Client
let pdf: Buffer

before(async () => {
  const suffix = uniqueSuffix()
  config = ingestTestConfig({
    SLUICE_TOPIC_BUCKET_EVENTS: `it-bucket-events-${suffix}`,
    SLUICE_ADMISSION_MAX_LAG: '1',
    SLUICE_ADMISSION_REFRESH_INTERVAL: '200ms',
    SLUICE_PROCESSOR_GROUP: `it-admission-bridge-processor-${suffix}`
  })
  bridge = await startBridge(bridgeOptions(config, { metricsPort: 0 }))
  reader = await readReceived(config)
  producer = createKafka(config, 'it-notifications').producer()
  await producer.connect()
  s3 = createS3Client(config)
  pdf = await onePagePdf('Admission at the bucket door')
})

after(async () => {
  await producer?.disconnect()
  await reader?.close()
  await bridge?.stop()
  if (config !== undefined) await removeTestResources(config)
})

/** Puts a PDF into the inbox and publishes the notification the S3 server would send; returns its document id. */
async function drop (key: string): Promise<string> {
  const { etag } = await s3.putObject(config.s3.inboxBucket, key, pdf, pdf.length, { 'Content-Type': 'application/pdf' })
  const notification = { Records: [{ eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: config.s3.inboxBucket }, object: { key, size: pdf.length, eTag: etag } } }] }
  await producer.send({ topic: config.kafka.topicBucketEvents, messages: [{ value: JSON.stringify(notification) }] })
  return bucketObjectDocumentId(config.s3.inboxBucket, key, etag)
}

async function bridgeAdmission (): Promise<number | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${bridge.metricsPort}/metrics`)).text()
  return sampleValue(text, 'sluice_admission_open', { door: 'bridge' })
}

/** Notifications the bridge's group has not committed yet on the run's notifications topic. */
async function unreadNotifications (): Promise<number> {
  const admin = createKafka(config, 'it-admission-bridge').admin()
  await admin.connect()
  try {
    const [committed] = await admin.fetchOffsets({ groupId: config.bridge.groupId, topics: [config.kafka.topicBucketEvents] })
    const ends = await admin.fetchTopicOffsets(config.kafka.topicBucketEvents)
    return ends.reduce((total, end) => {
      const commit = Number(committed?.partitions.find((entry) => entry.partition === end.partition)?.offset ?? -1)
      return total + Number(end.high) - Math.max(commit, Number(end.low))
    }, 0)
  } finally {
    await admin.disconnect()
  }
}

test('the bridge holds notifications while the processor group is behind and publishes them once it caught up', async () => {
  const first = [await drop('drops/first.pdf'), await drop('drops/second.pdf')]
  const events = await reader.waitFor(2)
  assert.deepEqual(events.map((entry) => entry.event.documentId).sort(), [...first].sort())

  // Two unconsumed events on the received topic, bound 1: the bridge's door closes.
  await waitFor(async () => await bridgeAdmission() === 0, { what: 'the bridge to close its door', timeoutMs: 30_000, intervalMs: 100 })
  const held = await drop('drops/held.pdf')
  const heldAt = Date.now()
  // The bridge turns a notification into its event within milliseconds when it reads; a second
  // with the notification still uncommitted shows it is not reading.
  await waitFor(async () => Date.now() - heldAt >= 1000 && await unreadNotifications() === 1, { what: 'the held notification to stay unread for a second', timeoutMs: 30_000, intervalMs: 200 })
  assert.equal(reader.all().length, 2, 'no event for the held object while the door is closed')

  // The processor group catches up (its offsets move to the end, as a processor's commits would).
  const admin = createKafka(config, 'it-admission-drain').admin()
  await admin.connect()
  const caughtUpAt = Date.now()
  try {
    const ends = await admin.fetchTopicOffsets(config.kafka.topicReceived)
    await admin.setOffsets({ groupId: config.processor.groupId, topic: config.kafka.topicReceived, partitions: ends.map((end) => ({ partition: end.partition, offset: end.high })) })
  } finally {
    await admin.disconnect()
  }
  const after = await reader.waitFor(3, 30_000)
  const heldEvent = after.find((entry) => entry.event.documentId === held)
  assert.ok(heldEvent !== undefined, 'the held object gets its event once the door opens')
  assert.ok(heldEvent.event.receivedAt >= caughtUpAt, 'and only after the processor group caught up')
  assert.equal(await bridgeAdmission(), 1)
})
