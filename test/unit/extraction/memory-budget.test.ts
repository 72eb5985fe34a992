import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Worker } from 'node:worker_threads'
import { createMemoryBudget, holdingTicket, threadTookOver } from '../../../lib/extraction/memory-budget.ts'

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

async function until (condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached within 5 s')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

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
  const slot = new Int32Array(new SharedArrayBuffer(4))
  const takeOver = threadTookOver(slot)
  let started = false
  takeOver.started.then(() => { started = true }, () => {})
  const result = await holdingTicket(slot, 42, async () => {
    assert.equal(Atomics.load(slot, 0), 42)
    await until(() => started)
    return 'done'
  })
  assert.equal(result, 'done')
  assert.equal(Atomics.load(slot, 0), 0)
})
