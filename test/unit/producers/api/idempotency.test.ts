// Idempotency-Key handling with an in-memory object store: valid keys, ids derived from the key
// (so racing retries agree), scopes separated by API key, and records that round-trip.
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { test } from 'node:test'
import type { Client } from 'minio'
import { ApiError } from '../../../../producers/api/errors.ts'
import { idempotencyScope, readIdempotencyRecord, writeIdempotencyRecord, type AcceptedDocument } from '../../../../producers/api/idempotency.ts'

test('no header means no scope; a key outside printable ASCII or over 200 characters is refused', () => {
  assert.equal(idempotencyScope('key-hash', undefined), undefined)
  for (const bad of ['', 'has space', 'tab\tkey', 'ünïcode', 'x'.repeat(201)]) {
    assert.throws(() => idempotencyScope('key-hash', bad), (error) => error instanceof ApiError && error.code === 'INVALID_IDEMPOTENCY_KEY', JSON.stringify(bad))
  }
  assert.ok(idempotencyScope('key-hash', 'x'.repeat(200)) !== undefined)
})

test('the same key under the same API key gives the same record and ids; another API key does not', () => {
  const first = idempotencyScope('caller-one', 'order-42')
  const again = idempotencyScope('caller-one', 'order-42')
  const other = idempotencyScope('caller-two', 'order-42')
  assert.ok(first !== undefined && again !== undefined && other !== undefined)
  assert.equal(first.recordKey, again.recordKey)
  assert.deepEqual([0, 1, 2].map(first.documentIdFor), [0, 1, 2].map(again.documentIdFor))
  assert.notEqual(first.documentIdFor(0), first.documentIdFor(1), 'each file of a request has its own id')
  assert.notEqual(other.recordKey, first.recordKey)
  assert.notEqual(other.documentIdFor(0), first.documentIdFor(0))
  assert.match(first.recordKey, /^_sluice\/idempotency\/[0-9a-f]{64}\.json$/, 'under the reserved internal prefix, never the raw key')
  assert.ok(!first.recordKey.includes('order-42'))
})

test('a written record reads back; a missing one reads as undefined', async () => {
  const objects = new Map<string, Buffer>()
  const s3 = {
    getObject: async (bucket: string, key: string) => {
      const body = objects.get(`${bucket}/${key}`)
      if (body === undefined) throw Object.assign(new Error('no such key'), { code: 'NoSuchKey' })
      return Readable.from([body.subarray(0, 5), body.subarray(5)])
    },
    putObject: async (bucket: string, key: string, body: Buffer) => { objects.set(`${bucket}/${key}`, body) }
  } as unknown as Client
  const scope = idempotencyScope('caller-one', 'order-7')
  assert.ok(scope !== undefined)
  assert.equal(await readIdempotencyRecord(s3, 'inbox', scope), undefined)
  const documents: AcceptedDocument[] = [{ documentId: scope.documentIdFor(0), statusUrl: `/v1/documents/${scope.documentIdFor(0)}`, fileName: 'a.pdf', size: 10, sha256: 'ab'.repeat(32) }]
  await writeIdempotencyRecord(s3, 'inbox', scope, documents)
  assert.deepEqual(await readIdempotencyRecord(s3, 'inbox', scope), documents)
})
