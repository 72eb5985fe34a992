// lib/errors.ts is the one catalogue of error codes: check its shape and that the contracts
// which name its failure reasons say the same.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'
import { errorCatalogue, failureReasons } from '../../../lib/errors.ts'
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
