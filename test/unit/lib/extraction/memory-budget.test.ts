import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Worker } from 'node:worker_threads'
import { createMemoryBudget, holdingTicket, threadTookOver } from '../../../../lib/extraction/memory-budget.ts'
import { waitFor } from '../../../support/wait.ts'

const mib = 2 ** 20

/** Stands in for a worker thread: the budget only reads its heap statistics and may terminate it. */
function fakeThread (threadId: number, heapMib: number, externalMib: number): Worker & { terminated: boolean } {
  const thread = {
    threadId,
    terminated: false,
    getHeapStatistics: async () => ({ used_heap_size: heapMib * mib, external_memory: externalMib * mib }),
    terminate: async () => { thread.terminated = true; return 1 }
  }
  return thread as unknown as Worker & { terminated: boolean }
}

const until = async (condition: () => boolean): Promise<void> => { await waitFor(condition, { what: 'the budget to act', timeoutMs: 5000, intervalMs: 5 }) }

test('a thread whose heap plus ArrayBuffer memory passes the budget is terminated and its ticket says so', async () => {
  const bomb = fakeThread(7, 40, 600)
  const ordinary = fakeThread(8, 40, 30)
  const budget = createMemoryBudget({ budgetBytes: 512 * mib, threads: () => [bomb, ordinary], pollMs: 5 })
  try {
    const bombTicket = budget.ticket()
    const ordinaryTicket = budget.ticket()
    Atomics.store(bombTicket.slot, 0, 7)
    Atomics.store(ordinaryTicket.slot, 0, 8)
    await until(() => bomb.terminated)
    assert.equal(bombTicket.exceededBytes, 640 * mib)
    assert.equal(ordinary.terminated, false)
    assert.equal(ordinaryTicket.exceededBytes, undefined)
  } finally {
    budget.stop()
  }
})

test('what a thread held before the document started (its baseline) is not charged to the document', async () => {
  const thread = fakeThread(11, 300, 400)
  let polls = 0
  const budget = createMemoryBudget({ budgetBytes: 512 * mib, threads: () => { polls++; return [thread] }, pollMs: 5 })
  try {
    const ticket = budget.ticket()
    // 700 MiB in all, but the thread held 250 MiB (pdf.js, lexicons) before it took the document.
    Atomics.store(ticket.slot, 1, 250 * 1024)
    Atomics.store(ticket.slot, 0, 11)
    const seen = polls
    await until(() => polls >= seen + 3)
    assert.equal(thread.terminated, false)
    // With a baseline of 100 MiB the same 700 MiB means the document added 600: over the budget.
    Atomics.store(ticket.slot, 1, 100 * 1024)
    await until(() => thread.terminated)
    assert.equal(ticket.exceededBytes, 600 * mib)
  } finally {
    budget.stop()
  }
})

test('a thread is charged only while it holds the document', async () => {
  const thread = fakeThread(9, 40, 900)
  let polls = 0
  const budget = createMemoryBudget({ budgetBytes: 512 * mib, threads: () => { polls++; return [thread] }, pollMs: 5 })
  try {
    const ticket = budget.ticket()
    // The slot stays 0 until a thread takes the document: polls find nothing to measure.
    await until(() => polls >= 3)
    assert.equal(thread.terminated, false)
    Atomics.store(ticket.slot, 0, 9)
    await until(() => thread.terminated)
    ticket.release()
  } finally {
    budget.stop()
  }
})

test('holdingTicket marks the slot for the work and wakes whoever waits for the take-over', async () => {
  const slot = new Int32Array(new SharedArrayBuffer(8))
  const takeOver = threadTookOver(slot)
  let started = false
  takeOver.started.then(() => { started = true }, () => {})
  const result = await holdingTicket(slot, 42, async () => {
    assert.equal(Atomics.load(slot, 0), 42)
    assert.ok(Atomics.load(slot, 1) > 0, 'the thread\'s memory baseline in KiB is written with the id')
    await until(() => started)
    return 'done'
  })
  assert.equal(result, 'done')
  assert.equal(Atomics.load(slot, 0), 0)
})
