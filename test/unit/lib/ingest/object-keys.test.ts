import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isReservedKey, apiObjectKey, topicObjectKey, resultKey, outcomeKeys } from '../../../../lib/ingest/object-keys.ts'

test('keys Sluice writes are reserved, dropped keys are not', () => {
  const id = '0b7f3c2e-4c1a-4d8e-9a57-1f6f1d2f3a4b'
  assert.ok(isReservedKey(apiObjectKey(id)))
  assert.ok(isReservedKey(topicObjectKey(id)))
  assert.ok(isReservedKey('_sluice/idempotency/x.json'))
  assert.equal(isReservedKey('apis/report.pdf'), false)
  assert.equal(isReservedKey('reports/api/x.pdf'), false)
  assert.equal(resultKey(id), `documents/${id}/result.json`)
  assert.deepEqual(outcomeKeys(id), [`documents/${id}/result.json`, `documents/${id}/summary.json`])
})
