import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Admin } from 'kafkajs'
import { Registry } from 'prom-client'
import { maxRetryAfterSeconds, nextOpen, retryAfterSeconds, startAdmissionGate } from '../../../../lib/ingest/admission.ts'

test('the door closes once the lag passes the bound and opens again only at 90% of it or below', () => {
  assert.equal(nextOpen(true, 100, 100), true, 'at the bound it is still open')
  assert.equal(nextOpen(true, 101, 100), false)
  assert.equal(nextOpen(false, 95, 100), false, 'between 90% and the bound a closed door stays closed')
  assert.equal(nextOpen(false, 91, 100), false)
  assert.equal(nextOpen(false, 90, 100), true)
  assert.equal(nextOpen(false, 1, 1), false)
  assert.equal(nextOpen(false, 0, 1), true, 'a bound of 1 reopens at 0')
})

test('a bound of 0 never closes the door', () => {
  assert.equal(nextOpen(true, 1_000_000, 0), true)
  assert.equal(nextOpen(false, 1_000_000, 0), true)
})

test('Retry-After is the excess over the reopening point divided by the drain rate, from 1 to 30 s', () => {
  assert.equal(retryAfterSeconds(1000, 100, 0), maxRetryAfterSeconds, 'a lag that does not fall waits longest')
  assert.equal(retryAfterSeconds(1000, 100, -5), maxRetryAfterSeconds, 'a growing lag waits longest')
  assert.equal(retryAfterSeconds(200, 100, 10), 11, '(200 - 90) / 10 rounded up')
  assert.equal(retryAfterSeconds(205, 100, 10), 12, '(205 - 90) / 10 rounded up')
  assert.equal(retryAfterSeconds(91, 100, 1000), 1, 'never below one second')
  assert.equal(retryAfterSeconds(100_000, 100, 10), maxRetryAfterSeconds)
})

interface FakeLag { high: number, committed: number, reads: number, fail: boolean }

function fakeAdmin (state: FakeLag): Admin {
  return {
    fetchOffsets: async ({ topics }: { topics: string[] }) => {
      state.reads++
      if (state.fail) throw new Error('broker unavailable')
      return topics.map((topic) => ({ topic, partitions: [{ partition: 0, offset: String(state.committed), metadata: null }] }))
    },
    fetchTopicOffsets: async () => [{ partition: 0, high: String(state.high), low: '0', offset: String(state.high) }]
  } as unknown as Admin
}

test('the gate decides from its last reading, reports changes, exports its state and releases waiters when it opens', async () => {
  const state: FakeLag = { high: 0, committed: 0, reads: 0, fail: false }
  const registry = new Registry()
  const changes: boolean[] = []
  let clockMs = 0
  const gate = startAdmissionGate({ admin: fakeAdmin(state), groupId: 'g', topic: 't', maxLag: 10, refreshMs: 60_000, registry, door: 'api', onChange: (change) => changes.push(change.open), now: () => clockMs })
  try {
    await gate.refresh()
    assert.equal(gate.state().open, true)
    assert.match(await registry.metrics(), /sluice_admission_open\{door="api"\} 1/)

    state.high = 30
    await gate.refresh()
    assert.deepEqual({ open: gate.state().open, lag: gate.state().lag }, { open: false, lag: 30 })
    assert.equal(gate.state().retryAfterSeconds, maxRetryAfterSeconds, 'nothing drained yet')
    assert.match(await registry.metrics(), /sluice_admission_open\{door="api"\} 0/)
    gate.refused(2)
    assert.match(await registry.metrics(), /sluice_admission_refused_total\{door="api"\} 2/)

    let released = false
    const waiting = gate.whenOpen().then(() => { released = true })
    const reads = state.reads
    assert.equal(gate.state().open, false, 'state() reads the cache, not the broker')
    assert.equal(state.reads, reads)

    state.committed = 20
    clockMs += 1000
    await gate.refresh()
    assert.equal(gate.state().open, false, 'lag 10 is above 90% of the bound')
    assert.ok(gate.state().retryAfterSeconds < maxRetryAfterSeconds, 'the lag fell, so the wait is estimated from the drain rate')
    assert.equal(released, false)

    state.fail = true
    await assert.rejects(gate.refresh(), /broker unavailable/)
    assert.equal(gate.state().open, false, 'a failed reading keeps the last decision')

    state.fail = false
    state.committed = 30
    await gate.refresh()
    await waiting
    assert.equal(released, true)
    assert.equal(gate.state().open, true)
    assert.deepEqual(changes, [false, true])
  } finally {
    await gate.stop()
  }
})

test('waiting for a closed gate can be given up', async () => {
  const state: FakeLag = { high: 50, committed: 0, reads: 0, fail: false }
  const gate = startAdmissionGate({ admin: fakeAdmin(state), groupId: 'g', topic: 't', maxLag: 10, refreshMs: 60_000, door: 'publish' })
  try {
    await gate.refresh()
    const controller = new AbortController()
    const waiting = gate.whenOpen(controller.signal)
    controller.abort(new Error('stopped'))
    await assert.rejects(waiting, /stopped/)
  } finally {
    await gate.stop()
  }
})

test('with a bound of 0 the gate never reads the brokers', async () => {
  const state: FakeLag = { high: 50, committed: 0, reads: 0, fail: false }
  const gate = startAdmissionGate({ admin: fakeAdmin(state), groupId: 'g', topic: 't', maxLag: 0, refreshMs: 100, door: 'api' })
  await gate.stop()
  assert.equal(state.reads, 0)
  assert.equal(gate.state().open, true)
})
