import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Abandoned, newAttemptBudget, RetriesExhausted, withRetries } from '../../../../consumers/processor/retry.ts'
import { SluiceError } from '../../../../lib/errors.ts'

const outage = (): Error => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
const noSleep = async (): Promise<void> => {}

test('transient failures are retried and the attempt count is kept on the budget', async () => {
  const budget = newAttemptBudget(5)
  let calls = 0
  const delays: number[] = []
  const value = await withRetries(async () => {
    calls++
    if (calls < 3) throw outage()
    return 'ok'
  }, { stage: 'fetch', budget, signal: new AbortController().signal, sleep: noSleep, onRetry: (_stage, _error, delayMs) => delays.push(delayMs) })
  assert.equal(value, 'ok')
  assert.equal(calls, 3)
  assert.equal(budget.attempt, 3)
  assert.equal(delays.length, 2)
  assert.ok(budget.firstFailureAt !== undefined && budget.lastFailureAt !== undefined && budget.firstFailureAt <= budget.lastFailureAt)
})

test('stages share one budget: a document gets maxAttempts tries in total', async () => {
  const budget = newAttemptBudget(3)
  let failuresLeft = 1
  await withRetries(async () => {
    if (failuresLeft-- > 0) throw outage()
  }, { stage: 'fetch', budget, signal: new AbortController().signal, sleep: noSleep })
  let calls = 0
  await assert.rejects(withRetries(async () => {
    calls++
    throw outage()
  }, { stage: 'publish', budget, signal: new AbortController().signal, sleep: noSleep }), (error) => {
    assert.ok(error instanceof RetriesExhausted)
    assert.equal(error.budget.attempt, 3)
    assert.match(error.message, /publish still failing after 3 attempts/)
    return true
  })
  assert.equal(calls, 2)
})

test('a document error is not retried', async () => {
  let calls = 0
  await assert.rejects(withRetries(async () => {
    calls++
    throw new SluiceError('MISSING_OBJECT', 'gone')
  }, { stage: 'fetch', budget: newAttemptBudget(5), signal: new AbortController().signal, sleep: noSleep }), (error) => error instanceof SluiceError)
  assert.equal(calls, 1)
})

test('shutdown interrupts a backoff wait and abandons the event', async () => {
  const controller = new AbortController()
  const started = performance.now()
  await assert.rejects(withRetries(async () => { throw outage() }, {
    stage: 'fetch',
    budget: newAttemptBudget(5),
    signal: controller.signal,
    policy: { initialMs: 10_000, maxMs: 10_000, factor: 1 },
    // Shutdown arrives once the 10 s backoff wait has begun.
    onRetry: () => { setImmediate(() => controller.abort()) }
  }), (error) => error instanceof Abandoned)
  assert.ok(performance.now() - started < 2000)
})
