// The API when Kafka or the object store really stops (private servers, killed mid-test):
// 503 with a code naming the service, nothing accepted, no orphaned object, readiness fails.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadConfig } from '../../../../lib/config/index.ts'
import { createS3Client } from '../../../../lib/s3/client.ts'
import { apiOptions } from '../../../../producers/api/options.ts'
import { startApi } from '../../../../producers/api/service.ts'
import { ingestTestConfig, listKeys, onePagePdf, readReceived, removeTestResources } from '../../../support/ingest.ts'
import { startPrivateKafka, startPrivateS3 } from '../../../support/private-services.ts'

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
