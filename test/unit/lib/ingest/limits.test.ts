import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isSluiceError } from '../../../../lib/errors.ts'
import { checkField, checkFileName, checkMetadata, checkObjectKey, inputLimits, isUsableObjectKey } from '../../../../lib/ingest/limits.ts'

const fails = (action: () => void, code: string): void => {
  assert.throws(action, (error: unknown) => isSluiceError(error) && error.code === code)
}

test('file names: plain names up to 255 UTF-8 bytes pass; paths, dot names and control characters do not', () => {
  for (const name of ['a.pdf', 'Q1 résumé (final).pdf', 'é'.repeat(127) + '.', 'x'.repeat(inputLimits.fileNameBytes)]) checkFileName(name)
  fails(() => checkFileName('x'.repeat(2000)), 'FILE_NAME_TOO_LONG')
  fails(() => checkFileName('é'.repeat(128)), 'FILE_NAME_TOO_LONG')
  for (const name of ['', '.', '..', '../../etc/passwd', 'a/b.pdf', 'a\\b.pdf', 'a\u0000.pdf', 'line\nbreak.pdf', 'bell\u0007.pdf', 'del\u007f.pdf', 'c1\u0085.pdf']) {
    fails(() => checkFileName(name), 'FILE_NAME_INVALID')
  }
})

test('object keys: up to 1024 bytes, no control characters, and a file name part within its limit', () => {
  checkObjectKey('reports/2026/Q1 résumé.pdf')
  assert.equal(isUsableObjectKey(`${'d/'.repeat(300)}a.pdf`), true)
  fails(() => checkObjectKey(`${'d/'.repeat(600)}a.pdf`), 'OBJECT_KEY_INVALID')
  fails(() => checkObjectKey('a\u0001b.pdf'), 'OBJECT_KEY_INVALID')
  fails(() => checkObjectKey(`reports/${'x'.repeat(300)}.pdf`), 'FILE_NAME_TOO_LONG')
  fails(() => checkObjectKey('reports/'), 'FILE_NAME_INVALID')
  assert.equal(isUsableObjectKey(`reports/${'x'.repeat(300)}.pdf`), false)
})

test('fields: names are short identifiers, values at most 1 KiB (bytes, not characters)', () => {
  checkField('team', 'x'.repeat(1024))
  checkField('batch.id-2_b', '')
  fails(() => checkField('team', 'x'.repeat(1025)), 'FIELD_TOO_LARGE')
  fails(() => checkField('team', 'é'.repeat(513)), 'FIELD_TOO_LARGE')
  for (const name of ['', 'has space', 'x'.repeat(65), '-leading', 'ünicode', 'a\u0000']) fails(() => checkField(name, 'v'), 'FIELD_NAME_INVALID')
})

test('metadata: at most 20 fields and 8 KiB in all', () => {
  const fields = (count: number, size: number): Record<string, string> => Object.fromEntries(Array.from({ length: count }, (_, index) => [`f${index}`, 'x'.repeat(size)]))
  checkMetadata(fields(20, 100))
  fails(() => checkMetadata(fields(21, 1)), 'TOO_MANY_FIELDS')
  fails(() => checkMetadata(fields(9, 1000)), 'METADATA_TOO_LARGE')
  fails(() => checkMetadata({ ok: 'x', 'bad name': 'y' }), 'FIELD_NAME_INVALID')
})
