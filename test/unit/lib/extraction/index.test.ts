import assert from 'node:assert/strict'
import { test } from 'node:test'
import { extractText } from '../../../../lib/extraction/index.ts'
import { isSluiceError, type ErrorCode } from '../../../../lib/errors.ts'
import { makePdf } from '../../../support/pdfs.ts'

const limits = { maxPages: 100 }

async function failure (data: Uint8Array, maxPages = 100): Promise<ErrorCode> {
  try {
    await extractText(data, { maxPages })
  } catch (error) {
    assert.ok(isSluiceError(error), `expected a SluiceError, got ${String(error)}`)
    return error.code
  }
  assert.fail('extraction succeeded but should have failed')
}

test('extracts every page in order, lines in reading order', async () => {
  const data = await makePdf([
    { lines: ['Dear Ms. Example,', 'Account number 12345678 is closed.'] },
    { lines: ['Page two'] },
    { lines: [] }
  ])
  const result = await extractText(data, limits)
  assert.equal(result.pageCount, 3)
  assert.deepEqual(result.pages, ['Dear Ms. Example,\nAccount number 12345678 is closed.', 'Page two', ''])
})

test('rotated pages and rotated text keep their words and lines', async () => {
  const data = await makePdf([
    { lines: ['Landscape line one', 'Landscape line two'], rotation: 90 },
    { lines: ['Sideways words here', 'and a second line'], textAngle: 90 }
  ])
  const result = await extractText(data, limits)
  assert.deepEqual(result.pages, ['Landscape line one\nLandscape line two', 'Sideways words here\nand a second line'])
})

test('leaves the caller\'s bytes intact and can be called many times in one thread', async () => {
  const data = await makePdf([{ lines: ['repeat me'] }])
  const length = data.byteLength
  for (let round = 0; round < 20; round++) {
    assert.deepEqual((await extractText(data, limits)).pages, ['repeat me'])
  }
  assert.equal(data.byteLength, length)
})

test('a header after leading junk within 1024 bytes is accepted', async () => {
  const pdf = await makePdf([{ lines: ['after junk'] }])
  const data = new Uint8Array(500 + pdf.byteLength)
  data.fill(0x20, 0, 500)
  data.set(pdf, 500)
  assert.deepEqual((await extractText(data, limits)).pages, ['after junk'])
})

test('zero bytes are EMPTY', async () => {
  assert.equal(await failure(new Uint8Array(0)), 'EMPTY')
})

test('bytes without a %PDF- header in the first 1024 bytes are NOT_PDF', async () => {
  assert.equal(await failure(new TextEncoder().encode('<html><body>not a pdf</body></html>')), 'NOT_PDF')
  const pdf = await makePdf([{ lines: ['too late'] }])
  const late = new Uint8Array(1100 + pdf.byteLength)
  late.set(pdf, 1100)
  assert.equal(await failure(late), 'NOT_PDF')
})

test('a PDF header followed by garbage is CORRUPT', async () => {
  assert.equal(await failure(new TextEncoder().encode('%PDF-1.7\n' + 'garbage '.repeat(40))), 'CORRUPT')
})

test('more pages than the limit is TOO_MANY_PAGES, checked before any page is read', async () => {
  const data = await makePdf([{ lines: ['1'] }, { lines: ['2'] }, { lines: ['3'] }])
  assert.equal(await failure(data, 2), 'TOO_MANY_PAGES')
  assert.equal((await extractText(data, { maxPages: 3 })).pageCount, 3)
})

test('filled-in form fields are part of the page text', async () => {
  const { PDFDocument } = await import('pdf-lib')
  const document = await PDFDocument.create()
  const page = document.addPage([612, 792])
  const field = document.getForm().createTextField('applicant.email')
  field.setText('jane.doe@example.com')
  field.addToPage(page, { x: 72, y: 600, width: 300, height: 24 })
  const result = await extractText(await document.save(), limits)
  assert.match(result.pages[0] ?? '', /jane\.doe@example\.com/)
})
