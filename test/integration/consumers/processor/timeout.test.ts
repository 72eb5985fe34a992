// A document that takes longer than the time limit (a real pathological PDF, not a test hook)
// ends as `timeout`, its worker thread is replaced, and the documents queued behind it on the
// same partition are processed.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { generateDocument } from '../../../../bench/corpus/index.ts'
import { makeSlowPdf } from '../../../support/pdfs.ts'
import { createTestStack, ensureStopped, spawnProcessor, type ProcessorChild, type TestStack } from './harness.ts'

let stack: TestStack
let processor: ProcessorChild | undefined

// The slow PDF's 8 pages need about 6 s of CPU on an idle core; a 2-page follower well under a second
// even on a fresh thread of a loaded machine (with 1 s, followers timed out on a busy 2-core box).
const limitMs = 3000

before(async () => {
  stack = await createTestStack({ SLUICE_DOCUMENT_TIMEOUT: `${limitMs}ms` })
})

after(async () => {
  await ensureStopped(processor)
  await stack?.cleanup()
})

test('a pathological PDF times out and the partition moves on', async () => {
  const messageKey = `one-partition-${stack.runId}`
  const slow = await stack.submit(await makeSlowPdf(8), { messageKey })
  const followers = []
  for (let index = 0; index < 3; index++) {
    followers.push(await stack.submit((await generateDocument({ seed: `timeout-${stack.runId}`, pageCounts: [2] }, index)).bytes, { messageKey }))
  }
  // One thread: the followers can only be processed by the thread that replaced the stopped one.
  processor = spawnProcessor(stack.env, ['--workers', '1', '--concurrency', '1'])
  const ids = [slow, ...followers].map((event) => event.documentId)
  await stack.collector.waitFor('all outcomes', () => ids.every((id) => stack.collector.processed.some((event) => event.documentId === id)), 60_000)

  const outcome = (id: string) => stack.collector.processed.find((event) => event.documentId === id)
  const slowOutcome = outcome(slow.documentId)
  assert.equal(slowOutcome?.status, 'failed', JSON.stringify(slowOutcome))
  assert.equal(slowOutcome?.failureReason, 'timeout', slowOutcome?.failureMessage ?? '')
  assert.ok(slowOutcome.timings.extractMs >= limitMs && slowOutcome.timings.extractMs < limitMs + 5000, `extract ${slowOutcome.timings.extractMs} ms`)
  for (const follower of followers) {
    const followerOutcome = outcome(follower.documentId)
    assert.equal(followerOutcome?.status, 'processed', followerOutcome?.failureMessage ?? '')
    assert.equal(followerOutcome.partition, slowOutcome.partition)
    assert.ok(followerOutcome.offset > slowOutcome.offset)
  }
})
