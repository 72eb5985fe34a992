import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import type { Config } from '../../../../lib/config/index.ts'
import { apiObjectKey, legacySummaryKey, resultKey } from '../../../../lib/ingest/object-keys.ts'
import { encodeDocumentResult } from '../../../../lib/results/document-result.ts'
import type { DocumentProcessed } from '../../../../lib/events/types.ts'
import { createS3Client } from '../../../../lib/s3/client.ts'
import { apiOptions } from '../../../../producers/api/options.ts'
import { startApi, type RunningApi } from '../../../../producers/api/service.ts'
import { ingestTestConfig, listKeys, onePagePdf, readReceived, removeTestResources, type ReceivedReader } from '../../../support/ingest.ts'

const maxBytes = 64 * 1024
let config: Config
let api: RunningApi
let reader: ReceivedReader
let pdf: Buffer
const auth = { authorization: 'Bearer it-key-one' }
const accepted: string[] = []

before(async () => {
  config = ingestTestConfig({ SLUICE_MAX_UPLOAD_BYTES: String(maxBytes), SLUICE_MAX_FILES_PER_REQUEST: '3' })
  api = await startApi(apiOptions(config, { port: 0 }))
  reader = await readReceived(config)
  pdf = await onePagePdf('API upload')
})

after(async () => {
  await reader?.close()
  await api?.stop()
  if (config !== undefined) await removeTestResources(config)
})

async function post (body: BodyInit | undefined, headers: Record<string, string>): Promise<{ status: number, json: any, headers: Headers }> {
  const response = await fetch(`${api.url}/v1/documents`, { method: 'POST', body, headers })
  const text = await response.text()
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text), headers: response.headers }
}

function form (files: Array<[string, Buffer]>, fields: Record<string, string> = {}): FormData {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.append(name, value)
  for (const [fileName, bytes] of files) data.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), fileName)
  return data
}

test('a raw PDF body is stored and its event acknowledged before the 202', async () => {
  const reply = await post(new Uint8Array(pdf), { ...auth, 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="report one.pdf"' })
  assert.equal(reply.status, 202)
  const [document] = reply.json.documents
  assert.match(document.documentId, /^[0-9a-f-]{36}$/)
  assert.equal(document.statusUrl, `/v1/documents/${document.documentId}`)
  assert.equal(reply.headers.get('location'), document.statusUrl)
  assert.equal(document.sha256, createHash('sha256').update(pdf).digest('hex'))
  accepted.push(document.documentId)
  const stat = await createS3Client(config).statObject(config.s3.inboxBucket, apiObjectKey(document.documentId))
  assert.equal(stat.size, pdf.length)
  const events = await reader.waitFor(1)
  const received = events.find((entry) => entry.event.documentId === document.documentId)
  assert.ok(received, 'the event is on the received topic')
  assert.equal(received.key, document.documentId)
  assert.deepEqual({ ...received.event, receivedAt: 0 }, {
    documentId: document.documentId,
    source: 'api',
    bucket: config.s3.inboxBucket,
    key: apiObjectKey(document.documentId),
    size: pdf.length,
    sha256: document.sha256,
    contentType: 'application/pdf',
    receivedAt: 0,
    metadata: { fileName: 'report one.pdf' }
  })
})

test('multipart with several files and form fields: one id per file, fields become metadata', async () => {
  const reply = await post(form([['a.pdf', pdf], ['Q1 résumé.pdf', pdf]], { team: 'finance' }), auth)
  assert.equal(reply.status, 202, JSON.stringify(reply.json))
  assert.equal(reply.json.documents.length, 2)
  const ids = reply.json.documents.map((document: { documentId: string }) => document.documentId)
  accepted.push(...ids)
  const events = await reader.waitFor(accepted.length)
  const second = events.find((entry) => entry.event.documentId === ids[1])
  assert.deepEqual(second?.event.metadata, { team: 'finance', fileName: 'Q1 résumé.pdf' })
})

test('status: pending while unprocessed, the summary once the processor wrote it, 404 and 400 otherwise', async () => {
  const documentId = accepted[0] as string
  const status = async (id: string): Promise<{ status: number, json: any }> => {
    const response = await fetch(`${api.url}/v1/documents/${id}`, { headers: auth })
    return { status: response.status, json: await response.json() }
  }
  assert.deepEqual(await status(documentId), { status: 200, json: { documentId, status: 'pending' } })
  // The processor's contract: documents/<id>/result.json in the results bucket, for every outcome,
  // the summary first; the text after it (here 8 MiB) is not what the status is made of.
  const s3 = createS3Client(config)
  const summary = { documentId, status: 'processed', failureReason: null, pages: 3 } as unknown as DocumentProcessed
  const body = encodeDocumentResult(summary, 'redacted [EMAIL_ADDRESS] '.repeat(350_000))
  await s3.putObject(config.s3.resultsBucket, resultKey(documentId), body, body.length)
  assert.deepEqual(await status(documentId), { status: 200, json: { documentId, status: 'processed', summary } })
  // Outcomes written before the single result object (summary.json alone) are still served.
  const legacyId = accepted[1] as string
  assert.deepEqual(await status(legacyId), { status: 200, json: { documentId: legacyId, status: 'pending' } })
  const legacy = { documentId: legacyId, status: 'failed', failureReason: 'encrypted', pages: 0 }
  const legacyBody = Buffer.from(JSON.stringify(legacy, null, 2) + '\n')
  await s3.putObject(config.s3.resultsBucket, legacySummaryKey(legacyId), legacyBody, legacyBody.length)
  assert.deepEqual(await status(legacyId), { status: 200, json: { documentId: legacyId, status: 'failed', summary: legacy } })
  const unknown = await status('0b7f3c2e-4c1a-4d8e-9a57-1f6f1d2f3a4b')
  assert.equal(unknown.status, 404)
  assert.equal(unknown.json.error.code, 'DOCUMENT_NOT_FOUND')
  const invalid = await status('not-a-uuid')
  assert.equal(invalid.status, 400)
  assert.equal(invalid.json.error.code, 'INVALID_DOCUMENT_ID')
})

test('authentication: missing or unknown keys get 401 on upload and status', async () => {
  const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic aXQta2V5LW9uZTo=' }]
  for (const headers of attempts) {
    const reply = await post(new Uint8Array(pdf), { ...headers, 'content-type': 'application/pdf' })
    assert.equal(reply.status, 401)
    assert.equal(reply.json.error.code, 'UNAUTHORIZED')
  }
  const status = await fetch(`${api.url}/v1/documents/${accepted[0] as string}`)
  assert.equal(status.status, 401)
})

test('bad input gets a precise status and a stable code, and leaves nothing behind', async () => {
  const notPdf = Buffer.from('PK\u0003\u0004 this is a zip, named .pdf')
  const tooLarge = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(maxBytes)])
  const cases: Array<[string, BodyInit | undefined, Record<string, string>, number, string]> = [
    ['empty raw body', new Uint8Array(), { 'content-type': 'application/pdf' }, 400, 'EMPTY_BODY'],
    ['no file in the form', form([], { only: 'a field' }), {}, 400, 'EMPTY_BODY'],
    ['empty file in the form', form([['empty.pdf', Buffer.alloc(0)]]), {}, 400, 'EMPTY_FILE'],
    ['raw body that is not a PDF', new Uint8Array(notPdf), { 'content-type': 'application/pdf' }, 422, 'NOT_PDF'],
    ['second file of a form is not a PDF', form([['ok.pdf', pdf], ['fake.pdf', notPdf]]), {}, 422, 'NOT_PDF'],
    ['raw body over the limit', new Uint8Array(tooLarge), { 'content-type': 'application/pdf' }, 413, 'TOO_LARGE'],
    ['file over the limit in a form', form([['ok.pdf', pdf], ['big.pdf', tooLarge]]), {}, 413, 'TOO_LARGE'],
    ['too many files', form([['1.pdf', pdf], ['2.pdf', pdf], ['3.pdf', pdf], ['4.pdf', pdf]]), {}, 413, 'TOO_MANY_FILES'],
    ['malformed multipart', '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7 no closing boundary', { 'content-type': 'multipart/form-data; boundary=xyz' }, 400, 'MALFORMED_MULTIPART'],
    ['multipart without boundary', 'x', { 'content-type': 'multipart/form-data' }, 400, 'MALFORMED_MULTIPART'],
    ['JSON body', '{"url":"http://example.com/a.pdf"}', { 'content-type': 'application/json' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['text body', '%PDF-1.7', { 'content-type': 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE']
  ]
  for (const [name, body, headers, status, code] of cases) {
    const reply = await post(body, { ...auth, ...headers })
    assert.equal(reply.status, status, `${name}: ${JSON.stringify(reply.json)}`)
    assert.equal(reply.json?.error?.code, code, name)
    assert.equal(typeof reply.json.error.message, 'string', name)
  }
  const stored = await listKeys(createS3Client(config), config.s3.inboxBucket, 'api/')
  assert.deepEqual(stored, accepted.map(apiObjectKey).sort(), 'only accepted uploads are in the bucket')
  await reader.caughtUp()
  assert.equal(reader.all().length, accepted.length, 'rejected uploads publish no event')
})

test('an oversized body without Content-Length is cut off early, not read to the end', async () => {
  const chunk = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(16 * 1024 - 9, 0x20)])
  const result = await new Promise<{ status: number, sentBytes: number, body: string }>((resolve, reject) => {
    let sentBytes = 0
    let writing = true
    const request = httpRequest(`${api.url}/v1/documents`, { method: 'POST', headers: { ...auth, 'content-type': 'application/pdf', 'transfer-encoding': 'chunked' } }, (response) => {
      writing = false
      let body = ''
      response.on('data', (data: Buffer) => { body += data.toString() })
      response.on('end', () => resolve({ status: response.statusCode ?? 0, sentBytes, body }))
    })
    request.on('error', (error) => { if (writing) reject(error) })
    const pump = (): void => {
      // Up to 64 MiB would be sent if the server kept reading.
      if (!writing || sentBytes > 64 * 1024 * 1024) return request.end() as unknown as void
      sentBytes += chunk.length
      request.write(sentBytes === chunk.length ? chunk : Buffer.alloc(chunk.length, 0x20), () => setImmediate(pump))
    }
    pump()
  })
  assert.equal(result.status, 413)
  assert.equal(JSON.parse(result.body).error.code, 'TOO_LARGE')
  assert.ok(result.sentBytes < 8 * 1024 * 1024, `stopped after ${result.sentBytes} bytes`)
})

test('Idempotency-Key: a retry returns the same ids and emits no second event, across restarts', async () => {
  const before = reader.all().length
  const send = async (key: string, apiKey = 'it-key-one'): Promise<{ status: number, json: any, headers: Headers }> =>
    post(form([['x.pdf', pdf], ['y.pdf', pdf]]), { authorization: `Bearer ${apiKey}`, 'idempotency-key': key })
  const first = await send('order-42')
  assert.equal(first.status, 202)
  const retry = await send('order-42')
  assert.equal(retry.status, 202)
  assert.equal(retry.headers.get('idempotent-replayed'), 'true')
  assert.deepEqual(retry.json, first.json)
  // Another caller with the same key is a different request.
  const other = await send('order-42', 'it-key-two')
  assert.notDeepEqual(other.json.documents.map((d: { documentId: string }) => d.documentId), first.json.documents.map((d: { documentId: string }) => d.documentId))
  // A restarted (or another) API replica answers the retry from the record in the bucket.
  const replica = await startApi(apiOptions(config, { port: 0 }))
  try {
    const response = await fetch(`${replica.url}/v1/documents`, { method: 'POST', body: form([['x.pdf', pdf]]), headers: { authorization: 'Bearer it-key-one', 'idempotency-key': 'order-42' } })
    assert.deepEqual(await response.json(), first.json)
  } finally {
    await replica.stop()
  }
  accepted.push(...first.json.documents.map((d: { documentId: string }) => d.documentId), ...other.json.documents.map((d: { documentId: string }) => d.documentId))
  await reader.caughtUp()
  const events = reader.all()
  assert.equal(events.length, before + 4, 'two events per first request, none for replays')
  assert.equal(events.filter((entry) => entry.event.documentId === first.json.documents[0].documentId).length, 1)
  for (const key of ['', 'has space', 'x'.repeat(201)]) {
    const bad = await send(key)
    assert.equal(bad.status, 400, JSON.stringify(key))
    assert.equal(bad.json.error.code, 'INVALID_IDEMPOTENCY_KEY')
  }
})

test('health, readiness and metrics', async () => {
  assert.deepEqual(await (await fetch(`${api.url}/healthz`)).json(), { status: 'ok' })
  const ready = await fetch(`${api.url}/readyz`)
  assert.equal(ready.status, 200)
  assert.deepEqual((await ready.json()).checks, { kafka: { ok: true }, s3: { ok: true }, registry: { ok: true } })
  const metrics = await (await fetch(`${api.url}/metrics`)).text()
  assert.match(metrics, /sluice_api_requests_total\{route="\/v1\/documents",method="POST",status="202"[^}]*\} \d+/)
  assert.match(metrics, /sluice_api_failures_total\{reason="NOT_PDF"[^}]*\} [1-9]/)
  assert.match(metrics, /sluice_api_upload_bytes_total\{outcome="accepted"[^}]*\} [1-9]/)
  assert.match(metrics, /sluice_api_request_duration_seconds_bucket/)
  const missing = await fetch(`${api.url}/v2/nothing`)
  assert.equal(missing.status, 404)
  assert.equal((await missing.json()).error.code, 'ROUTE_NOT_FOUND')
})
