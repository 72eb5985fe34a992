import assert from 'node:assert/strict'
import { test } from 'node:test'
import { backoffDelay } from '../../../../lib/retry/backoff.ts'

const policy = { initialMs: 100, maxMs: 1000, factor: 2 }

test('delays grow exponentially between half and all of the ceiling', () => {
  assert.equal(backoffDelay(1, policy, () => 0), 50)
  assert.equal(backoffDelay(1, policy, () => 1), 100)
  assert.equal(backoffDelay(2, policy, () => 1), 200)
  assert.equal(backoffDelay(3, policy, () => 0), 200)
  assert.equal(backoffDelay(4, policy, () => 1), 800)
})

test('delays never exceed the cap, however many retries', () => {
  for (const retry of [5, 10, 50, 1000]) {
    assert.equal(backoffDelay(retry, policy, () => 1), 1000)
    assert.equal(backoffDelay(retry, policy, () => 0), 500)
  }
})
