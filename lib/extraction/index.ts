// Text extraction: PDF bytes in, plain text per page out. The contract other components code
// against (see docs/extraction.md). Safe to call many times in one long-lived thread: the only
// state kept between calls is the loaded pdf.js module.
import { SluiceError } from '../errors.ts'
import { checkPdfBytes, classifyPdfJsError } from './classify.ts'
import { joinTextItems, removeUnprintable, type PositionedText } from './page-text.ts'
import { extractionOptions, type ExtractionOptions } from './options.ts'
import { loadPdfJs } from './pdfjs.ts'

export interface ExtractionLimits { maxPages: number }
export interface ExtractedDocument { pageCount: number, pages: string[] }

/**
 * Extracts the text of every page, in reading order. Throws SluiceError with code EMPTY,
 * NOT_PDF, ENCRYPTED, CORRUPT or TOO_MANY_PAGES for bad input (INTERNAL if pdf.js itself is
 * broken). `data` is left untouched (pdf.js gets a copy, because it takes ownership of its input).
 * `options` are pdf.js's; only the benchmark of alternative options passes others.
 */
export async function extractText (data: Uint8Array, limits: ExtractionLimits, options: ExtractionOptions = extractionOptions): Promise<ExtractedDocument> {
  checkPdfBytes(data)
  const pdfjs = await loadPdfJs()
  const loadingTask = pdfjs.getDocument({
    ...options.document,
    data: data.slice(),
    verbosity: pdfjs.VerbosityLevel.ERRORS
  })
  try {
    const document = await loadingTask.promise.catch((error: unknown) => { throw classifyPdfJsError(error) })
    const pageCount = document.numPages
    if (pageCount > limits.maxPages) {
      throw new SluiceError('TOO_MANY_PAGES', `The PDF has ${pageCount} pages; the limit is ${limits.maxPages}.`, { hint: 'Split the document or raise SLUICE_MAX_PAGES.' })
    }
    const pages: string[] = []
    for (let pageNumber = 1; pageNumber <= pageCount; pageNumber++) {
      pages.push(await pageText(document, pageNumber, options.textContent).catch((error: unknown) => { throw classifyPdfJsError(error) }))
    }
    return { pageCount, pages }
  } finally {
    // Destroying the loading task also destroys the document and frees its parsed objects.
    await loadingTask.destroy()
  }
}

type PdfDocument = Awaited<ReturnType<Awaited<ReturnType<typeof loadPdfJs>>['getDocument']>['promise']>

async function pageText (document: PdfDocument, pageNumber: number, textContentOptions: ExtractionOptions['textContent']): Promise<string> {
  const page = await document.getPage(pageNumber)
  try {
    const content = await page.getTextContent(textContentOptions)
    const items: PositionedText[] = []
    for (const item of content.items) {
      if (!('str' in item)) continue // marked-content boundaries carry no text
      items.push({ ...item, vertical: content.styles[item.fontName]?.vertical === true })
    }
    const bodyText = joinTextItems(items)
    const formText = annotationText(await page.getAnnotations())
    return formText === '' ? bodyText : bodyText === '' ? formText : `${bodyText}\n${formText}`
  } finally {
    page.cleanup()
  }
}

/**
 * Filled-in form fields and comments are not part of the page's content stream, but they hold
 * exactly the kind of personal data a redaction pipeline must see, so they follow the page text.
 */
function annotationText (annotations: Array<{ fieldType?: string, fieldValue?: unknown, contentsObj?: { str?: string } }>): string {
  const lines: string[] = []
  for (const annotation of annotations) {
    if (annotation.fieldType === 'Tx' || annotation.fieldType === 'Ch') {
      const values = Array.isArray(annotation.fieldValue) ? annotation.fieldValue : [annotation.fieldValue]
      for (const value of values) if (typeof value === 'string' && value.trim() !== '') lines.push(value.trim().replace(/\s*\n\s*/g, ' '))
    }
    const comment = annotation.contentsObj?.str?.trim()
    if (comment !== undefined && comment !== '') lines.push(comment)
  }
  return removeUnprintable(lines.join('\n'))
}
