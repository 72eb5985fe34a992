import assert from 'node:assert/strict'
import { test } from 'node:test'
import { retry } from '../../../../lib/retry/retry.ts'

const settling = Object.assign(new Error('not yet'), { retriable: true })

test('retries retryable errors up to the attempts, waiting the given delay between tries', async () => {
  const delays: number[] = []
  let calls = 0
  const result = await retry(async () => {
    calls++
    if (calls < 3) throw settling
    return 'done'
  }, { attempts: 5, delayMs: (attempt) => { delays.push(attempt); return 0 }, retryable: (error) => error === settling })
  assert.equal(result, 'done')
  assert.equal(calls, 3)
  assert.deepEqual(delays, [1, 2])
})

test('gives up after the last attempt, and at once on an error that is not retryable', async () => {
  let calls = 0
  await assert.rejects(retry(async () => { calls++; throw settling }, { attempts: 3, delayMs: () => 0, retryable: () => true }), /not yet/)
  assert.equal(calls, 3)
  calls = 0
  await assert.rejects(retry(async () => { calls++; throw new TypeError('bug') }, { attempts: 3, delayMs: () => 0, retryable: (error) => error === settling }), TypeError)
  assert.equal(calls, 1)
})
