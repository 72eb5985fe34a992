// A pool of long-lived extraction threads with a wall-time limit per document. A document
// that runs past the limit has its thread terminated (piscina replaces it), so one hostile
// PDF can never hang or exhaust the caller. Used by `sluice extract` and the benchmarks.
import { Piscina } from 'piscina'
import { SluiceError } from '../errors.ts'
import type { ExtractedDocument, ExtractionLimits } from './index.ts'
import type { ExtractionOutcome, ExtractionTask } from './thread.ts'

export interface ExtractionPoolOptions {
  threads: number
  /** Wall-time limit per document, counted from when it is handed to the pool. */
  timeoutMs: number
  /** Heap limit per thread; a document that needs more crashes its thread (reason CRASHED). */
  maxHeapMb?: number
}

export interface TimedExtraction extends ExtractedDocument {
  /** Time spent extracting inside the thread, in milliseconds. */
  ms: number
}

export interface ExtractionPool {
  /** `timeoutMs` overrides the pool's limit for this document. */
  extract (data: Uint8Array, limits: ExtractionLimits, timeoutMs?: number): Promise<TimedExtraction>
  /** Resolves when every thread has started and loaded pdf.js, so the first documents are not slowed by it. */
  warmUp (): Promise<void>
  destroy (): Promise<void>
}

export function createExtractionPool (options: ExtractionPoolOptions): ExtractionPool {
  const pool = new Piscina<ExtractionTask, ExtractionOutcome>({
    filename: new URL('./thread.ts', import.meta.url).href,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 2 ** 31 - 1,
    ...(options.maxHeapMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } } : {})
  })

  async function extract (data: Uint8Array, limits: ExtractionLimits, timeoutMs = options.timeoutMs): Promise<TimedExtraction> {
    const signal = AbortSignal.timeout(timeoutMs)
    let outcome: ExtractionOutcome
    try {
      outcome = await pool.run({ data, limits }, { signal })
    } catch (error) {
      if (signal.aborted) {
        throw new SluiceError('TIMEOUT', `Extraction took longer than ${timeoutMs} ms and was stopped.`, { hint: 'The PDF may be pathological; raise SLUICE_DOCUMENT_TIMEOUT if it is merely large.', cause: error })
      }
      throw new SluiceError('CRASHED', `The extraction thread died: ${(error as Error)?.message ?? String(error)}`, { hint: 'The PDF may need more memory than a thread is allowed.', cause: error })
    }
    if (!outcome.ok) throw new SluiceError(outcome.code, outcome.message, outcome.hint !== undefined ? { hint: outcome.hint } : {})
    return { ...outcome.document, ms: outcome.ms }
  }

  async function warmUp (): Promise<void> {
    await Promise.all(Array.from({ length: options.threads }, () => pool.run(undefined as unknown as ExtractionTask, { name: 'warmUp' })))
  }

  return { extract, warmUp, destroy: () => pool.destroy() }
}
