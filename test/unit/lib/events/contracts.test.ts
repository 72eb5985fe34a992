import { test } from 'node:test'
import assert from 'node:assert/strict'
import avro from 'avsc'
import { readEventSchema } from '../../../../lib/events/schemas.ts'
import type { DeadLetter, DocumentProcessed, DocumentReceived, EventKind, EventPayloads } from '../../../../lib/events/types.ts'

const received: DocumentReceived = {
  documentId: '0b7f3c2e-4c1a-4d8e-9a57-1f6f1d2f3a4b',
  source: 'bucket',
  bucket: 'sluice-inbox',
  key: 'reports/Q1 résumé.pdf',
  size: 1234,
  sha256: 'a'.repeat(64),
  contentType: 'application/pdf',
  receivedAt: 1_764_000_000_000,
  metadata: { team: 'finance' }
}

const processed: DocumentProcessed = {
  ...received,
  status: 'failed',
  failureReason: 'encrypted',
  failureMessage: 'the PDF is password protected',
  pages: 0,
  chars: 0,
  piiCounts: {},
  resultBucket: null,
  resultKey: null,
  startedAt: 1_764_000_000_010,
  completedAt: 1_764_000_000_020,
  timings: { queueMs: 10, fetchMs: 1, extractMs: 2, redactMs: 0, storeMs: 0, totalMs: 20 },
  host: 'worker-1:123',
  partition: 3,
  offset: 42,
  attempt: 1,
  keyPseudonym: '5f'.repeat(16)
}
delete (processed as Partial<DocumentReceived>).contentType
delete (processed as Partial<DocumentReceived>).metadata

const deadLetter: DeadLetter = {
  documentId: null,
  sourceTopic: 'documents.received',
  sourcePartition: 0,
  sourceOffset: 7,
  originalKey: Buffer.from('k'),
  originalValue: Buffer.from([0, 1, 2]),
  errorCode: 'undecodable',
  errorMessage: 'unknown magic byte',
  attempts: 1,
  firstFailureAt: 1,
  lastFailureAt: 2,
  host: 'worker-1:123'
}

const samples: { [K in EventKind]: EventPayloads[K] } = { received, processed, deadLetter }

for (const [kind, sample] of Object.entries(samples) as Array<[EventKind, object]>) {
  test(`the ${kind} schema and its TypeScript type have the same fields and round-trip`, async () => {
    const type = avro.Type.forSchema(JSON.parse(await readEventSchema(kind)))
    const schemaFields = (type as unknown as { fields: Array<{ name: string }> }).fields.map((field) => field.name).sort()
    assert.deepEqual(Object.keys(sample).sort(), schemaFields)
    assert.ok(type.isValid(sample), `${kind} sample must be valid for its schema`)
    // avsc decodes into record classes; compare plain data.
    const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value))
    assert.deepEqual(plain(type.fromBuffer(type.toBuffer(sample))), plain(sample))
  })
}
