import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isTransient } from '../../../../lib/retry/transient.ts'
import { SluiceError, failureReasonOf } from '../../../../lib/errors.ts'
import { failureReasons } from '../../../../lib/events/types.ts'

test('every document error code maps to its lowercase failure reason', () => {
  const cases = {
    NOT_PDF: 'not_pdf',
    ENCRYPTED: 'encrypted',
    CORRUPT: 'corrupt',
    EMPTY: 'empty',
    TOO_LARGE: 'too_large',
    TOO_MANY_PAGES: 'too_many_pages',
    TOO_LARGE_DECODED: 'too_large_decoded',
    TIMEOUT: 'timeout',
    CRASHED: 'crashed',
    MISSING_OBJECT: 'missing_object'
  } as const
  for (const [code, reason] of Object.entries(cases)) {
    assert.equal(failureReasonOf(new SluiceError(code as keyof typeof cases, 'x')), reason)
    assert.ok((failureReasons as readonly string[]).includes(reason))
  }
})

test('anything unexpected is internal', () => {
  assert.equal(failureReasonOf(new SluiceError('RULES_INVALID', 'x')), 'internal')
  assert.equal(failureReasonOf(new TypeError('boom')), 'internal')
  assert.equal(failureReasonOf('a string'), 'internal')
})

test('service outages are transient; bad documents and programming errors are not', () => {
  const networkError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' })
  assert.equal(isTransient(networkError), true)
  assert.equal(isTransient(Object.assign(new Error('S3'), { code: 'SlowDown' })), true)
  assert.equal(isTransient(Object.assign(new Error('S3 500'), { code: 'SomethingElse', statusCode: 503 })), true)
  assert.equal(isTransient(Object.assign(new Error('broker down'), { name: 'KafkaJSNumberOfRetriesExceeded' })), true)
  assert.equal(isTransient(Object.assign(new Error('registry'), { status: 502 })), true)
  assert.equal(isTransient(new SluiceError('SERVICE_UNAVAILABLE', 'x')), true)
  assert.equal(isTransient(new Error('wrapper', { cause: networkError })), true)

  assert.equal(isTransient(Object.assign(new Error('unknown schema'), { status: 404 })), false)
  assert.equal(isTransient(Object.assign(new Error('S3'), { code: 'AccessDenied', statusCode: 403 })), false)
  assert.equal(isTransient(new SluiceError('MISSING_OBJECT', 'x')), false)
  assert.equal(isTransient(new TypeError('x is undefined')), false)
  assert.equal(isTransient(null), false)
})
