// Admission control on the real stack: with a tiny SLUICE_ADMISSION_MAX_LAG and no processor
// running, the API refuses uploads beyond the bound with 429 + Retry-After and stores nothing for
// them; once a processor has drained the received topic, uploads are accepted again.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import os from 'node:os'
import path from 'node:path'
import { rm } from 'node:fs/promises'
import type { Config } from '../../../../lib/config/index.ts'
import { createKafka } from '../../../../lib/kafka/client.ts'
import type { RunningService } from '../../../../lib/service.ts'
import { createS3Client } from '../../../../lib/s3/client.ts'
import { apiOptions } from '../../../../producers/api/options.ts'
import { startApi, type RunningApi } from '../../../../producers/api/service.ts'
import { processorOptions } from '../../../../consumers/processor/options.ts'
import { startProcessor } from '../../../../consumers/processor/service.ts'
import { freePort, ingestTestConfig, listKeys, onePagePdf, removeTestResources, uniqueSuffix } from '../../../support/ingest.ts'
import { waitFor } from '../../../support/wait.ts'

const maxLag = 2
const home = path.join(os.tmpdir(), `sluice-it-admission-${uniqueSuffix()}`)
let config: Config
let api: RunningApi
let processor: RunningService | undefined
let pdf: Buffer
const auth = { authorization: 'Bearer it-key-one' }
const accepted: string[] = []

before(async () => {
  config = ingestTestConfig({
    SLUICE_ADMISSION_MAX_LAG: String(maxLag),
    SLUICE_ADMISSION_REFRESH_INTERVAL: '200ms',
    SLUICE_PROCESSOR_GROUP: `it-admission-processor-${uniqueSuffix()}`,
    SLUICE_METRICS_PROCESSOR_PORT: String(await freePort()),
    // The test processor's scrape-target file stays out of the real stack's Prometheus.
    SLUICE_HOME: home
  })
  api = await startApi(apiOptions(config, { port: 0 }))
  pdf = await onePagePdf('Admission control')
})

after(async () => {
  await processor?.stop()
  await api?.stop()
  if (config !== undefined) await removeTestResources(config)
  await rm(home, { recursive: true, force: true })
})

async function upload (): Promise<{ status: number, body: any, retryAfter: string | null }> {
  const response = await fetch(`${api.url}/v1/documents`, { method: 'POST', body: new Uint8Array(pdf), headers: { ...auth, 'content-type': 'application/pdf' } })
  return { status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') }
}

async function receivedMessages (): Promise<number> {
  const admin = createKafka(config, 'it-admission-count').admin()
  await admin.connect()
  try {
    const offsets = await admin.fetchTopicOffsets(config.kafka.topicReceived)
    return offsets.reduce((total, partition) => total + Number(partition.high), 0)
  } finally {
    await admin.disconnect()
  }
}

test('beyond the bound, uploads get 429 with Retry-After and nothing is stored for them', async () => {
  const refused = await waitFor(async () => {
    const reply = await upload()
    if (reply.status === 202) {
      accepted.push(reply.body.documents[0].documentId as string)
      return undefined
    }
    return reply
  }, { what: 'the API to refuse an upload', timeoutMs: 60_000, intervalMs: 50, progress: () => `${accepted.length} accepted so far` })
  assert.equal(refused.status, 429, JSON.stringify(refused.body))
  assert.equal(refused.body.error.code, 'OVERLOADED')
  const retryAfter = Number(refused.retryAfter)
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 30, `Retry-After ${refused.retryAfter}`)
  assert.ok(accepted.length > maxLag, `the door closed only after the lag passed ${maxLag}: ${accepted.length} accepted`)

  const again = await upload()
  assert.equal(again.status, 429, 'the door stays closed while nothing consumes the topic')

  const metrics = await (await fetch(`${api.url}/metrics`)).text()
  assert.match(metrics, /sluice_admission_open\{door="api"[^}]*\} 0/)
  assert.match(metrics, /sluice_admission_refused_total\{door="api"[^}]*\} ([2-9]|[1-9][0-9]+)\b/)

  const stored = await listKeys(createS3Client(config), config.s3.inboxBucket, 'api/')
  assert.equal(stored.length, accepted.length, 'one object per accepted upload, none for the refused ones')
  for (const documentId of accepted) assert.ok(stored.some((key) => key.includes(documentId)), `object of ${documentId}`)
  assert.equal(await receivedMessages(), accepted.length, 'one received event per accepted upload, none for the refused ones')
})

test('once a processor has drained the lag, uploads are accepted again', async () => {
  processor = await startProcessor(processorOptions(config, { workers: 1, concurrency: 2 }))
  const reply = await waitFor(async () => {
    const attempt = await upload()
    return attempt.status === 202 ? attempt : undefined
  }, { what: 'the API to accept uploads again', timeoutMs: 90_000, intervalMs: 250 })
  assert.equal(reply.body.documents.length, 1)
  const metrics = await (await fetch(`${api.url}/metrics`)).text()
  assert.match(metrics, /sluice_admission_open\{door="api"[^}]*\} 1/)
})
