import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Abandoned, newAttempts, OutageLimitReached, withRetries, type Pause } from '../../../../consumers/processor/retry.ts'
import { SluiceError } from '../../../../lib/errors.ts'

const outage = (): Error => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
const live = new AbortController().signal
/** A clock that moves only when the retry loop sleeps, so outage lengths are exact. */
function fakeClock (): { now: () => number, sleep: (ms: number) => Promise<void> } {
  let time = 1_000_000
  return { now: () => time, sleep: async (ms) => { time += ms } }
}

test('an outage pauses the document with backoff until it passes, however many tries that takes', async () => {
  const clock = fakeClock()
  const attempts = newAttempts()
  const pauses: Pause[] = []
  const ends: Array<[string, number, boolean]> = []
  let calls = 0
  // 40 failures: eight times the old budget of five attempts, about two and a half minutes of backoff.
  const value = await withRetries(async () => {
    if (++calls <= 40) throw outage()
    return 'ok'
  }, { stage: 'fetch', attempts, outageLimitMs: 10 * 60_000, signal: live, ...clock, onPause: (pause) => pauses.push(pause), onPauseEnd: (...end) => ends.push(end) })
  assert.equal(value, 'ok')
  assert.equal(attempts.attempt, 41)
  assert.equal(pauses.length, 40)
  assert.deepEqual(pauses.slice(0, 3).map((pause) => pause.retry), [1, 2, 3])
  assert.ok(pauses.every((pause) => pause.delayMs <= 5000), 'backoff is capped')
  assert.ok((pauses.at(-1) as Pause).outageMs > 100_000)
  assert.equal(ends.length, 1)
  assert.equal(ends[0]?.[0], 'fetch')
  assert.equal(ends[0]?.[2], true)
  assert.ok(attempts.firstFailureAt !== undefined && attempts.lastFailureAt !== undefined && attempts.firstFailureAt < attempts.lastFailureAt)
})

test('only an outage longer than the limit gives up, with OutageLimitReached', async () => {
  const clock = fakeClock()
  const attempts = newAttempts()
  const ends: boolean[] = []
  await assert.rejects(withRetries(async () => { throw outage() }, { stage: 'publish', attempts, outageLimitMs: 60_000, signal: live, ...clock, onPauseEnd: (_stage, _ms, recovered) => ends.push(recovered) }), (error) => {
    assert.ok(error instanceof OutageLimitReached)
    assert.match(error.message, /publish still failing after an outage of 60 s/)
    assert.equal((attempts.lastFailureAt as number) - (attempts.firstFailureAt as number), 60_000, 'the last wait is cut to end exactly at the limit')
    return true
  })
  assert.deepEqual(ends, [false])
})

test('each outage gets the full limit; stages share the attempt count', async () => {
  const clock = fakeClock()
  const attempts = newAttempts()
  for (const stage of ['fetch', 'store']) {
    let failuresLeft = 20
    await withRetries(async () => { if (failuresLeft-- > 0) throw outage() }, { stage, attempts, outageLimitMs: 90_000, signal: live, ...clock })
  }
  assert.equal(attempts.attempt, 41)
})

test('a document error is not retried', async () => {
  let calls = 0
  await assert.rejects(withRetries(async () => {
    calls++
    throw new SluiceError('MISSING_OBJECT', 'gone')
  }, { stage: 'fetch', attempts: newAttempts(), outageLimitMs: 60_000, signal: live, sleep: async () => {} }), (error) => error instanceof SluiceError)
  assert.equal(calls, 1)
})

test('shutdown or a rebalance interrupts a backoff wait and abandons the event', async () => {
  const controller = new AbortController()
  const started = performance.now()
  await assert.rejects(withRetries(async () => { throw outage() }, {
    stage: 'fetch',
    attempts: newAttempts(),
    outageLimitMs: 600_000,
    signal: controller.signal,
    policy: { initialMs: 10_000, maxMs: 10_000, factor: 1 },
    // Shutdown arrives once the 10 s backoff wait has begun.
    onPause: () => { setImmediate(() => controller.abort()) }
  }), (error) => error instanceof Abandoned)
  assert.ok(performance.now() - started < 2000)
})
