// Rides out dependency outages for one document. A transient error (S3, Kafka or the schema
// registry unavailable) is not a property of the document: the document pauses, backs off and
// tries again for as long as the outage lasts, bounded only by the outage limit. Only an outage
// longer than that ends in the dead-letter topic (code outage_limit), from where `sluice dlq
// replay` puts the event back once the dependency is repaired.
import { backoffDelay, defaultBackoff, type BackoffPolicy } from '../../lib/retry/backoff.ts'
import { isTransient } from '../../lib/retry/transient.ts'

/** What one document's I/O has been through so far; all its stages share it. */
export interface Attempts {
  /** 1 while nothing has failed; grows with each retry. */
  attempt: number
  firstFailureAt: number | undefined
  lastFailureAt: number | undefined
}

export function newAttempts (): Attempts {
  return { attempt: 1, firstFailureAt: undefined, lastFailureAt: undefined }
}

/** Thrown when one outage outlived the outage limit; the caller dead-letters the event. */
export class OutageLimitReached extends Error {
  readonly attempts: Attempts
  constructor (attempts: Attempts, stage: string, outageMs: number, cause: unknown) {
    super(`${stage} still failing after an outage of ${Math.round(outageMs / 1000)} s (${attempts.attempt} attempts): ${(cause as Error)?.message ?? String(cause)}`, { cause })
    this.name = 'OutageLimitReached'
    this.attempts = attempts
  }
}

/** Thrown when shutdown or a rebalance interrupts a backoff wait; the event is left uncommitted for redelivery. */
export class Abandoned extends Error {
  constructor () {
    super('processing abandoned because the processor is shutting down or its partition is moving')
    this.name = 'Abandoned'
  }
}

export interface Pause {
  stage: string
  error: unknown
  /** Retries of this stage so far in this outage (1 = the first). */
  retry: number
  delayMs: number
  /** How long this stage has been failing. */
  outageMs: number
}

export interface RetryOptions {
  stage: string
  attempts: Attempts
  /** Longest one outage may pause the document. */
  outageLimitMs: number
  /** Aborted on shutdown or rebalance: waiting stops and the event is abandoned. */
  signal: AbortSignal
  /** Before every backoff wait. */
  onPause?: (pause: Pause) => void
  /** Once, when a stage that paused ends (recovered, or gave up). */
  onPauseEnd?: (stage: string, outageMs: number, recovered: boolean) => void
  policy?: BackoffPolicy
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  now?: () => number
}

export async function withRetries<T> (operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { attempts, stage, signal } = options
  const sleep = options.sleep ?? abortableSleep
  const now = options.now ?? Date.now
  let outageStartedAt: number | undefined
  let recovered = false
  try {
    for (let retry = 1; ; retry++) {
      try {
        const value = await operation()
        recovered = true
        return value
      } catch (error) {
        if (!isTransient(error)) throw error
        const failedAt = now()
        outageStartedAt ??= failedAt
        attempts.firstFailureAt ??= failedAt
        attempts.lastFailureAt = failedAt
        const outageMs = failedAt - outageStartedAt
        if (outageMs >= options.outageLimitMs) throw new OutageLimitReached(attempts, stage, outageMs, error)
        if (signal.aborted) throw new Abandoned()
        const delayMs = Math.min(backoffDelay(retry, options.policy ?? defaultBackoff), options.outageLimitMs - outageMs)
        options.onPause?.({ stage, error, retry, delayMs, outageMs })
        await sleep(delayMs, signal)
        attempts.attempt++
      }
    }
  } finally {
    if (outageStartedAt !== undefined) options.onPauseEnd?.(stage, now() - outageStartedAt, recovered)
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
