import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hasPdfHeader, notPdfMessage, pdfHeaderWindow } from '../../../../lib/ingest/pdf-signature.ts'

const latin1 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'))

function withHeaderAt (offset: number): Uint8Array {
  const bytes = new Uint8Array(offset + 16).fill(0x20)
  bytes.set(latin1('%PDF-1.7\n'), offset)
  return bytes
}

test('"%PDF-" at byte 0 is a PDF', () => {
  assert.equal(hasPdfHeader(latin1('%PDF-1.7\n...')), true)
  assert.equal(hasPdfHeader(latin1('%PDF-')), true)
})

test('leading bytes before the header are accepted while the header starts in the first 1024 bytes', () => {
  assert.equal(pdfHeaderWindow, 1024)
  assert.equal(hasPdfHeader(latin1(' %PDF-1.7')), true)
  assert.equal(hasPdfHeader(latin1('\ufeff%PDF-1.4')), true)
  assert.equal(hasPdfHeader(withHeaderAt(1019)), true, 'the last start at which all five header bytes fit in the window')
  assert.equal(hasPdfHeader(withHeaderAt(1020)), false, 'the header would end past byte 1024')
  assert.equal(hasPdfHeader(withHeaderAt(1100)), false)
})

test('anything else is not a PDF, whatever its name would say', () => {
  assert.equal(hasPdfHeader(latin1('%PDF')), false)
  assert.equal(hasPdfHeader(latin1('%pdf-1.7')), false)
  assert.equal(hasPdfHeader(latin1('PK\u0003\u0004')), false)
  assert.equal(hasPdfHeader(new Uint8Array()), false)
  assert.match(notPdfMessage, /first 1024 bytes/)
})
