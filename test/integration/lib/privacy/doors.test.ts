// Personal data in every string a caller controls, through all three doors of the real pipeline
// (api, bridge, processor and sink as child processes on the shared stack, on names of their
// own): an upload's file name, form field names and values and Idempotency-Key; a bucket drop's
// object key; `sluice publish`'s file name and --metadata; and an externally published event
// whose object is missing (the failure message). Hostile forms too: a fullwidth file name, a
// multipart part's Content-Type, a 255-byte name escaped twice in X-File-Name, an address escaped
// inside an object key, a dropped object's Content-Type and a zero-width space inside a metadata
// value. The privacy check then reads every output and
// must find none of the values outside the original objects and the one raw-key field. The
// negative control writes two leaks on purpose and the `sluice privacy-check` command must find
// them, without printing them, and exit non-zero.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClickHouse, clickHouseOptions, type ClickHouse } from '../../../../lib/clickhouse/client.ts'
import { sqlIdentifier } from '../../../../lib/clickhouse/sql.ts'
import { loadConfig, type Config } from '../../../../lib/config/index.ts'
import { newDocumentId } from '../../../../lib/ingest/document-id.ts'
import { createReceivedPublisher } from '../../../../lib/ingest/received-publisher.ts'
import { createKafka } from '../../../../lib/kafka/client.ts'
import { runPrivacyCheck } from '../../../../lib/privacy/check.ts'
import type { PlantedValue } from '../../../../lib/privacy/planted.ts'
import type { PrivacyCheckReport } from '../../../../lib/privacy/report.ts'
import { provisionSluice } from '../../../../lib/provision.ts'
import { createS3Client } from '../../../../lib/s3/client.ts'
import { startBackgroundPipeline, type BackgroundPipeline } from '../../../../infra/run-all/pipeline.ts'
import { onePagePdf, pipelineTestEnv, removeTestResources } from '../../../support/ingest.ts'
import { runSluice } from '../../../support/run-process.ts'
import { waitFor } from '../../../support/wait.ts'

const planted = {
  uploadName: { type: 'EMAIL_ADDRESS', value: 'jane.roe@example.org' },
  uploadNameSsn: { type: 'US_SSN', value: '536-22-8456' },
  fieldValue: { type: 'EMAIL_ADDRESS', value: 'ada.lovelace@example.com' },
  fieldName: { type: 'US_SSN', value: '372-18-5590' },
  fieldPhone: { type: 'PHONE_NUMBER', value: '+44 20 7946 0958' },
  idempotencyKey: { type: 'EMAIL_ADDRESS', value: 'idem.caller@example.org' },
  bucketKey: { type: 'EMAIL_ADDRESS', value: 'john.poe@example.net' },
  bucketKeySsn: { type: 'US_SSN', value: '219-45-3387' },
  publishName: { type: 'EMAIL_ADDRESS', value: 'max.muster@example.de' },
  publishNamePhone: { type: 'PHONE_NUMBER', value: '+1-202-555-0143' },
  publishMetadata: { type: 'IBAN_CODE', value: 'GB82WEST12345698765432' },
  publishMetadataKey: { type: 'US_SSN', value: '219-45-7812' },
  missingKey: { type: 'EMAIL_ADDRESS', value: 'gone.away@example.com' },
  // Hostile forms: a value only a decoding reader sees, in names, keys, headers and metadata.
  fullwidthName: { type: 'EMAIL_ADDRESS', value: 'ｗｉｄｅ.ｍａｉｌ＠ｅｘａｍｐｌｅ.ｏｒｇ' },
  partType: { type: 'EMAIL_ADDRESS', value: 'part.type@example.org' },
  escapedHeaderName: { type: 'EMAIL_ADDRESS', value: 'double.escape@example.com' },
  escapedKey: { type: 'EMAIL_ADDRESS', value: 'hidden.escape@example.net' },
  dropContentType: { type: 'EMAIL_ADDRESS', value: 'content.type@example.com' },
  zeroWidthMetadata: { type: 'EMAIL_ADDRESS', value: 'zero.width@exa\u200bmple.org' }
} satisfies Record<string, PlantedValue>
const values: PlantedValue[] = Object.values(planted)

let env: NodeJS.ProcessEnv
let config: Config
let pipeline: BackgroundPipeline | undefined
let clickhouse: ClickHouse
let directory: string
let logFile: string
let startedAt: number

before(async () => {
  startedAt = Date.now() - 1000
  env = await pipelineTestEnv('privacy')
  config = loadConfig(env)
  directory = await mkdtemp(join(tmpdir(), 'sluice-privacy-'))
  logFile = join(directory, 'pipeline.log')
  clickhouse = createClickHouse(clickHouseOptions(config))
  pipeline = await startBackgroundPipeline(config, { processors: 1 }, { logFile, env })
})

after(async () => {
  await pipeline?.stop()
  await removeTestResources(config).catch(() => {})
  await clickhouse.exec(`DROP DATABASE IF EXISTS ${sqlIdentifier(config.clickhouse.database)}`).catch(() => {})
  await clickhouse.close()
  await rm(directory, { recursive: true, force: true })
})

test('personal data in file names, object keys, form fields, metadata and failure messages reaches no output', { timeout: 300_000 }, async () => {
  const pdf = await onePagePdf('An ordinary page without personal data')
  const s3 = createS3Client(config)

  // API door: multipart upload with PII in the file name, a field name, field values and the Idempotency-Key.
  const form = new FormData()
  form.append('contact', planted.fieldValue.value)
  form.append(`ssn_${planted.fieldName.value}`, 'on file')
  form.append('phone', planted.fieldPhone.value)
  form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), `${planted.uploadName.value}_${planted.uploadNameSsn.value}.pdf`)
  // A second file: its name in fullwidth characters, its part's Content-Type naming a person.
  form.append('file', new Blob([new Uint8Array(pdf)], { type: `application/pdf; owner=${planted.partType.value}` }), `${planted.fullwidthName.value}.pdf`)
  const upload = await fetch(`http://${config.api.host}:${config.api.port}/v1/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${config.api.keys[0] as string}`, 'idempotency-key': planted.idempotencyKey.value },
    body: form
  })
  const uploaded = await upload.text()
  assert.equal(upload.status, 202, uploaded)
  assert.ok(!uploaded.includes(planted.uploadName.value), 'the reply (and so the idempotency record) holds the redacted name')

  // API door, raw body: a name at the 255-byte limit sent as X-File-Name escaped twice, so the
  // name the API decodes still hides the address behind %40.
  const longName = `${'a'.repeat(255 - `_${planted.escapedHeaderName.value}.pdf`.length - 2)}_${planted.escapedHeaderName.value.replace('@', '%40')}.pdf`
  const raw = await fetch(`http://${config.api.host}:${config.api.port}/v1/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${config.api.keys[0] as string}`, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(longName) },
    body: new Uint8Array(pdf)
  })
  assert.equal(raw.status, 202, await raw.text())

  // Bucket door: the object key itself.
  await s3.putObject(config.s3.inboxBucket, `private/${planted.bucketKey.value} ${planted.bucketKeySsn.value}.pdf`, pdf, pdf.length, { 'Content-Type': 'application/pdf' })
  // Bucket door, hostile: the address escaped inside the key itself, and the Content-Type the dropper sent.
  await s3.putObject(config.s3.inboxBucket, `private/${planted.escapedKey.value.replace('@', '%40')}.pdf`, pdf, pdf.length, { 'Content-Type': `application/pdf; owner=${planted.dropContentType.value}` })

  // Publish door: the file name and --metadata keys and values.
  const publishFile = join(directory, `${planted.publishName.value}_${planted.publishNamePhone.value}.pdf`)
  await writeFile(publishFile, pdf)
  const published = await runSluice(['publish', publishFile, '--quiet', '--metadata', `iban=${planted.publishMetadata.value}`, '--metadata', `ssn_${planted.publishMetadataKey.value}=owner`, '--metadata', `note=${planted.zeroWidthMetadata.value}`], { env })
  assert.equal(published.code, 0, `${published.stdout}\n${published.stderr}`)

  // An external producer's event naming an object that does not exist: the failure message must not repeat the key.
  const publisher = await createReceivedPublisher(config, createKafka(config, 'it-privacy'), await provisionSluice(config))
  const missingId = newDocumentId()
  await publisher.publish([{
    documentId: missingId,
    source: 'topic',
    bucket: config.s3.inboxBucket,
    key: `incoming/${planted.missingKey.value}.pdf`,
    size: 1,
    sha256: '',
    contentType: 'application/pdf',
    receivedAt: Date.now(),
    metadata: {}
  }])
  await publisher.disconnect()

  const outcomes = await waitForOutcomes(7, 150_000)
  assert.deepEqual(outcomes.map((row) => row.status).sort(), ['failed', 'processed', 'processed', 'processed', 'processed', 'processed', 'processed'])
  const missing = outcomes.find((row) => row.document_id === missingId)
  assert.equal(missing?.failure_reason, 'missing_object')
  assert.equal(missing?.object_key, 'incoming/[EMAIL_ADDRESS].pdf')
  assert.ok(outcomes.some((row) => row.object_key === 'private/[EMAIL_ADDRESS] [US_SSN].pdf'), JSON.stringify(outcomes))
  assert.ok(outcomes.some((row) => row.object_key === 'private/[EMAIL_ADDRESS].pdf'), JSON.stringify(outcomes))

  const report = await check()
  const leaks = report.places.filter((place) => place.leaks > 0 || place.incomplete !== undefined)
  assert.deepEqual(leaks, [], JSON.stringify(leaks, null, 2))
  // The raw keys are where the design keeps them: the received event's key and the store's notification.
  const allowed = (prefix: string): number => report.places.filter((place) => place.place.startsWith(prefix)).reduce((sum, place) => sum + place.allowed, 0)
  assert.ok(allowed(`topic ${config.kafka.topicReceived}`) >= 3, JSON.stringify(report.places))
  assert.ok(allowed(`topic ${config.kafka.topicBucketEvents}`) >= 3, JSON.stringify(report.places))
  // Every place of the list was read.
  for (const place of ['topic ', 'objects ', 'clickhouse ', 'logs', 'metrics endpoints', 'prometheus ']) {
    assert.ok(report.places.some((entry) => entry.place.startsWith(place) && entry.scanned > 0), `${place} was not read: ${JSON.stringify(report.places)}`)
  }

  // Negative control: two leaks written on purpose must be found, by place, without printing the value.
  await s3.putObject(config.s3.resultsBucket, 'documents/negative-control/leak.json', Buffer.from(JSON.stringify({ name: `${planted.bucketKey.value}\n` })))
  const producer = createKafka(config, 'it-privacy-leak').producer()
  await producer.connect()
  await producer.send({ topic: config.kafka.topicProcessed, messages: [{ key: 'negative-control', value: 'not an event', headers: { file: encodeURIComponent(planted.publishName.value) } }] })
  await producer.disconnect()
  const plantedFile = join(directory, 'planted.txt')
  await writeFile(plantedFile, values.map((entry) => `${entry.type}\t${entry.value}`).join('\n') + '\n')
  const negative = await runSluice(['privacy-check', plantedFile, '--since', new Date(startedAt).toISOString(), '--log', logFile, '--quiet'], { env })
  assert.equal(negative.code, 1, `${negative.stdout}\n${negative.stderr}`)
  assert.match(negative.stdout, new RegExp(`objects s3://${config.s3.resultsBucket}/: \\d+ objects, 1 LEAK`))
  assert.match(negative.stdout, new RegExp(`topic ${config.kafka.topicProcessed}: \\d+ messages, 1 LEAK`))
  assert.match(negative.stdout, /LEAK EMAIL_ADDRESS sha256:[0-9a-f]{12} \(url\) at partition \d+ offset \d+ header file/)
  assert.match(negative.stdout, /Privacy check FAILED: 2 leaks/)
  for (const entry of values) assert.ok(!negative.stdout.includes(entry.value) && !negative.stderr.includes(entry.value), `${entry.type} printed`)
})

async function check (): Promise<PrivacyCheckReport> {
  return runPrivacyCheck(config, values, { sinceMs: startedAt, logFiles: [logFile], metricsUrls: [], progress: () => {} })
}

interface OutcomeRow { document_id: string, status: string, failure_reason: string, object_key: string }

async function waitForOutcomes (count: number, timeoutMs: number): Promise<OutcomeRow[]> {
  const table = `${sqlIdentifier(config.clickhouse.database)}.document_outcomes`
  let rows: OutcomeRow[] = []
  return await waitFor(async () => {
    rows = await clickhouse.select<OutcomeRow>(`SELECT document_id, status, failure_reason, object_key FROM ${table} FINAL ORDER BY document_id`).catch(() => [])
    return rows.length >= count ? rows : undefined
  }, { what: `${count} outcomes in ClickHouse`, timeoutMs, intervalMs: 500, progress: () => `only ${rows.length}:\n${JSON.stringify(rows)}` })
}
