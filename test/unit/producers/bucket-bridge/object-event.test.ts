import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bucketDocumentEvent } from '../../../../producers/bucket-bridge/object-event.ts'
import { callerStrings } from '../../../../lib/privacy/caller-strings.ts'
import { createRedactor } from '../../../../lib/redaction/index.ts'

const strings = callerStrings(createRedactor(), 'test-key')

test('a dropped object\'s event keeps the raw key in its key field only; file name and Content-Type are redacted', () => {
  const key = 'private/jane.roe%40example.org 536-22-8456.pdf'
  const event = bucketDocumentEvent('inbox', { key, size: 10, eTag: '"abc"', contentType: 'application/pdf; owner=ada.lovelace@example.com' }, 1000, strings)
  assert.equal(event.key, key)
  assert.equal(event.metadata.fileName, '[EMAIL_ADDRESS] [US_SSN].pdf')
  assert.equal(event.contentType, 'application/pdf; owner=[EMAIL_ADDRESS]')
  const { key: _raw, ...rest } = event
  assert.ok(!JSON.stringify(rest).includes('jane.roe') && !JSON.stringify(rest).includes('ada.lovelace'), JSON.stringify(rest))
  assert.equal(bucketDocumentEvent('inbox', { key: 'a.pdf', size: 1, eTag: 'e', contentType: 'application/pdf' }, 1, strings).contentType, 'application/pdf')
})
