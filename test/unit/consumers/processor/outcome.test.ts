import assert from 'node:assert/strict'
import { test } from 'node:test'
import { processedEvent } from '../../../../consumers/processor/outcome.ts'
import type { DocumentReceived } from '../../../../lib/events/types.ts'
import { callerStrings } from '../../../../lib/privacy/caller-strings.ts'
import { createRedactor } from '../../../../lib/redaction/index.ts'

const event: DocumentReceived = {
  documentId: 'doc-1', source: 'api', bucket: 'inbox', key: 'api/doc-1.pdf', size: 1234, sha256: 'ab'.repeat(32), contentType: 'application/pdf', receivedAt: 10_000, metadata: { team: 'x' }
}
const strings = callerStrings(createRedactor(), 'test-key')
const common = { event, startedAt: 10_400, completedAt: 11_000, host: 'box:42', partition: 2, offset: '77', attempt: 1 }

test('a processed document points at its redacted text and carries counts and timings', () => {
  const processed = processedEvent({
    ...common,
    ending: { status: 'processed', counts: { pages: 3, chars: 900, piiCounts: { EMAIL_ADDRESS: 2 } }, resultsBucket: 'results' },
    stages: { fetchMs: 5, extractMs: 300, redactMs: 20, storeMs: 8 }
  }, strings)
  assert.deepEqual(processed, {
    documentId: 'doc-1',
    source: 'api',
    bucket: 'inbox',
    key: 'api/doc-1.pdf',
    size: 1234,
    sha256: 'ab'.repeat(32),
    status: 'processed',
    failureReason: null,
    failureMessage: null,
    pages: 3,
    chars: 900,
    piiCounts: { EMAIL_ADDRESS: 2 },
    resultBucket: 'results',
    resultKey: 'documents/doc-1/result.json',
    receivedAt: 10_000,
    startedAt: 10_400,
    completedAt: 11_000,
    timings: { queueMs: 400, fetchMs: 5, extractMs: 300, redactMs: 20, storeMs: 8, totalMs: 1000 },
    host: 'box:42',
    partition: 2,
    offset: 77,
    attempt: 1,
    keyPseudonym: strings.pseudonym('api/doc-1.pdf')
  })
})

test('a failed document has its reason, no result object and zero counts', () => {
  const failed = processedEvent({
    ...common,
    attempt: 3,
    ending: { status: 'failed', reason: 'timeout', message: 'took longer than 30000 ms' },
    stages: { fetchMs: 5, extractMs: 30_000, redactMs: 0, storeMs: 0 }
  }, strings)
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

test('the object key and the failure message leave as their redacted forms, with a keyed pseudonym of the raw key', () => {
  const rawKey = 'inbox/jane.roe@example.org_536-22-8456.pdf'
  const failed = processedEvent({
    ...common,
    event: { ...event, source: 'bucket', key: rawKey },
    ending: { status: 'failed', reason: 'missing_object', message: `lost ${rawKey} (NoSuchKey)` },
    stages: { fetchMs: 5, extractMs: 0, redactMs: 0, storeMs: 0 }
  }, strings)
  assert.equal(failed.key, 'inbox/[EMAIL_ADDRESS]_[US_SSN].pdf')
  assert.equal(failed.failureMessage, 'lost inbox/[EMAIL_ADDRESS]_[US_SSN].pdf (NoSuchKey)')
  assert.match(failed.keyPseudonym ?? '', /^[0-9a-f]{32}$/)
  assert.equal(failed.keyPseudonym, strings.pseudonym(rawKey))
  assert.notEqual(failed.keyPseudonym, callerStrings(createRedactor(), 'other-key').pseudonym(rawKey))
})

test('an external producer\'s bucket is redacted and a sha256 that is not one is left out', () => {
  const external = processedEvent({
    ...common,
    event: { ...event, source: 'topic', bucket: 'ssn-536-22-8456', key: 'in/jane.roe%40example.org.pdf', sha256: 'jane.roe@example.org' },
    ending: { status: 'failed', reason: 'missing_object', message: 'The object named by the event does not exist (NoSuchBucket).' },
    stages: { fetchMs: 1, extractMs: 0, redactMs: 0, storeMs: 0 }
  }, strings)
  assert.equal(external.bucket, 'ssn-[US_SSN]')
  assert.equal(external.key, 'in/[EMAIL_ADDRESS].pdf')
  assert.equal(external.sha256, '')
})
