// The streaming uploader against the real object store: single PUT below one part, multipart
// above it, the exact hash and size either way, and nothing left behind when a limit is hit.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import type { Client } from 'minio'
import type { Config } from '../../../../lib/config/index.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import { uploadDocumentStream } from '../../../../lib/ingest/stream-upload.ts'
import { createS3Client, ensureBuckets } from '../../../../lib/s3/client.ts'
import { listObjects } from '../../../../lib/s3/list-objects.ts'
import { ingestTestConfig, listKeys, removeTestResources } from '../../../support/ingest.ts'

let config: Config
let s3: Client

before(async () => {
  config = ingestTestConfig()
  s3 = createS3Client(config)
  await ensureBuckets(s3, [config.s3.inboxBucket, config.s3.resultsBucket], config.s3.region)
})

after(async () => removeTestResources(config, { kafka: false }))

function pdfLike (bytes: number): Buffer {
  const data = randomBytes(bytes)
  data.write('%PDF-1.7\n', 0, 'latin1')
  return data
}

/** Delivers the bytes in small uneven chunks, as a network stream would. */
async function * chunked (data: Buffer): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length;) {
    const size = 1000 + (offset % 65_536)
    yield data.subarray(offset, offset + size)
    offset += size
  }
}

async function download (key: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of await s3.getObject(config.s3.inboxBucket, key)) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

for (const size of [9, 5 * 1024 * 1024 - 1, 5 * 1024 * 1024, 12 * 1024 * 1024 + 17]) {
  test(`a ${size}-byte document is stored intact with its SHA-256`, async () => {
    const data = pdfLike(size)
    const key = `test/${size}.pdf`
    const stored = await uploadDocumentStream(s3, chunked(data), { bucket: config.s3.inboxBucket, key, maxBytes: 50 * 1024 * 1024, contentType: 'application/pdf', metadata: { 'file-name': 'x.pdf' } })
    assert.deepEqual(stored, { size, sha256: createHash('sha256').update(data).digest('hex') })
    const back = await download(key)
    assert.equal(back.length, size)
    assert.ok(back.equals(data))
    const stat = await s3.statObject(config.s3.inboxBucket, key)
    assert.equal(stat.metaData['content-type'], 'application/pdf')
  })
}

test('over the limit mid-multipart: rejected, nothing stored, the multipart upload aborted', async () => {
  const key = 'test/too-large.pdf'
  let read = 0
  const data = pdfLike(20 * 1024 * 1024)
  const counting = (async function * () {
    for await (const chunk of chunked(data)) {
      read += chunk.length
      yield chunk
    }
  })()
  await assert.rejects(uploadDocumentStream(s3, counting, { bucket: config.s3.inboxBucket, key, maxBytes: 11 * 1024 * 1024, contentType: 'application/pdf' }), (error: unknown) => isSluiceError(error, 'TOO_LARGE'))
  assert.ok(read < 12 * 1024 * 1024, `stopped reading after ${read} bytes`)
  assert.deepEqual((await listKeys(s3, config.s3.inboxBucket, 'test/too-large')), [])
  const pending: unknown[] = []
  for await (const upload of s3.listIncompleteUploads(config.s3.inboxBucket, 'test/too-large', true)) pending.push(upload)
  assert.deepEqual(pending, [])
})

test('not a PDF or empty: rejected before anything is written', async () => {
  await assert.rejects(uploadDocumentStream(s3, chunked(Buffer.from('GIF89a....')), { bucket: config.s3.inboxBucket, key: 'test/gif.pdf', maxBytes: 1024, contentType: 'application/pdf' }), (error: unknown) => isSluiceError(error, 'NOT_PDF'))
  await assert.rejects(uploadDocumentStream(s3, chunked(Buffer.alloc(0)), { bucket: config.s3.inboxBucket, key: 'test/empty.pdf', maxBytes: 1024, contentType: 'application/pdf' }), (error: unknown) => isSluiceError(error, 'EMPTY'))
  await assert.rejects(uploadDocumentStream(s3, chunked(Buffer.from('%PD')), { bucket: config.s3.inboxBucket, key: 'test/short.pdf', maxBytes: 1024, contentType: 'application/pdf' }), (error: unknown) => isSluiceError(error, 'NOT_PDF'))
  const left = await listKeys(s3, config.s3.inboxBucket, 'test/')
  assert.deepEqual(left.filter((key) => /gif|empty|short/.test(key)), [])
})

test('the PDF signature rule is the processor\'s: a header after leading bytes, even across chunks, is accepted', async () => {
  // 1000-byte first chunk: the header at byte 998 only completes in the second chunk.
  const late = Buffer.concat([Buffer.alloc(998, 0x20), pdfLike(4000)])
  const stored = await uploadDocumentStream(s3, chunked(late), { bucket: config.s3.inboxBucket, key: 'test/late-header.pdf', maxBytes: 1_000_000, contentType: 'application/pdf' })
  assert.equal(stored.size, late.length)
  const tooLate = Buffer.concat([Buffer.alloc(1100, 0x20), pdfLike(4000)])
  await assert.rejects(uploadDocumentStream(s3, chunked(tooLate), { bucket: config.s3.inboxBucket, key: 'test/too-late.pdf', maxBytes: 1_000_000, contentType: 'application/pdf' }), (error: unknown) => isSluiceError(error, 'NOT_PDF'))
  assert.deepEqual((await listKeys(s3, config.s3.inboxBucket, 'test/')).filter((key) => key.includes('too-late')), [])
})

test('listing returns keys exactly as stored, page after page', async () => {
  const keys = ['list/plus+sign.pdf', 'list/100% done.pdf', 'list/already%20escaped.pdf', 'list/a & b <c>.pdf', 'list/résumé – 日本語.pdf']
  for (const key of keys) await s3.putObject(config.s3.inboxBucket, key, Buffer.from('%PDF-1.7'), 8)
  const listed = []
  for await (const object of listObjects(s3, config.s3.inboxBucket, 'list/', 2)) listed.push(object)
  assert.deepEqual(listed.map((object) => object.key).sort(), [...keys].sort())
  for (const object of listed) {
    const stat = await s3.statObject(config.s3.inboxBucket, object.key)
    assert.equal(object.eTag, stat.etag, object.key)
    assert.equal(object.size, 8)
  }
})
