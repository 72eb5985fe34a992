// The tasks that run inside the extraction pool's long-lived threads (piscina picks a task by
// its export name). Each thread loads pdf.js once and, when the pool redacts, compiles the
// redactor once. Errors cross the thread boundary as plain data because structured cloning
// drops SluiceError's class and code.
import { threadId } from 'node:worker_threads'
import { workerData } from 'piscina'
import { isSluiceError, type ErrorCode } from '../errors.ts'
import { createConfiguredRedactor, type RedactionSettings } from '../redaction/configured.ts'
import type { Redactor } from '../redaction/index.ts'
import { holdingTicket } from './memory-budget.ts'
import { extractText, type ExtractedDocument, type ExtractionLimits } from './index.ts'
import { loadPdfJs } from './pdfjs.ts'

/** What every thread of a pool shares, passed once as piscina workerData. */
export interface ThreadSettings {
  /** Present when the pool redacts: the threads compile this redactor at start-up. */
  redaction: RedactionSettings | undefined
}

export interface ThreadTask {
  /** The PDF bytes; transferred, not copied, to the thread. */
  data: ArrayBuffer
  limits: ExtractionLimits
  /** The document's memory-budget ticket: this thread's id is in it while the thread works on the document. */
  ticket: Int32Array
}

export type TaskFailure = { ok: false, code: ErrorCode, message: string, hint: string | undefined }

export type ExtractOutcome = { ok: true, document: ExtractedDocument, ms: number } | TaskFailure

export interface RedactedDocument {
  pages: number
  /** Characters of extracted text before redaction. */
  chars: number
  /** Redacted text of every page, pages separated by form feeds. */
  redactedText: string
  piiCounts: Record<string, number>
  extractMs: number
  redactMs: number
}

export type RedactOutcome = ({ ok: true } & RedactedDocument) | TaskFailure

const settings = workerData as ThreadSettings

// Piscina hands a thread work only once its module has loaded, so loading pdf.js and compiling
// the redactor here keeps every thread, including replacements for threads that were stopped,
// warm before its first document.
await loadPdfJs()
const redactor: Redactor | undefined = settings.redaction === undefined ? undefined : await createConfiguredRedactor(settings.redaction)

/** Extraction alone: the text leaves the thread (for `sluice extract` and benchmarks). */
export async function extract ({ data, limits, ticket }: ThreadTask): Promise<ExtractOutcome> {
  return await holdingTicket(ticket, threadId, async () => extractOnly(data, limits))
}

async function extractOnly (data: ArrayBuffer, limits: ExtractionLimits): Promise<ExtractOutcome> {
  const started = performance.now()
  try {
    const document = await extractText(new Uint8Array(data), limits)
    return { ok: true, document, ms: performance.now() - started }
  } catch (error) {
    return failure(error)
  }
}

/** Extraction and redaction: only redacted text and counts leave the thread, never the extracted text. */
export async function extractAndRedact ({ data, limits, ticket }: ThreadTask): Promise<RedactOutcome> {
  return await holdingTicket(ticket, threadId, async () => extractThenRedact(data, limits))
}

async function extractThenRedact (data: ArrayBuffer, limits: ExtractionLimits): Promise<RedactOutcome> {
  if (redactor === undefined) return { ok: false, code: 'INTERNAL', message: 'this extraction pool was created without redaction settings', hint: undefined }
  const extractStarted = performance.now()
  try {
    const extracted = await extractText(new Uint8Array(data), limits)
    const extractMs = performance.now() - extractStarted
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
    return { ok: true, pages: extracted.pageCount, chars, redactedText: redactedPages.join('\f'), piiCounts, extractMs, redactMs: performance.now() - redactStarted }
  } catch (error) {
    return failure(error)
  }
}

function failure (error: unknown): TaskFailure {
  if (isSluiceError(error)) return { ok: false, code: error.code, message: error.message, hint: error.hint }
  // Only the error class and message: a stack or message of our own code never holds document text.
  return { ok: false, code: 'INTERNAL', message: `processing failed unexpectedly: ${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`, hint: undefined }
}

/** Resolves once a thread is ready; one tiny extraction also gets pdf.js's parser code optimised. */
export async function warmUp (): Promise<void> {
  await extractText(minimalPdf, { maxPages: 1 }).catch(() => {})
}

const minimalPdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
