// The one pool of long-lived extraction threads, used by the processor (extract + redact) and
// by `sluice extract` and the benchmarks (extract only). A document's wall-time limit starts
// when a thread has taken it, so waiting for a free thread, or for a replacement thread to load
// pdf.js, never counts against it.
// A document that runs past the limit has its thread terminated; piscina replaces it, as it
// replaces a thread that dies (out of memory, native crash). One hostile PDF can never hang or
// exhaust the caller. Every document also has a memory budget (see memory-budget.ts) that
// counts what pdf.js inflates outside the JS heap; passing it ends the document as
// TOO_LARGE_DECODED and replaces its thread.
import { Piscina } from 'piscina'
import { Slots } from '../concurrency/slots.ts'
import { SluiceError } from '../errors.ts'
import type { ExtractedDocument, ExtractionLimits } from './index.ts'
import { createMemoryBudget, threadTookOver } from './memory-budget.ts'
import type { RedactionSettings } from '../redaction/configured.ts'
import type { ExtractOutcome, RedactedDocument, RedactOutcome, TaskFailure, ThreadSettings, ThreadTask } from './thread.ts'

export type { RedactedDocument, RedactionSettings }

export interface ExtractionPoolOptions {
  threads: number
  /** Wall-time limit per document, counted from when a thread takes it (see holdingTicket). */
  timeoutMs: number
  /**
   * Memory one thread may hold while it processes one document: JS heap plus ArrayBuffers
   * (inflated streams). Also the thread's heap limit. A document that needs more fails as TOO_LARGE_DECODED.
   */
  memoryBudgetBytes: number
  /** Needed by extractAndRedact: every thread compiles this redactor once. */
  redaction?: RedactionSettings
  /** The task module; tests swap in misbehaving threads. */
  filename?: string
}

export interface TimedExtraction extends ExtractedDocument {
  /** Time spent extracting inside the thread, in milliseconds. */
  ms: number
}

export interface ExtractionPool {
  /** Extracts the text of `data` (copied, the caller keeps it). `timeoutMs` overrides the pool's limit. Throws SluiceError. */
  extract (data: Uint8Array, limits: ExtractionLimits, timeoutMs?: number): Promise<TimedExtraction>
  /** Extracts and redacts; takes ownership of `data` (its buffer is transferred). Throws SluiceError. */
  extractAndRedact (data: Uint8Array, limits: ExtractionLimits): Promise<RedactedDocument>
  /** Resolves when every thread has started and loaded pdf.js, so the first documents are not slowed by it. */
  warmUp (): Promise<void>
  readonly threads: number
  /** Threads busy with a document right now. */
  readonly busy: number
  /** Documents waiting for a thread. */
  readonly waiting: number
  close (): Promise<void>
}

/**
 * Heap a thread holds for itself before any document: pdf.js and, when it redacts, the redaction
 * engine with its name and place lexicons (about 85 MB). The heap limit is this plus the
 * per-document budget, which the budget's poll measures from the thread's baseline.
 */
export const threadBaselineMb = 256

export function createExtractionPool (options: ExtractionPoolOptions): ExtractionPool {
  const workerData: ThreadSettings = { redaction: options.redaction }
  const pool = new Piscina<ThreadTask, ExtractOutcome | RedactOutcome>({
    filename: options.filename ?? new URL('./thread.ts', import.meta.url).href,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 2 ** 31 - 1,
    workerData,
    resourceLimits: { maxOldGenerationSizeMb: Math.ceil(options.memoryBudgetBytes / 2 ** 20) + threadBaselineMb }
  })
  const slots = new Slots(options.threads)
  const budget = createMemoryBudget({ budgetBytes: options.memoryBudgetBytes, threads: () => pool.threads })

  async function run (name: 'extract' | 'extractAndRedact', data: ArrayBuffer, limits: ExtractionLimits, timeoutMs: number): Promise<ExtractOutcome | RedactOutcome> {
    await slots.acquire()
    const ticket = budget.ticket()
    const timeout = new AbortController()
    const signal = timeout.signal
    let timer: NodeJS.Timeout | undefined
    let finished = false
    const takeOver = threadTookOver(ticket.slot)
    takeOver.started.then(() => {
      if (!finished) timer = setTimeout(() => timeout.abort(), timeoutMs)
    }, () => {})
    let outcome: ExtractOutcome | RedactOutcome
    try {
      outcome = await pool.run({ data, limits, ticket: ticket.slot }, { name, signal, transferList: [data] })
    } catch (error) {
      // V8 stops a thread at its heap limit (the budget too) with ERR_WORKER_OUT_OF_MEMORY.
      if (ticket.exceededBytes !== undefined || (error as { code?: unknown })?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        const held = ticket.exceededBytes === undefined ? 'its heap limit' : `${mebibytes(ticket.exceededBytes)} MiB`
        throw new SluiceError('TOO_LARGE_DECODED', `Decoding the document took ${held}, over its ${mebibytes(options.memoryBudgetBytes)} MiB memory budget; the thread was stopped and replaced.`, {
          hint: 'The PDF may be a decompression bomb; raise SLUICE_DOCUMENT_MEMORY if it is merely large.',
          cause: error
        })
      }
      if (signal.aborted) {
        throw new SluiceError('TIMEOUT', `Extraction took longer than ${timeoutMs} ms; the thread was stopped and replaced.`, {
          hint: 'The PDF may be pathological; raise SLUICE_DOCUMENT_TIMEOUT if it is merely large.',
          cause: error
        })
      }
      throw new SluiceError('CRASHED', `The extraction thread died while processing the document (${(error as Error)?.message ?? String(error)}); it was replaced.`, {
        hint: 'A native crash of the thread; the document may be malformed in a way pdf.js does not survive.',
        cause: error
      })
    } finally {
      finished = true
      clearTimeout(timer)
      takeOver.abandon()
      ticket.release()
      slots.release()
    }
    if (!outcome.ok) throw asError(outcome)
    return outcome
  }

  async function extract (data: Uint8Array, limits: ExtractionLimits, timeoutMs = options.timeoutMs): Promise<TimedExtraction> {
    const outcome = await run('extract', data.slice().buffer, limits, timeoutMs) as Extract<ExtractOutcome, { ok: true }>
    return { ...outcome.document, ms: outcome.ms }
  }

  async function extractAndRedact (data: Uint8Array, limits: ExtractionLimits): Promise<RedactedDocument> {
    const { ok, ...document } = await run('extractAndRedact', ownBuffer(data), limits, options.timeoutMs) as Extract<RedactOutcome, { ok: true }>
    return document
  }

  async function warmUp (): Promise<void> {
    await Promise.all(Array.from({ length: options.threads }, async () => pool.run(undefined as unknown as ThreadTask, { name: 'warmUp' })))
  }

  return {
    extract,
    extractAndRedact,
    warmUp,
    threads: options.threads,
    get busy () { return slots.active },
    get waiting () { return slots.waiting },
    close: async () => {
      budget.stop()
      await pool.destroy()
    }
  }
}

function mebibytes (bytes: number): number {
  return Math.round(bytes / 2 ** 20)
}

function asError (failure: TaskFailure): SluiceError {
  return new SluiceError(failure.code, failure.message, failure.hint !== undefined ? { hint: failure.hint } : {})
}

/** Transferring hands the whole ArrayBuffer to the thread, so a view into a shared one is copied first. */
function ownBuffer (data: Uint8Array): ArrayBuffer {
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer) return data.buffer
  return data.slice().buffer
}
