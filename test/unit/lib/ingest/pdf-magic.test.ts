import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startsWithPdfMagic } from '../../../../lib/ingest/pdf-magic.ts'
import { isReservedKey, apiObjectKey, topicObjectKey, summaryKey } from '../../../../lib/ingest/object-keys.ts'

test('the PDF header decides, not the name', () => {
  assert.equal(startsWithPdfMagic(Buffer.from('%PDF-1.7\n...')), true)
  assert.equal(startsWithPdfMagic(Buffer.from('%PDF-')), true)
  assert.equal(startsWithPdfMagic(Buffer.from('%PDF')), false)
  assert.equal(startsWithPdfMagic(Buffer.from(' %PDF-1.7')), false)
  assert.equal(startsWithPdfMagic(Buffer.from('PK\u0003\u0004')), false)
  assert.equal(startsWithPdfMagic(new Uint8Array()), false)
})

test('keys Sluice writes are reserved, dropped keys are not', () => {
  const id = '0b7f3c2e-4c1a-4d8e-9a57-1f6f1d2f3a4b'
  assert.ok(isReservedKey(apiObjectKey(id)))
  assert.ok(isReservedKey(topicObjectKey(id)))
  assert.ok(isReservedKey('_sluice/idempotency/x.json'))
  assert.equal(isReservedKey('apis/report.pdf'), false)
  assert.equal(isReservedKey('reports/api/x.pdf'), false)
  assert.equal(summaryKey(id), `documents/${id}/summary.json`)
})
