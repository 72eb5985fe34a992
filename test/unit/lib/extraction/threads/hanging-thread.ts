// A pool task that never finishes: spins the thread's CPU forever, as a pathological PDF can.
import { threadId } from 'node:worker_threads'
import type { ThreadTask } from '../../../../../lib/extraction/thread.ts'

export function extractAndRedact ({ ticket }: ThreadTask): never {
  // Taking the document, as every task does (holdingTicket), starts its time limit.
  Atomics.store(ticket, 0, threadId)
  Atomics.notify(ticket, 0)
  for (;;) { /* busy on purpose: only terminating the thread stops it */ }
}
