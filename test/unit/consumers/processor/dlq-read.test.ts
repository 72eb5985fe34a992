import assert from 'node:assert/strict'
import { test } from 'node:test'
import { matchesFilter } from '../../../../consumers/processor/dlq-read.ts'
import type { DeadLetter } from '../../../../lib/events/types.ts'

const letter = (errorCode: string, lastFailureAt: number): DeadLetter => ({
  documentId: 'doc-1',
  sourceTopic: 'documents.received',
  sourcePartition: 0,
  sourceOffset: 7,
  originalKey: null,
  originalValue: Buffer.from('x'),
  errorCode,
  errorMessage: 'm',
  attempts: 3,
  firstFailureAt: lastFailureAt - 1000,
  lastFailureAt,
  host: 'test:1'
})

test('no filter keeps every letter', () => {
  assert.equal(matchesFilter(letter('undecodable', 5000), { reasons: [] }), true)
})

test('reasons keep only the listed codes', () => {
  assert.equal(matchesFilter(letter('outage_limit', 5000), { reasons: ['outage_limit', 'internal'] }), true)
  assert.equal(matchesFilter(letter('undecodable', 5000), { reasons: ['outage_limit'] }), false)
})

test('the window is half-open on the last failure time', () => {
  const window = { fromMs: 5000, toMs: 6000 }
  assert.equal(matchesFilter(letter('internal', 5000), { reasons: [], window }), true)
  assert.equal(matchesFilter(letter('internal', 5999), { reasons: [], window }), true)
  assert.equal(matchesFilter(letter('internal', 6000), { reasons: [], window }), false)
  assert.equal(matchesFilter(letter('internal', 4999), { reasons: [], window }), false)
})
