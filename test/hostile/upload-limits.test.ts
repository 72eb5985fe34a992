// Hostile names and form fields at the upload API: each breaks one input limit
// (lib/ingest/limits.ts) and gets its own 4xx code, quickly, with nothing stored and no event.
// (Empty, oversized, not-PDF and malformed bodies are covered by test/integration/ingest/api.test.ts.)
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Config } from '../../lib/config/index.ts'
import { apiObjectKey } from '../../lib/ingest/object-keys.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { apiOptions } from '../../producers/api/options.ts'
import { startApi, type RunningApi } from '../../producers/api/service.ts'
import { ingestTestConfig, listKeys, onePagePdf, readReceived, removeTestResources, type ReceivedReader } from '../support/ingest.ts'

let config: Config
let api: RunningApi
let reader: ReceivedReader
let pdf: Buffer
const auth = { authorization: 'Bearer it-key-one' }
// Every refusal here happens before any storage call, so it is fast even on a loaded machine.
const boundSeconds = 5

before(async () => {
  config = ingestTestConfig()
  api = await startApi(apiOptions(config, { port: 0 }))
  reader = await readReceived(config)
  pdf = await onePagePdf('hostile names')
})

after(async () => {
  await reader?.close()
  await api?.stop()
  if (config !== undefined) await removeTestResources(config)
})

async function post (body: Uint8Array, headers: Record<string, string>): Promise<{ status: number, code: string | undefined, seconds: number, json: any }> {
  const started = performance.now()
  const response = await fetch(`${api.url}/v1/documents`, { method: 'POST', body: new Uint8Array(body), headers: { ...auth, ...headers } })
  const json = await response.json()
  return { status: response.status, code: json?.error?.code, seconds: (performance.now() - started) / 1000, json }
}

/** A multipart body written by hand, so names can carry what FormData would escape. */
function multipart (parts: Array<{ name: string, fileName?: string, value: Buffer | string }>): { body: Uint8Array, headers: Record<string, string> } {
  const boundary = 'hostile-boundary-7f3a'
  const chunks: Buffer[] = []
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.fileName === undefined ? '' : `; filename="${part.fileName}"`}`
    const type = part.fileName === undefined ? '' : 'Content-Type: application/pdf\r\n'
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`, 'utf8'), Buffer.from(part.value), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: new Uint8Array(Buffer.concat(chunks)), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

const file = (fileName: string): { name: string, fileName: string, value: Buffer } => ({ name: 'file', fileName, value: pdf })
const fields = (count: number, size: number): Array<{ name: string, value: string }> => Array.from({ length: count }, (_, index) => ({ name: `f${index}`, value: 'x'.repeat(size) }))

test('names and fields that break a limit get their own 4xx code, never 503, and leave nothing behind', async () => {
  const raw = (headers: Record<string, string>): { body: Uint8Array, headers: Record<string, string> } => ({ body: new Uint8Array(pdf), headers: { 'content-type': 'application/pdf', ...headers } })
  const cases: Array<[string, { body: Uint8Array, headers: Record<string, string> }, number, string]> = [
    ['2000-character X-File-Name (was 503 STORAGE_UNAVAILABLE)', raw({ 'x-file-name': 'a'.repeat(2000) }), 400, 'FILE_NAME_TOO_LONG'],
    ['256-byte UTF-8 name', raw({ 'x-file-name': encodeURIComponent('é'.repeat(128)) }), 400, 'FILE_NAME_TOO_LONG'],
    ['traversal in Content-Disposition', raw({ 'content-disposition': 'attachment; filename="../../etc/passwd"' }), 400, 'FILE_NAME_INVALID'],
    ['backslash traversal', raw({ 'x-file-name': encodeURIComponent('..\\..\\boot.ini') }), 400, 'FILE_NAME_INVALID'],
    ['NUL in the name', raw({ 'x-file-name': 'a%00.pdf' }), 400, 'FILE_NAME_INVALID'],
    ['line break in the name (log injection)', raw({ 'x-file-name': 'a%0D%0A{"level":60}.pdf' }), 400, 'FILE_NAME_INVALID'],
    ['name ".."', raw({ 'x-file-name': '..' }), 400, 'FILE_NAME_INVALID'],
    ['multipart: traversal in the file name', multipart([file('../../../etc/cron.d/x.pdf')]), 400, 'FILE_NAME_INVALID'],
    ['multipart: escape character in the file name', multipart([file('a\u001b[31m.pdf')]), 400, 'FILE_NAME_INVALID'],
    ['multipart: 2000-character file name', multipart([file('b'.repeat(2000))]), 400, 'FILE_NAME_TOO_LONG'],
    ['multipart: 5 KB field (documented limit 1 KiB)', multipart([{ name: 'note', value: 'x'.repeat(5000) }, file('a.pdf')]), 413, 'FIELD_TOO_LARGE'],
    ['multipart: 5 KB field after the file', multipart([file('a.pdf'), { name: 'note', value: 'x'.repeat(5000) }]), 413, 'FIELD_TOO_LARGE'],
    ['multipart: field name with a space', multipart([{ name: 'bad name', value: 'x' }, file('a.pdf')]), 400, 'FIELD_NAME_INVALID'],
    ['multipart: 200-character field name', multipart([{ name: 'n'.repeat(200), value: 'x' }, file('a.pdf')]), 400, 'FIELD_NAME_INVALID'],
    ['multipart: 9 fields of 1000 bytes (over 8 KiB in all)', multipart([...fields(9, 1000), file('a.pdf')]), 413, 'METADATA_TOO_LARGE'],
    ['multipart: 21 fields', multipart([...fields(21, 1), file('a.pdf')]), 413, 'TOO_MANY_FIELDS']
  ]
  for (const [name, request, status, code] of cases) {
    const reply = await post(request.body, request.headers)
    assert.equal(reply.status, status, `${name}: ${JSON.stringify(reply.json)}`)
    assert.equal(reply.code, code, name)
    assert.ok(reply.seconds < boundSeconds, `${name}: answered in ${reply.seconds.toFixed(2)} s`)
  }
  assert.deepEqual(await listKeys(createS3Client(config), config.s3.inboxBucket, 'api/'), [], 'nothing stored')
  const accepted = await post(multipart([...fields(7, 1000), { name: 'note', value: 'y'.repeat(1024) }, file('Q1 résumé.pdf')]).body, multipart([]).headers)
  assert.equal(accepted.status, 202, 'fields exactly at the limits are accepted')
  const documentId = accepted.json.documents[0].documentId as string
  assert.deepEqual(await listKeys(createS3Client(config), config.s3.inboxBucket, 'api/'), [apiObjectKey(documentId)])
  const events = await reader.waitFor(1)
  assert.deepEqual(events.map((event) => event.event.documentId), [documentId], 'refused uploads published no event')
  assert.equal(events[0]?.event.metadata.note, 'y'.repeat(1024))
  assert.equal(events[0]?.event.metadata.fileName, 'Q1 résumé.pdf')
})
