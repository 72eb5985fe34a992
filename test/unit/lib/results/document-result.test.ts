// The result object's format: what the processor writes is plain JSON with the summary and the
// text, and the status reader gets the summary back without reading the text, in any chunking,
// from legacy summary.json objects too, and refuses objects that are not results.
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { test } from 'node:test'
import type { Client } from 'minio'
import type { DocumentProcessed } from '../../../../lib/events/types.ts'
import { legacySummaryKey, resultKey } from '../../../../lib/ingest/object-keys.ts'
import { encodeDocumentResult, JsonValueEnd, maxSummaryBytes, readOutcomeSummary } from '../../../../lib/results/document-result.ts'
import { isSluiceError } from '../../../../lib/errors.ts'

const summary = {
  documentId: 'doc-1',
  status: 'failed',
  // Strings with every character that could fool a scanner: quotes, backslashes, brackets, non-ASCII.
  key: 'reports/{"x"}\\[q]}é😀.pdf',
  failureMessage: 'bad \\"} token ]',
  piiCounts: { EMAIL_ADDRESS: 2 }
} as unknown as DocumentProcessed

/** An object store holding `objects`, serving each in chunks of `chunkSize` bytes; counts the bytes it served. */
function store (objects: Record<string, Buffer>, chunkSize: number): { s3: Client, served: () => number } {
  let served = 0
  const s3 = {
    getObject: async (_bucket: string, key: string) => {
      const body = objects[key]
      if (body === undefined) throw Object.assign(new Error('no such key'), { code: 'NoSuchKey' })
      return Readable.from((function * () {
        for (let offset = 0; offset < body.byteLength; offset += chunkSize) {
          served += Math.min(chunkSize, body.byteLength - offset)
          yield body.subarray(offset, offset + chunkSize)
        }
      })())
    }
  } as unknown as Client
  return { s3, served: () => served }
}

test('the object is JSON with the summary and the text', () => {
  const text = 'Page one [EMAIL_ADDRESS]\fPage "two" }'
  assert.deepEqual(JSON.parse(encodeDocumentResult(summary, text).toString('utf8')), { summary: JSON.parse(JSON.stringify(summary)), text })
  assert.deepEqual(JSON.parse(encodeDocumentResult(summary, null).toString('utf8')), { summary: JSON.parse(JSON.stringify(summary)), text: null })
})

test('the summary is read back in any chunking without reading the text', async () => {
  const body = encodeDocumentResult(summary, 'x'.repeat(4 * 1024 * 1024))
  for (const chunkSize of [1, 3, 7, 64, 65_536]) {
    const { s3, served } = store({ [resultKey('doc-1')]: body }, chunkSize)
    assert.deepEqual(await readOutcomeSummary(s3, 'results', 'doc-1'), JSON.parse(JSON.stringify(summary)), `chunks of ${chunkSize}`)
    assert.ok(served() < 2 * 65_536, `read ${served()} bytes of ${body.byteLength} in chunks of ${chunkSize}`)
  }
})

test('a legacy summary.json is read when there is no result object; no object means no outcome', async () => {
  const { s3 } = store({ [legacySummaryKey('doc-1')]: Buffer.from(JSON.stringify(summary, null, 2) + '\n') }, 5)
  assert.deepEqual(await readOutcomeSummary(s3, 'results', 'doc-1'), JSON.parse(JSON.stringify(summary)))
  assert.equal(await readOutcomeSummary(s3, 'results', 'doc-2'), undefined)
})

test('an object that is not a result fails with RESULT_UNREADABLE instead of being read whole', async () => {
  const cases = {
    foreign: Buffer.from('{"other":{"documentId":"doc-1"},"text":null}'),
    truncated: Buffer.from('{"summary":{"documentId":"doc-1"'),
    unending: Buffer.concat([Buffer.from('{"summary":{"k":"'), Buffer.alloc(maxSummaryBytes + 10, 'a')])
  }
  for (const [name, body] of Object.entries(cases)) {
    const { s3 } = store({ [resultKey('doc-1')]: body }, 4096)
    await assert.rejects(readOutcomeSummary(s3, 'results', 'doc-1'), (error) => isSluiceError(error, 'RESULT_UNREADABLE'), name)
  }
})

test('the scanner finds the end of a JSON value, not of a bracket inside a string', () => {
  const scanner = new JsonValueEnd()
  const input = Buffer.from('{"a":"}\\\\","b":["]",{"c":"\\"}"}]} trailing')
  assert.equal(scanner.feed(input), input.indexOf(' trailing'))
})
