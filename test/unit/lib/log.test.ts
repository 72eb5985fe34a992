import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loggedError, loggedFields, redactLoggedErrors } from '../../../lib/log.ts'
import { callerStrings } from '../../../lib/privacy/caller-strings.ts'
import { createRedactor } from '../../../lib/redaction/index.ts'

// An S3 error as minio builds it from the server's XML: every XML field is an enumerable property.
function s3Error (): Error {
  return Object.assign(new Error(), { code: 'AccessDenied', message: 'Access Denied on private/jane.roe@example.org.pdf', key: 'private/jane.roe@example.org.pdf', resource: '/inbox/private/jane.roe@example.org.pdf', bucketname: 'inbox' })
}

test('an error field is logged as code and message only, never the error\'s other fields', () => {
  const fields = loggedFields({ documentId: 'd', error: s3Error() })
  assert.equal(typeof fields.error, 'string')
  assert.ok(!JSON.stringify(fields).includes('/inbox/'), JSON.stringify(fields))
  assert.equal(loggedError(new TypeError('bad')), 'TypeError: bad')
  const plain = { documentId: 'd', pages: 3 }
  assert.equal(loggedFields(plain), plain, 'lines without errors are left alone')
})

test('once a service sets its caller-string redaction, error texts pass it, strings and errors alike', () => {
  redactLoggedErrors(callerStrings(createRedactor(), 'k').redact)
  try {
    assert.deepEqual(loggedFields({ error: s3Error(), err: 'failed on scan_536-22-8456.pdf' }), {
      error: 'AccessDenied: Access Denied on private/[EMAIL_ADDRESS].pdf',
      err: 'failed on scan_[US_SSN].pdf'
    })
  } finally {
    redactLoggedErrors((text) => text)
  }
})
