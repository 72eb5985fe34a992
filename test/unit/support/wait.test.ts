import assert from 'node:assert/strict'
import { test } from 'node:test'
import { waitFor } from '../../support/wait.ts'

test('waitFor resolves with the first truthy value and checks no more after it', async () => {
  let checks = 0
  const value = await waitFor(() => ++checks >= 3 && { checks }, { what: 'three checks', timeoutMs: 5000, intervalMs: 1 })
  assert.deepEqual(value, { checks: 3 })
  assert.equal(checks, 3)
})

test('a throwing condition counts as not yet met, and its last error is reported at the deadline', async () => {
  let checks = 0
  await assert.rejects(waitFor(() => { checks++; throw new Error('still starting') }, { what: 'the service', timeoutMs: 30, intervalMs: 5, progress: () => 'progress so far' }),
    /^Error: timed out after 30 ms waiting for the service \(progress so far; last error: Error: still starting\)$/)
  assert.ok(checks >= 2, 'it kept checking until the deadline')
})

test('async conditions are awaited', async () => {
  let ready = false
  setImmediate(() => { ready = true })
  assert.equal(await waitFor(async () => ready, { what: 'readiness', timeoutMs: 5000, intervalMs: 1 }), true)
})
