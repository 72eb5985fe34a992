// PDFs for tests: made on the fly with pdf-lib, or read from the few real-world files the
// repository carries in test/fixtures/pdfs (pdf.js's own test files; see the README there).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PDFDocument, PDFName, StandardFonts, degrees } from 'pdf-lib'

export const fixturePdfDir = fileURLToPath(new URL('../fixtures/pdfs/', import.meta.url))

/** The bytes of one of the repository's real-world fixture PDFs. */
export function fixturePdf (file: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(file, new URL('../fixtures/pdfs/', import.meta.url))))
}

export interface FixturePage { lines: string[], rotation?: number, textAngle?: number }

/** A PDF whose pages hold the given lines of Helvetica text. */
export async function makePdf (pages: FixturePage[]): Promise<Uint8Array> {
  const document = await PDFDocument.create()
  const font = await document.embedFont(StandardFonts.Helvetica)
  for (const spec of pages) {
    const page = document.addPage([612, 792])
    if (spec.rotation !== undefined) page.setRotation(degrees(spec.rotation))
    spec.lines.forEach((line, index) => {
      const offset = 72 + index * 16
      const vertical = spec.textAngle === 90
      page.drawText(line, { x: vertical ? 100 + offset : 72, y: vertical ? 100 : 720 - offset, size: 12, font, rotate: degrees(spec.textAngle ?? 0) })
    })
  }
  return await document.save()
}

/**
 * A real pathological input: pages whose (small, compressed) content stream holds a great many
 * text-showing operators. pdf.js needs about 2 ms of CPU per thousand of them, so a short
 * document time limit must end it as `timeout`. Every page shares one content stream, so the
 * cost grows with the pages while the file stays small (~300 KB per 100,000 operators).
 */
export async function makeSlowPdf (pages: number, operatorsPerPage = 400_000): Promise<Uint8Array> {
  const document = await PDFDocument.create()
  const font = await document.embedFont(StandardFonts.Helvetica)
  const fontName = 'SlowFont'
  const lines = [`BT /${fontName} 4 Tf`]
  for (let index = 0; index < operatorsPerPage; index++) lines.push(`${index % 600} ${(index * 7) % 780} Td (w${index % 10}) Tj`)
  lines.push('ET')
  const content = document.context.register(document.context.flateStream(lines.join('\n')))
  for (let pageNumber = 0; pageNumber < pages; pageNumber++) {
    const page = document.addPage([612, 792])
    page.node.setFontDictionary(PDFName.of(fontName), font.ref)
    page.node.set(PDFName.of('Contents'), content)
  }
  return await document.save()
}
