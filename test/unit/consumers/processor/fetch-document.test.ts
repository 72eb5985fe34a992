// The processor's streaming fetch with a stand-in object store: the bytes come back in a buffer
// of their own, and a missing object, an empty one, one without a PDF header or one over the
// limit is refused as soon as that is known, without reading the rest.
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { test } from 'node:test'
import type { Client } from 'minio'
import { fetchDocument } from '../../../../consumers/processor/fetch-document.ts'
import { isSluiceError } from '../../../../lib/errors.ts'

interface Source { chunks: Buffer[], read: number, stream?: Readable, failAfter?: { chunks: number, error: Error } }

/** An object store whose one object is served chunk by chunk, counting how many chunks were pulled. */
function storeOf (source: Source | Error): Client {
  return {
    getObject: async () => {
      if (source instanceof Error) throw source
      const stream = Readable.from((function * () {
        for (const chunk of source.chunks) {
          if (source.failAfter !== undefined && source.read === source.failAfter.chunks) throw source.failAfter.error
          source.read++
          yield chunk
        }
      })(), { objectMode: true, highWaterMark: 1 })
      source.stream = stream
      return stream
    }
  } as unknown as Client
}

const source = (chunks: Buffer[], failAfter?: Source['failAfter']): Source => ({ chunks, read: 0, ...(failAfter === undefined ? {} : { failAfter }) })
const coded = (code: string) => (error: unknown) => isSluiceError(error) && error.code === code

test('a PDF comes back whole, in a buffer of its own that can be transferred to a thread', async () => {
  const body = source([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x20), Buffer.from('%%EOF\n')])
  const data = await fetchDocument(storeOf(body), 'inbox', 'a.pdf', 1_000_000)
  assert.equal(data.byteLength, 9 + 3000 + 6)
  assert.equal(Buffer.from(data.subarray(0, 8)).toString(), '%PDF-1.7')
  assert.equal(data.buffer.byteLength, data.byteLength, 'not a view into a shared pool')
  assert.ok(body.stream?.destroyed, 'the stream is released')
})

test('leading junk before the header is accepted within the first 1024 bytes, not after', async () => {
  const within = source([Buffer.alloc(1000, 0x0a), Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20)])
  assert.equal((await fetchDocument(storeOf(within), 'inbox', 'a.pdf', 1_000_000)).byteLength, 3009)
  const beyond = source([Buffer.alloc(1100, 0x0a), Buffer.from('%PDF-1.4\n'), ...Array.from({ length: 50 }, () => Buffer.alloc(1024, 0x20))])
  await assert.rejects(fetchDocument(storeOf(beyond), 'inbox', 'a.pdf', 100_000_000), coded('NOT_PDF'))
  assert.ok(beyond.read <= 2, `stopped after the header window, read ${beyond.read} chunks`)
})

test('an object over the limit is refused as TOO_LARGE as soon as it passes it', async () => {
  const large = source([Buffer.from('%PDF-1.7\n'), ...Array.from({ length: 100 }, () => Buffer.alloc(1024, 0x20))])
  await assert.rejects(fetchDocument(storeOf(large), 'inbox', 'big.pdf', 4096), coded('TOO_LARGE'))
  assert.ok(large.read <= 6, `read ${large.read} chunks of a 101-chunk object with a 4 KiB limit`)
  assert.ok(large.stream?.destroyed, 'the rest is not downloaded')
})

test('empty, short non-PDF and missing objects are refused with their codes', async () => {
  await assert.rejects(fetchDocument(storeOf(source([])), 'inbox', 'empty.pdf', 1000), coded('EMPTY'))
  await assert.rejects(fetchDocument(storeOf(source([Buffer.from('just a short letter')])), 'inbox', 'a.pdf', 1000), coded('NOT_PDF'))
  const missing = Object.assign(new Error('The specified key does not exist.'), { code: 'NoSuchKey' })
  await assert.rejects(fetchDocument(storeOf(missing), 'inbox', 'gone.pdf', 1000), (error) => coded('MISSING_OBJECT')(error) && !(error as Error).message.includes('gone.pdf'), 'the message never repeats the caller-controlled key')
  const vanished = source([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10)], { chunks: 1, error: Object.assign(new Error('gone'), { code: 'NoSuchKey' }) })
  await assert.rejects(fetchDocument(storeOf(vanished), 'inbox', 'a.pdf', 1000), coded('MISSING_OBJECT'))
})

test('a network failure propagates unchanged, to be retried as transient', async () => {
  const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
  await assert.rejects(fetchDocument(storeOf(reset), 'inbox', 'a.pdf', 1000), (error) => error === reset)
  const cut = source([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10)], { chunks: 1, error: reset })
  await assert.rejects(fetchDocument(storeOf(cut), 'inbox', 'a.pdf', 1000), (error) => error === reset)
})
