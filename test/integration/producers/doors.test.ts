// The three doors (API upload, bucket drop, publish command) end in the same Avro event on the
// same topic; the bucket drop handles awkward keys, ignores what it must and dedupes by id; the
// rescan picks up objects whose notifications were missed.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../../../lib/config/index.ts'
import { bucketObjectDocumentId } from '../../../lib/ingest/document-id.ts'
import { createReceivedPublisher } from '../../../lib/ingest/received-publisher.ts'
import { resultKey } from '../../../lib/ingest/object-keys.ts'
import { encodeDocumentResult } from '../../../lib/results/document-result.ts'
import type { DocumentProcessed } from '../../../lib/events/types.ts'
import { createKafka } from '../../../lib/kafka/client.ts'
import { createCallerStrings, type CallerStrings } from '../../../lib/privacy/caller-strings.ts'
import { provisionSluice } from '../../../lib/provision.ts'
import { createS3Client } from '../../../lib/s3/client.ts'
import { apiOptions } from '../../../producers/api/options.ts'
import { startApi, type RunningApi } from '../../../producers/api/service.ts'
import { bridgeOptions } from '../../../producers/bucket-bridge/options.ts'
import { startBridge, type RunningBridge } from '../../../producers/bucket-bridge/service.ts'
import { rescanBucket } from '../../../producers/bucket-bridge/rescan.ts'
import { expandInputs } from '../../../producers/publish/inputs.ts'
import { publishFiles } from '../../../producers/publish/publish.ts'
import { ingestTestConfig, onePagePdf, readReceived, removeTestResources, type ReceivedReader } from '../../support/ingest.ts'
import { sampleValue } from '../../support/prometheus-text.ts'
import { waitFor } from '../../support/wait.ts'

let config: Config
let api: RunningApi
let bridge: RunningBridge
let reader: ReceivedReader
let pdf: Buffer
let directory: string
let callerStrings: CallerStrings

before(async () => {
  config = ingestTestConfig()
  callerStrings = await createCallerStrings(config.redaction)
  api = await startApi(apiOptions(config, { port: 0 }))
  bridge = await startBridge(bridgeOptions(config, { metricsPort: 0 }))
  reader = await readReceived(config)
  pdf = await onePagePdf('three doors')
  directory = await mkdtemp(join(tmpdir(), 'sluice-doors-'))
})

after(async () => {
  await reader?.close()
  await bridge?.stop()
  await api?.stop()
  if (directory !== undefined) await rm(directory, { recursive: true, force: true })
  if (config !== undefined) await removeTestResources(config)
})

async function eventFor (predicate: (key: string) => boolean, timeoutMs = 20_000): Promise<ReturnType<ReceivedReader['all']>[number]> {
  return await waitFor(() => reader.all().find((entry) => predicate(entry.event.key)), {
    what: 'the event',
    timeoutMs,
    progress: () => `have keys ${reader.all().map((entry) => entry.event.key).join(', ')}`
  })
}

test('API, bucket drop and publish produce the same Avro event on the same topic', async () => {
  const s3 = createS3Client(config)
  const upload = await fetch(`${api.url}/v1/documents`, { method: 'POST', body: new Uint8Array(pdf), headers: { authorization: 'Bearer it-key-one', 'content-type': 'application/pdf' } })
  assert.equal(upload.status, 202)
  const { etag } = await s3.putObject(config.s3.inboxBucket, 'drop/doors.pdf', pdf, pdf.length, { 'Content-Type': 'application/pdf' })
  await writeFile(join(directory, 'published.pdf'), pdf)
  const publisher = await createReceivedPublisher(config, createKafka(config, 'it-publish'), await provisionSluice(config))
  const summary = await publishFiles(config, s3, publisher, expandInputs([join(directory, 'published.pdf')]), { concurrency: 2, metadata: { batch: 'doors' }, callerStrings })
  await publisher.disconnect()
  assert.deepEqual(summary, { sent: 1, skipped: 0, failed: 0 })

  const fromApi = await eventFor((key) => key.startsWith('api/'))
  const fromBucket = await eventFor((key) => key === 'drop/doors.pdf')
  const fromTopic = await eventFor((key) => key.startsWith('topic/'))
  const schemaId = reader.codec.schemaId('received')
  for (const [door, entry] of [['api', fromApi], ['bucket', fromBucket], ['topic', fromTopic]] as const) {
    assert.equal(entry.schemaId, schemaId, `${door} uses the registered DocumentReceived schema`)
    assert.equal(entry.event.source, door)
    assert.equal(entry.key, entry.event.documentId, `${door} events are keyed by document id`)
    assert.equal(entry.event.bucket, config.s3.inboxBucket)
    assert.equal(entry.event.size, pdf.length)
    assert.deepEqual(Object.keys(entry.event).sort(), Object.keys(fromApi.event).sort())
    const stored = await s3.statObject(entry.event.bucket, entry.event.key)
    assert.equal(stored.size, entry.event.size, `${door} event points at the stored object`)
  }
  assert.equal(fromBucket.event.documentId, bucketObjectDocumentId(config.s3.inboxBucket, 'drop/doors.pdf', etag))
  assert.equal(fromTopic.event.metadata.batch, 'doors')
  assert.equal(fromTopic.event.metadata.fileName, 'published.pdf')
  assert.equal(fromApi.event.sha256, fromTopic.event.sha256)
})

test('bucket drop: keys with spaces, non-ASCII and escape-like characters arrive unescaped', async () => {
  const s3 = createS3Client(config)
  const keys = ['with space/Q1 résumé – 日本語.pdf', 'plus+sign and 100%25 literal.pdf', 'ünïcødé/naïve café.pdf']
  for (const key of keys) await s3.putObject(config.s3.inboxBucket, key, pdf, pdf.length)
  for (const key of keys) {
    const entry = await eventFor((candidate) => candidate === key)
    const stat = await s3.statObject(config.s3.inboxBucket, key)
    assert.equal(entry.event.documentId, bucketObjectDocumentId(config.s3.inboxBucket, key, stat.etag))
    assert.equal(entry.event.metadata.fileName, key.split('/').at(-1))
  }
})

test('bucket drop ignores reserved prefixes, deletes and redelivered notifications', async () => {
  const s3 = createS3Client(config)
  const before = reader.all().length
  const bridgeObjects = async (): Promise<Record<'reserved_prefix' | 'duplicate' | 'emitted', number>> => {
    const metrics = await (await fetch(`http://127.0.0.1:${bridge.metricsPort}/metrics`)).text()
    const count = (outcome: string): number => sampleValue(metrics, 'sluice_bridge_objects_total', { outcome }) ?? 0
    return { reserved_prefix: count('reserved_prefix'), duplicate: count('duplicate'), emitted: count('emitted') }
  }
  const counted = await bridgeObjects()
  await s3.putObject(config.s3.inboxBucket, '_sluice/internal.json', Buffer.from('{}'), 2)
  await s3.putObject(config.s3.inboxBucket, 'api/not-from-the-api.pdf', pdf, pdf.length)
  await s3.removeObject(config.s3.inboxBucket, 'drop/doors.pdf')
  // Same bytes under the same key: same eTag, same id, so no second event.
  await s3.putObject(config.s3.inboxBucket, 'ünïcødé/naïve café.pdf', pdf, pdf.length)
  await s3.putObject(config.s3.inboxBucket, 'marker.pdf', pdf, pdf.length)
  // The object store sends notifications unordered, so the marker's event proves nothing about
  // the others; the bridge's own counts say when it has decided on all four objects.
  await waitFor(async () => {
    const now = await bridgeObjects()
    return now.reserved_prefix >= counted.reserved_prefix + 2 && now.duplicate >= counted.duplicate + 1 && now.emitted >= counted.emitted + 1
  }, { what: 'the bridge to handle the four new objects', timeoutMs: 20_000, progress: () => `counted before: ${JSON.stringify(counted)}` })
  await reader.caughtUp()
  const added = reader.all().slice(before).map((entry) => entry.event.key)
  assert.deepEqual(added, ['marker.pdf'])
})

test('rescan publishes only objects never processed; dry run publishes nothing', async () => {
  const s3 = createS3Client(config)
  // Written while the bridge is not looking: simulate a lost notification by closing it first.
  await bridge.stop()
  await s3.putObject(config.s3.inboxBucket, 'missed/lost notification.pdf', pdf, pdf.length)
  // "%" and "+" survive listing literally (versitygw does not URL-encode listings).
  await s3.putObject(config.s3.inboxBucket, 'missed/100% sure + more.pdf', pdf, pdf.length)
  const processedKey = 'marker.pdf'
  const processedId = bucketObjectDocumentId(config.s3.inboxBucket, processedKey, (await s3.statObject(config.s3.inboxBucket, processedKey)).etag)
  const resultBody = encodeDocumentResult({ documentId: processedId, status: 'processed' } as unknown as DocumentProcessed, 'redacted text')
  await s3.putObject(config.s3.resultsBucket, resultKey(processedId), resultBody, resultBody.length)

  const before = reader.all().length
  const dry = await rescanBucket(config, s3, undefined, { bucket: config.s3.inboxBucket, prefix: '', dryRun: true, concurrency: 4, callerStrings })
  assert.ok(dry.published >= 1)
  assert.ok(dry.alreadyProcessed >= 1)
  assert.ok(dry.reserved >= 3, 'api/, topic/ and _sluice/ objects are skipped')
  await reader.caughtUp()
  assert.equal(reader.all().length, before, 'a dry run publishes nothing')

  const publisher = await createReceivedPublisher(config, createKafka(config, 'it-rescan'), reader.codec)
  const pending: string[] = []
  const summary = await rescanBucket(config, s3, publisher, { bucket: config.s3.inboxBucket, prefix: 'missed/', dryRun: false, concurrency: 4, callerStrings, onPending: (event) => pending.push(event.key) })
  await publisher.disconnect()
  assert.deepEqual(pending.sort(), ['missed/100% sure + more.pdf', 'missed/lost notification.pdf'])
  assert.deepEqual(summary, { scanned: 2, reserved: 0, alreadyProcessed: 0, published: 2, vanished: 0, skipped: 0, invalidKey: 0 })
  const entry = await eventFor((key) => key === 'missed/lost notification.pdf')
  assert.equal(entry.event.source, 'bucket')
  const full = await rescanBucket(config, s3, undefined, { bucket: config.s3.inboxBucket, prefix: 'marker', dryRun: true, concurrency: 4, callerStrings })
  assert.deepEqual(full, { scanned: 1, reserved: 0, alreadyProcessed: 1, published: 0, vanished: 0, skipped: 0, invalidKey: 0 })
})

test('a bridge with SLUICE_BRIDGE_RESCAN_INTERVAL picks up objects dropped while no bridge ran', async () => {
  const s3 = createS3Client(config)
  await s3.putObject(config.s3.inboxBucket, 'late/dropped while down.pdf', pdf, pdf.length)
  // A new consumer group starts at the end of the notification topic, so only the rescan can find it.
  const rescanning = await startBridge(bridgeOptions({ ...config, bridge: { ...config.bridge, groupId: `${config.bridge.groupId}-late`, rescanIntervalMs: 3_600_000 } }, { metricsPort: 0, rescanMinAgeMs: 0 }))
  try {
    const entry = await eventFor((key) => key === 'late/dropped while down.pdf')
    assert.equal(entry.event.source, 'bucket')
    const metrics = await (await fetch(`http://127.0.0.1:${rescanning.metricsPort}/metrics`)).text()
    assert.match(metrics, /sluice_bridge_objects_total\{outcome="rescanned"[^}]*\} [1-9]/)
  } finally {
    await rescanning.stop()
  }
})
