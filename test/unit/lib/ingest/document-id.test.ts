import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bucketObjectDocumentId, deriveDocumentId, isDocumentId, newDocumentId, normalizeETag } from '../../../../lib/ingest/document-id.ts'

test('derived ids are version-5 UUIDs, stable for the same parts', () => {
  const id = deriveDocumentId('bucket', 'inbox', 'a.pdf', 'etag')
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.equal(deriveDocumentId('bucket', 'inbox', 'a.pdf', 'etag'), id)
  assert.ok(isDocumentId(id))
})

test('parts are separated unambiguously', () => {
  assert.notEqual(deriveDocumentId('ab', 'c'), deriveDocumentId('a', 'bc'))
  assert.notEqual(deriveDocumentId('a'), deriveDocumentId('a', ''))
})

test('bucket object ids depend on bucket, key and eTag, not on eTag quoting or case', () => {
  const id = bucketObjectDocumentId('inbox', 'reports/Q1 résumé.pdf', '"ABC123"')
  assert.equal(bucketObjectDocumentId('inbox', 'reports/Q1 résumé.pdf', 'abc123'), id)
  assert.notEqual(bucketObjectDocumentId('inbox', 'reports/Q1 résumé.pdf', 'abc124'), id)
  assert.notEqual(bucketObjectDocumentId('inbox2', 'reports/Q1 résumé.pdf', 'abc123'), id)
  assert.notEqual(bucketObjectDocumentId('inbox', 'reports/Q1 resume.pdf', 'abc123'), id)
  assert.equal(normalizeETag('"d41d8cd98f00b204e9800998ecf8427e-2"'), 'd41d8cd98f00b204e9800998ecf8427e-2')
})

test('new ids are random UUIDs and non-UUIDs are rejected', () => {
  assert.notEqual(newDocumentId(), newDocumentId())
  assert.ok(isDocumentId(newDocumentId()))
  for (const bad of ['', 'abc', '../../etc/passwd', '0b7f3c2e-4c1a-4d8e-9a57-1f6f1d2f3a4', '0B7F3C2E-4C1A-4D8E-9A57-1F6F1D2F3A4B']) assert.equal(isDocumentId(bad), false, bad)
})
