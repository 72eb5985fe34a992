// lib/retry/transient.ts: the one rule for "a dependency is unavailable right now" (retry, pause)
// versus "this input is bad", shared by the processor and the sink.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SluiceError } from '../../../../lib/errors.ts'
import { isTransient } from '../../../../lib/retry/transient.ts'

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
