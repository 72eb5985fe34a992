// A pool task whose thread dies mid-document, as it would on a fatal native error.
import process from 'node:process'
import { threadId } from 'node:worker_threads'
import type { ThreadTask } from '../../../../../lib/extraction/thread.ts'

export function extractAndRedact ({ ticket }: ThreadTask): never {
  Atomics.store(ticket, 0, threadId)
  Atomics.notify(ticket, 0)
  process.exit(70)
}
