// Retrying a short start-up or bookkeeping step a few times (topics settling after creation, a
// group coordinator moving, a registry rule another process created at the same moment).
// p-retry would do, but only with exponential delays; these waits are short and linear, and the
// long-running retries (processor, sink) need their own loops (a shared attempt budget, pausing
// consumption), which use backoff.ts and transient.ts.
import { setTimeout as sleep } from 'node:timers/promises'

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number
  /** Wait before try `attempt + 1`. */
  delayMs: (attempt: number) => number
  /** Errors worth another try; anything else is thrown at once. */
  retryable: (error: unknown) => boolean
}

export async function retry<T> (work: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if (attempt >= options.attempts || !options.retryable(error)) throw error
      await sleep(options.delayMs(attempt))
    }
  }
}
