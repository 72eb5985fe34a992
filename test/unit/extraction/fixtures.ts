// PDFs made on the fly with pdf-lib for extraction tests: each page holds the given lines.
import { PDFDocument, StandardFonts, degrees } from 'pdf-lib'

export interface FixturePage { lines: string[], rotation?: number, textAngle?: number }

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
