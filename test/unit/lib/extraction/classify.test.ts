// The cheap byte checks before pdf.js runs, and the mapping of whatever pdf.js throws to a stable code.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkPdfBytes, classifyPdfJsError } from '../../../../lib/extraction/classify.ts'
import { isSluiceError, SluiceError } from '../../../../lib/errors.ts'

const coded = (code: string) => (error: unknown) => isSluiceError(error) && error.code === code

test('empty bytes are EMPTY; no "%PDF-" within the first 1024 bytes is NOT_PDF', () => {
  assert.throws(() => checkPdfBytes(new Uint8Array(0)), coded('EMPTY'))
  assert.throws(() => checkPdfBytes(Buffer.from('%PDF')), coded('NOT_PDF'), 'an incomplete header')
  assert.throws(() => checkPdfBytes(Buffer.from('Dear customer, a letter.')), coded('NOT_PDF'))
  assert.doesNotThrow(() => checkPdfBytes(Buffer.from('%PDF-1.7\n')))
  assert.doesNotThrow(() => checkPdfBytes(Buffer.concat([Buffer.alloc(1019, 0x0a), Buffer.from('%PDF-')])), 'the header may end exactly at byte 1024')
  assert.throws(() => checkPdfBytes(Buffer.concat([Buffer.alloc(1020, 0x0a), Buffer.from('%PDF-1.7')])), coded('NOT_PDF'), 'a header that crosses byte 1024')
})

test('pdf.js errors map to ENCRYPTED, INTERNAL (our own data files) or CORRUPT, keeping the cause', () => {
  const password = Object.assign(new Error('No password given'), { name: 'PasswordException' })
  const encrypted = classifyPdfJsError(password)
  assert.equal(encrypted.code, 'ENCRYPTED')
  assert.equal(encrypted.cause, password)
  assert.equal(classifyPdfJsError(new Error('Unable to load CMap at: file:///x/90ms-RKSJ-H.bcmap')).code, 'INTERNAL')
  assert.equal(classifyPdfJsError(new Error('Ensure that the `standardFontDataUrl` API parameter is provided.')).code, 'INTERNAL')
  const invalid = Object.assign(new Error('Invalid PDF structure.'), { name: 'InvalidPDFException' })
  const corrupt = classifyPdfJsError(invalid)
  assert.equal(corrupt.code, 'CORRUPT')
  assert.match(corrupt.message, /Invalid PDF structure\./)
  assert.equal(classifyPdfJsError(new TypeError("Cannot read properties of undefined (reading 'num')")).code, 'CORRUPT')
  assert.equal(classifyPdfJsError('a thrown string').code, 'CORRUPT')
  const ours = new SluiceError('TIMEOUT', 'too slow')
  assert.equal(classifyPdfJsError(ours), ours, 'our own errors pass through')
})
