// A pool task that takes 200 ms of wall time per document and then succeeds.
import { setTimeout as sleep } from 'node:timers/promises'
import { threadId } from 'node:worker_threads'
import { holdingTicket } from '../../../../../lib/extraction/memory-budget.ts'
import type { ThreadTask } from '../../../../../lib/extraction/thread.ts'

export async function extractAndRedact ({ ticket }: ThreadTask): Promise<unknown> {
  return await holdingTicket(ticket, threadId, async () => {
    await sleep(200)
    return { ok: true, pages: 1, chars: 0, redactedText: 'slow', piiCounts: {}, extractMs: 200, redactMs: 0 }
  })
}

export async function warmUp (): Promise<void> {}
