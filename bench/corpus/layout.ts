// Writes lines, wrapped paragraphs and tables onto pdf-lib pages, top to bottom. Planted values
// are never split across lines, so each one extracts intact on the page it was planted on.
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib'

export interface Fonts { regular: PDFFont, bold: PDFFont, mono: PDFFont }

export const pageSize: [number, number] = [612, 792] // US Letter
const margin = 64
const leading = 1.35

export async function embedFonts (document: PDFDocument, serif: boolean): Promise<Fonts> {
  return {
    regular: await document.embedFont(serif ? StandardFonts.TimesRoman : StandardFonts.Helvetica),
    bold: await document.embedFont(serif ? StandardFonts.TimesRomanBold : StandardFonts.HelveticaBold),
    mono: await document.embedFont(StandardFonts.Courier)
  }
}

/** A piece of running text; `atomic` pieces (planted values) are never broken. */
export interface Span { text: string, atomic?: boolean }

export class PageWriter {
  readonly page: PDFPage
  private readonly fonts: Fonts
  private y: number

  constructor (page: PDFPage, fonts: Fonts) {
    this.page = page
    this.fonts = fonts
    this.y = pageSize[1] - margin
  }

  get width (): number { return pageSize[0] - 2 * margin }

  /** Lines of `size`-point text that still fit on the page. */
  linesLeft (size = 10): number {
    return Math.floor((this.y - margin) / (size * leading))
  }

  line (text: string, options: { size?: number, bold?: boolean, mono?: boolean, indent?: number } = {}): void {
    const size = options.size ?? 10
    const font = options.bold === true ? this.fonts.bold : options.mono === true ? this.fonts.mono : this.fonts.regular
    this.advance(size)
    this.page.drawText(text, { x: margin + (options.indent ?? 0), y: this.y, size, font })
  }

  gap (points = 8): void {
    this.y -= points
  }

  paragraph (spans: Span[], size = 10): void {
    const font = this.fonts.regular
    const words: Span[] = []
    for (const span of spans) {
      if (span.atomic === true) words.push(span)
      else for (const word of span.text.split(/\s+/)) if (word !== '') words.push({ text: word })
    }
    let current = ''
    for (const word of words) {
      const candidate = current === '' ? word.text : `${current} ${word.text}`
      if (current !== '' && font.widthOfTextAtSize(candidate, size) > this.width) {
        this.line(current, { size })
        current = word.text
      } else {
        current = candidate
      }
    }
    if (current !== '') this.line(current, { size })
    this.gap(6)
  }

  /**
   * Cells are drawn one by one at column positions sized to their content, like a spreadsheet
   * export; the font shrinks when the columns would not fit the page.
   */
  table (header: string[], rows: string[][], size = 8): void {
    const cellGap = 10
    const widths = header.map((title, column) => Math.max(...[title, ...rows.map((row) => row[column] ?? '')].map((cell) => this.fonts.bold.widthOfTextAtSize(cell, 1))))
    const total = widths.reduce((sum, width) => sum + width, 0)
    const fitted = Math.min(size, (this.width - cellGap * (widths.length - 1)) / total)
    const drawRow = (cells: string[], bold: boolean): void => {
      this.advance(fitted)
      let x = margin
      cells.forEach((cell, column) => {
        this.page.drawText(cell, { x, y: this.y, size: fitted, font: bold ? this.fonts.bold : this.fonts.regular })
        x += (widths[column] ?? 0) * fitted + cellGap
      })
    }
    drawRow(header, true)
    for (const row of rows) drawRow(row, false)
    this.gap(8)
  }

  private advance (size: number): void {
    this.y -= size * leading
    // The templates budget their lines; running off the page would hide text, so it is a bug.
    if (this.y < margin - 1) throw new Error('corpus layout overflowed the page')
  }
}
