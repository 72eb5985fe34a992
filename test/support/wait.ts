// The one way tests wait: for a condition, checked every `intervalMs`, until a deadline. Never a
// fixed sleep: a sleep is either too short on a loaded machine (a flaky test) or too long on an
// idle one (a slow test), and a "nothing arrived" check after a sleep proves nothing.
import { setTimeout as sleep } from 'node:timers/promises'

export interface WaitOptions {
  /** What is awaited, for the error message ("every document", "the group to settle"). */
  what: string
  timeoutMs: number
  intervalMs?: number
  /** Added to the timeout error, e.g. what has arrived so far. */
  progress?: () => string
}

/**
 * Resolves with the condition's first truthy value. A condition that throws counts as not yet
 * met (a service still starting); the last error is in the timeout message.
 */
export async function waitFor<T> (condition: () => T | Promise<T>, options: WaitOptions): Promise<NonNullable<T>> {
  const deadline = Date.now() + options.timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await condition()
      if (value !== undefined && value !== null && value !== false && value !== '' && value !== 0) return value as NonNullable<T>
    } catch (error) {
      lastError = error
    }
    if (Date.now() >= deadline) {
      const details = [options.progress?.(), lastError === undefined ? undefined : `last error: ${String(lastError)}`].filter((part) => part !== undefined)
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${details.length > 0 ? ` (${details.join('; ')})` : ''}`)
    }
    await sleep(Math.min(options.intervalMs ?? 100, Math.max(1, deadline - Date.now())))
  }
}
