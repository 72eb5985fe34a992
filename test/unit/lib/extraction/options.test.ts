// The pdf.js options extraction runs with, pinned: bench/extraction/options.ts measured each of
// them (docs/extraction.md), so a change here should come with a new measurement.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { extractText } from '../../../../lib/extraction/index.ts'
import { extractionOptions } from '../../../../lib/extraction/options.ts'
import { pdfjsDataPaths } from '../../../../lib/extraction/pdfjs.ts'

test('the options: CMaps, wasm and ICC data from the package, no standard font data, no font faces or system fonts, no XFA, normalised text', () => {
  assert.deepEqual(extractionOptions, {
    document: {
      cMapUrl: pdfjsDataPaths.cMapUrl,
      cMapPacked: true,
      wasmUrl: pdfjsDataPaths.wasmUrl,
      iccUrl: pdfjsDataPaths.iccUrl,
      disableFontFace: true,
      useSystemFonts: false,
      enableXfa: false
    },
    textContent: { disableNormalization: false }
  })
})

test('every base-14 font gives the same text without its font program as with it', async () => {
  const document = await PDFDocument.create()
  const page = document.addPage([612, 792])
  const expected: string[] = []
  let y = 740
  for (const name of Object.values(StandardFonts)) {
    const font = await document.embedFont(name)
    const text = name === StandardFonts.Symbol ? 'αβγ ∑ ∞ ≤ π' : name === StandardFonts.ZapfDingbats ? '✓✔✕✖❤➔' : `${name}: Grüße, café – “quoted” € 12.50`
    page.drawText(text, { x: 40, y, size: 11, font })
    // pdf.js reads ZapfDingbats' codes as Latin letters with or without the font program; only the sameness is checked for it.
    if (name !== StandardFonts.ZapfDingbats) expected.push(text)
    y -= 24
  }
  const bytes = await document.save()
  const withoutPrograms = await extractText(bytes, { maxPages: 1 })
  const withPrograms = await extractText(bytes, { maxPages: 1 }, {
    ...extractionOptions,
    document: { ...extractionOptions.document, standardFontDataUrl: pdfjsDataPaths.standardFontDataUrl }
  })
  assert.deepEqual(withoutPrograms.pages, withPrograms.pages)
  // ZapfDingbats is the last of pdf-lib's StandardFonts, so its line is the last one.
  const lines = withoutPrograms.pages[0]?.split('\n') ?? []
  assert.equal(lines.length, expected.length + 1)
  assert.deepEqual(lines.slice(0, expected.length), expected)
})
