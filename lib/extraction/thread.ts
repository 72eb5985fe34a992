// The piscina task that runs extraction inside a worker thread. Errors cross the thread
// boundary as plain data because structured cloning drops SluiceError's class and code.
import { isSluiceError, type ErrorCode } from '../errors.ts'
import { extractText, type ExtractedDocument, type ExtractionLimits } from './index.ts'
import { loadPdfJs } from './pdfjs.ts'

// Piscina hands a thread work only once its module has loaded, so loading pdf.js here keeps
// every thread, including replacements for threads stopped on a timeout, warm before its first document.
await loadPdfJs()

export interface ExtractionTask { data: Uint8Array, limits: ExtractionLimits }

export type ExtractionOutcome =
  | { ok: true, document: ExtractedDocument, ms: number }
  | { ok: false, code: ErrorCode, message: string, hint: string | undefined }

export default async function extractInThread ({ data, limits }: ExtractionTask): Promise<ExtractionOutcome> {
  const started = performance.now()
  try {
    const document = await extractText(data, limits)
    return { ok: true, document, ms: performance.now() - started }
  } catch (error) {
    if (isSluiceError(error)) return { ok: false, code: error.code, message: error.message, hint: error.hint }
    return { ok: false, code: 'INTERNAL', message: `Extraction failed unexpectedly: ${(error as Error)?.stack ?? String(error)}`, hint: undefined }
  }
}

/** Resolves once a thread is ready: pdf.js is loaded by then (see above). */
export async function warmUp (): Promise<void> {}
