// lib/errors.ts is the one catalogue of error codes: check its shape and that the contracts
// which name its failure reasons say the same.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'
import { SluiceError, errorCatalogue, failureReasonOf, failureReasons } from '../../../lib/errors.ts'
import { repositoryPath } from '../../support/repository.ts'

test('codes are UPPER_SNAKE and every failure reason is its code in lowercase, once', () => {
  for (const [code, entry] of Object.entries(errorCatalogue)) {
    assert.match(code, /^[A-Z][A-Z_]*[A-Z]$/)
    assert.ok(entry.meaning.length > 10, code)
    if ('failureReason' in entry) assert.equal(entry.failureReason, code.toLowerCase())
  }
  assert.equal(new Set(failureReasons).size, failureReasons.length)
  assert.ok(failureReasons.includes('internal'), 'unexpected errors have a reason too')
})

test('the DocumentProcessed schema documents exactly the failure reasons of the catalogue', async () => {
  const schema = JSON.parse(await readFile(repositoryPath('schemas/avro/document-processed.avsc'), 'utf8')) as { fields: Array<{ name: string, doc?: string }> }
  const doc = schema.fields.find((field) => field.name === 'failureReason')?.doc ?? ''
  const documented = doc.replace(/^[^:]*:\s*/, '').split(',').map((reason) => reason.trim())
  assert.deepEqual([...documented].sort(), [...failureReasons].sort())
})

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
