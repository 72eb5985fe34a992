// Bounded exponential backoff for transient failures (S3 or Kafka briefly unavailable).
// Full jitter spreads the retries of many partitions so they do not hit a recovering
// service at the same instant.

export interface BackoffPolicy {
  initialMs: number
  maxMs: number
  factor: number
}

export const defaultBackoff: BackoffPolicy = { initialMs: 250, maxMs: 5000, factor: 2 }

/** Delay before retry number `retry` (1 = the first retry); never more than policy.maxMs. */
export function backoffDelay (retry: number, policy: BackoffPolicy = defaultBackoff, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, retry - 1))
  // Half fixed, half random: always waits a little, never synchronises retries.
  return Math.round(ceiling / 2 + random() * ceiling / 2)
}
