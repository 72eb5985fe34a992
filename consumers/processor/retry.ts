// Retries the I/O steps of one document on transient errors. All steps of a document share
// one attempt budget, so a document is dead-lettered after maxAttempts failures in total, and
// the attempt number on its event says how many tries it took.
import { backoffDelay, defaultBackoff, type BackoffPolicy } from '../../lib/retry/backoff.ts'
import { isTransient } from '../../lib/retry/transient.ts'

export interface AttemptBudget {
  /** 1 while nothing has failed; grows with each retry. */
  attempt: number
  maxAttempts: number
  firstFailureAt: number | undefined
  lastFailureAt: number | undefined
  lastError: unknown
}

export function newAttemptBudget (maxAttempts: number): AttemptBudget {
  return { attempt: 1, maxAttempts, firstFailureAt: undefined, lastFailureAt: undefined, lastError: undefined }
}

/** Thrown when a transient error outlived the budget; the caller dead-letters the event. */
export class RetriesExhausted extends Error {
  readonly budget: AttemptBudget
  constructor (budget: AttemptBudget, stage: string) {
    super(`${stage} still failing after ${budget.attempt} attempts: ${(budget.lastError as Error)?.message ?? String(budget.lastError)}`, { cause: budget.lastError })
    this.name = 'RetriesExhausted'
    this.budget = budget
  }
}

/** Thrown when shutdown interrupts a backoff wait; the event is left uncommitted for redelivery. */
export class Abandoned extends Error {
  constructor () {
    super('processing abandoned because the processor is shutting down')
    this.name = 'Abandoned'
  }
}

export interface RetryOptions {
  stage: string
  budget: AttemptBudget
  /** Aborted on shutdown: waiting stops and the event is abandoned. */
  signal: AbortSignal
  onRetry?: (stage: string, error: unknown, delayMs: number) => void
  policy?: BackoffPolicy
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
}

export async function withRetries<T> (operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { budget, stage, signal } = options
  const sleep = options.sleep ?? abortableSleep
  for (;;) {
    try {
      return await operation()
    } catch (error) {
      if (!isTransient(error)) throw error
      const now = Date.now()
      budget.firstFailureAt ??= now
      budget.lastFailureAt = now
      budget.lastError = error
      if (budget.attempt >= budget.maxAttempts) throw new RetriesExhausted(budget, stage)
      if (signal.aborted) throw new Abandoned()
      const delayMs = backoffDelay(budget.attempt, options.policy ?? defaultBackoff)
      options.onRetry?.(stage, error, delayMs)
      await sleep(delayMs, signal)
      budget.attempt++
    }
  }
}

async function abortableSleep (ms: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(new Abandoned())
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
