// The pool of long-lived extraction+redaction threads. A document gets a thread first and
// only then its wall-time limit starts, so waiting for a free thread never counts against it.
// On timeout piscina terminates the thread running the task and starts a fresh one; a thread
// that dies (out of memory, native crash) is replaced the same way.
import { Piscina } from 'piscina'
import { SluiceError } from '../../lib/errors.ts'
import { Slots } from './slots.ts'
import type { DocumentOutcome, DocumentTask, WorkerSettings } from './worker.ts'

export interface WorkerPoolOptions extends WorkerSettings {
  threads: number
  timeoutMs: number
  /** Heap limit per thread: a document that needs more kills only its thread (reason crashed). */
  maxHeapMb?: number
  /** The task module; tests swap in misbehaving workers. */
  filename?: string
}

export type DocumentResult = Extract<DocumentOutcome, { ok: true }>

export interface WorkerPool {
  /** Extracts and redacts; takes ownership of `data` (its buffer is transferred). Throws SluiceError. */
  process (data: Uint8Array): Promise<DocumentResult>
  warmUp (): Promise<void>
  readonly threads: number
  /** Threads busy with a document right now. */
  readonly busy: number
  /** Documents waiting for a thread. */
  readonly waiting: number
  close (): Promise<void>
}

/** Heap budget of one worker thread, i.e. of the one document it holds at a time. */
export const defaultHeapMb = 2048

export function createWorkerPool (options: WorkerPoolOptions): WorkerPool {
  const settings: WorkerSettings = { maxPages: options.maxPages, redaction: options.redaction }
  const pool = new Piscina<DocumentTask, DocumentOutcome>({
    filename: options.filename ?? new URL('./worker.ts', import.meta.url).href,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 2 ** 31 - 1,
    workerData: settings,
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? defaultHeapMb }
  })
  const slots = new Slots(options.threads)

  async function process (data: Uint8Array): Promise<DocumentResult> {
    await slots.acquire()
    try {
      return await runTimed(data)
    } finally {
      slots.release()
    }
  }

  async function runTimed (data: Uint8Array): Promise<DocumentResult> {
    const buffer = ownBuffer(data)
    const signal = AbortSignal.timeout(options.timeoutMs)
    let outcome: DocumentOutcome
    try {
      outcome = await pool.run({ data: buffer }, { signal, transferList: [buffer] })
    } catch (error) {
      if (signal.aborted) {
        throw new SluiceError('TIMEOUT', `Extraction and redaction took longer than ${options.timeoutMs} ms; the thread was stopped and replaced.`, {
          hint: 'The PDF may be pathological; raise SLUICE_DOCUMENT_TIMEOUT if it is merely large.',
          cause: error
        })
      }
      throw new SluiceError('CRASHED', `The worker thread died while processing the document (${(error as Error)?.message ?? String(error)}); it was replaced.`, {
        hint: 'The PDF may need more memory than a thread is allowed.',
        cause: error
      })
    }
    if (!outcome.ok) throw new SluiceError(outcome.code, outcome.message)
    return outcome
  }

  async function warmUp (): Promise<void> {
    await Promise.all(Array.from({ length: options.threads }, async () => pool.run(undefined as unknown as DocumentTask, { name: 'warmUp' })))
  }

  return {
    process,
    warmUp,
    threads: options.threads,
    get busy () { return slots.active },
    get waiting () { return slots.waiting },
    close: async () => pool.destroy()
  }
}

/** Transferring hands the whole ArrayBuffer to the thread, so a view into a shared one is copied first. */
function ownBuffer (data: Uint8Array): ArrayBuffer {
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer) return data.buffer
  return data.slice().buffer
}
