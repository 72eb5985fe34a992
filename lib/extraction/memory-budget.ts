// Enforces a memory budget per document from outside the thread that processes it. pdf.js holds
// inflated streams in ArrayBuffers, which live outside the JS heap, so a worker's heap limit
// does not cover them: a 1 MB PDF can inflate to gigabytes. V8 counts ArrayBuffer memory as the
// isolate's `external_memory`, and `worker.getHeapStatistics()` reads it from the parent through
// an isolate interrupt, which is answered even while the thread runs synchronous pdf.js code.
// So the parent polls every busy thread and terminates one whose heap plus external memory grew
// past the budget since the document started; the document then fails as too_large_decoded and
// the pool replaces the thread. What the thread holds for itself before a document starts (pdf.js,
// the redaction engine's name and place lexicons) is its baseline and does not count.
import { getHeapStatistics } from 'node:v8'
import type { Worker } from 'node:worker_threads'

export interface MemoryBudgetOptions {
  /** Heap plus ArrayBuffer memory one document may add to its thread's baseline. */
  budgetBytes: number
  /** The pool's threads right now (replacements included). */
  threads: () => readonly Worker[]
  pollMs?: number
}

/**
 * One document's claim on a thread: while it works on the document the thread writes its id into
 * `slot[0]`, after its memory baseline in KiB into `slot[1]`.
 */
export interface BudgetTicket {
  /** Shared with the thread (a SharedArrayBuffer): slot[0] is 0 while no thread holds the document. */
  readonly slot: Int32Array
  /** Set when the document's thread was terminated for passing the budget. */
  readonly exceededBytes: number | undefined
  release (): void
}

export interface MemoryBudget {
  ticket (): BudgetTicket
  readonly budgetBytes: number
  stop (): void
}

/** Short enough that a thread inflating at a few hundred MB/s passes the budget by little. */
const defaultPollMs = 25

export function createMemoryBudget (options: MemoryBudgetOptions): MemoryBudget {
  const pollMs = options.pollMs ?? defaultPollMs
  const tickets = new Set<Ticket>()
  let timer: NodeJS.Timeout | undefined
  let stopped = false

  function schedule (): void {
    if (timer !== undefined || stopped || tickets.size === 0) return
    timer = setTimeout(() => {
      poll().finally(() => {
        timer = undefined
        schedule()
      })
    }, pollMs)
    timer.unref()
  }

  async function poll (): Promise<void> {
    const workers = new Map(options.threads().map((worker) => [worker.threadId, worker]))
    await Promise.all([...tickets].map(async (ticket) => {
      const threadId = Atomics.load(ticket.slot, 0)
      const worker = workers.get(threadId)
      if (threadId === 0 || worker === undefined) return
      // Rejects once the thread has exited; then there is nothing left to measure.
      const stats = await worker.getHeapStatistics().catch(() => undefined)
      if (stats === undefined) return
      const usedBytes = stats.used_heap_size + stats.external_memory - Atomics.load(ticket.slot, 1) * 1024
      // The thread may have finished this document while the statistics were on their way.
      if (usedBytes <= options.budgetBytes || Atomics.load(ticket.slot, 0) !== threadId) return
      ticket.exceededBytes = usedBytes
      worker.terminate().catch(() => {}) // already exiting: the pool replaces it either way
    }))
  }

  return {
    budgetBytes: options.budgetBytes,
    ticket: () => {
      const ticket: Ticket = {
        slot: new Int32Array(new SharedArrayBuffer(8)),
        exceededBytes: undefined,
        release: () => { tickets.delete(ticket) }
      }
      tickets.add(ticket)
      schedule()
      return ticket
    },
    stop: () => {
      stopped = true
      clearTimeout(timer)
    }
  }
}

interface Ticket extends BudgetTicket {
  exceededBytes: number | undefined
}

/**
 * Called by the thread around the work on one document (every task module of the pool must).
 * Writing the id also tells the pool the document has a thread now: its time limit starts then.
 */
export async function holdingTicket<T> (slot: Int32Array, threadId: number, work: () => Promise<T>): Promise<T> {
  const baseline = getHeapStatistics()
  // The baseline is written before the id, so the pool never reads an id without its baseline.
  Atomics.store(slot, 1, Math.ceil((baseline.used_heap_size + baseline.external_memory) / 1024))
  Atomics.store(slot, 0, threadId)
  Atomics.notify(slot, 0)
  try {
    return await work()
  } finally {
    Atomics.store(slot, 0, 0)
  }
}

/**
 * Resolves when a thread has taken the document (written its id into the slot), or when
 * `abandon` is called because the task ended without that.
 */
export function threadTookOver (slot: Int32Array): { started: Promise<void>, abandon: () => void } {
  const waiting = Atomics.waitAsync(slot, 0, 0)
  const started = waiting.async ? waiting.value.then(() => {}) : Promise.resolve()
  // Wakes the waiter whatever the slot holds, so no wait outlives its task.
  return { started, abandon: () => { Atomics.notify(slot, 0) } }
}
