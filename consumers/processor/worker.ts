// The piscina task: PDF bytes in, redacted text and counts out. Extraction and redaction
// both happen here so unredacted text never leaves this thread. Errors cross the thread
// boundary as plain data because structured cloning drops SluiceError's class and code.
import { workerData } from 'piscina'
import { isSluiceError, type ErrorCode } from '../../lib/errors.ts'
import { extractText } from '../../lib/extraction/index.ts'
import { loadPdfJs } from '../../lib/extraction/pdfjs.ts'
import { createConfiguredRedactor, type RedactionSettings } from '../../lib/redaction/configured.ts'
import type { Redactor } from '../../lib/redaction/index.ts'

/** Settings every thread of the pool shares, passed once as piscina workerData. */
export interface WorkerSettings {
  maxPages: number
  redaction: RedactionSettings
}

export interface DocumentTask {
  /** The PDF bytes; transferred, not copied, to this thread. */
  data: ArrayBuffer
}

export type DocumentOutcome =
  | {
    ok: true
    pages: number
    /** Characters of extracted text before redaction. */
    chars: number
    /** Redacted text of every page, pages separated by form feeds. */
    redactedText: string
    piiCounts: Record<string, number>
    extractMs: number
    redactMs: number
  }
  | { ok: false, code: ErrorCode, message: string, extractMs: number }

const settings = workerData as WorkerSettings

// Piscina hands a thread work only once its module has loaded, so loading pdf.js and compiling
// the redactor here keeps every thread, including replacements for threads stopped on a
// timeout, warm before its first document. The redactor is created once per thread.
await loadPdfJs()
const redactor: Redactor = await createConfiguredRedactor(settings.redaction)

export default async function processDocument ({ data }: DocumentTask): Promise<DocumentOutcome> {
  const extractStarted = performance.now()
  let extractMs = 0
  try {
    const extracted = await extractText(new Uint8Array(data), { maxPages: settings.maxPages })
    extractMs = performance.now() - extractStarted
    const redactStarted = performance.now()
    const piiCounts: Record<string, number> = {}
    const redactedPages: string[] = []
    let chars = 0
    for (const page of extracted.pages) {
      chars += page.length
      const { redacted, findings } = redactor.redact(page)
      redactedPages.push(redacted)
      for (const finding of findings) piiCounts[finding.type] = (piiCounts[finding.type] ?? 0) + 1
    }
    return {
      ok: true,
      pages: extracted.pageCount,
      chars,
      redactedText: redactedPages.join('\f'),
      piiCounts,
      extractMs,
      redactMs: performance.now() - redactStarted
    }
  } catch (error) {
    if (extractMs === 0) extractMs = performance.now() - extractStarted
    if (isSluiceError(error)) return { ok: false, code: error.code, message: error.message, extractMs }
    // Only the error class and message: a stack or message of our own code never holds document text.
    return { ok: false, code: 'INTERNAL', message: `processing failed unexpectedly: ${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`, extractMs }
  }
}

/** Resolves once a thread is ready; one tiny extraction also gets pdf.js's parser code optimised. */
export async function warmUp (): Promise<void> {
  await extractText(minimalPdf, { maxPages: 1 }).catch(() => {})
}

const minimalPdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
