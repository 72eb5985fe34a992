import assert from 'node:assert/strict'
import { test } from 'node:test'
import { processedEvent } from '../../../../consumers/processor/outcome.ts'
import type { DocumentReceived } from '../../../../lib/events/types.ts'

const event: DocumentReceived = {
  documentId: 'doc-1', source: 'api', bucket: 'inbox', key: 'api/doc-1.pdf', size: 1234, sha256: 'ab', contentType: 'application/pdf', receivedAt: 10_000, metadata: { team: 'x' }
}
const common = { event, startedAt: 10_400, completedAt: 11_000, host: 'box:42', partition: 2, offset: '77', attempt: 1 }

test('a processed document points at its redacted text and carries counts and timings', () => {
  const processed = processedEvent({
    ...common,
    ending: { status: 'processed', counts: { pages: 3, chars: 900, piiCounts: { EMAIL_ADDRESS: 2 } }, resultsBucket: 'results' },
    stages: { fetchMs: 5, extractMs: 300, redactMs: 20, storeMs: 8 }
  })
  assert.deepEqual(processed, {
    documentId: 'doc-1',
    source: 'api',
    bucket: 'inbox',
    key: 'api/doc-1.pdf',
    size: 1234,
    sha256: 'ab',
    status: 'processed',
    failureReason: null,
    failureMessage: null,
    pages: 3,
    chars: 900,
    piiCounts: { EMAIL_ADDRESS: 2 },
    resultBucket: 'results',
    resultKey: 'documents/doc-1/redacted.txt',
    receivedAt: 10_000,
    startedAt: 10_400,
    completedAt: 11_000,
    timings: { queueMs: 400, fetchMs: 5, extractMs: 300, redactMs: 20, storeMs: 8, totalMs: 1000 },
    host: 'box:42',
    partition: 2,
    offset: 77,
    attempt: 1
  })
})

test('a failed document has its reason, no result object and zero counts', () => {
  const failed = processedEvent({
    ...common,
    attempt: 3,
    ending: { status: 'failed', reason: 'timeout', message: 'took longer than 30000 ms' },
    stages: { fetchMs: 5, extractMs: 30_000, redactMs: 0, storeMs: 0 }
  })
  assert.equal(failed.status, 'failed')
  assert.equal(failed.failureReason, 'timeout')
  assert.equal(failed.failureMessage, 'took longer than 30000 ms')
  assert.equal(failed.resultBucket, null)
  assert.equal(failed.resultKey, null)
  assert.equal(failed.pages, 0)
  assert.equal(failed.chars, 0)
  assert.deepEqual(failed.piiCounts, {})
  assert.equal(failed.timings.extractMs, 30_000)
  assert.equal(failed.attempt, 3)
})
