// A processor killed with SIGKILL in the middle of a batch loses nothing: its uncommitted
// events are redelivered to the restarted processor, and every document ends with exactly one
// final result (redeliveries overwrite the same objects and repeat the same document id).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { generateDocument } from '../../../../bench/corpus/index.ts'
import type { DocumentReceived } from '../../../../lib/events/types.ts'
import { createTestStack, ensureStopped, spawnProcessor, type ProcessorChild, type TestStack } from './harness.ts'

let stack: TestStack
let first: ProcessorChild | undefined
let second: ProcessorChild | undefined

before(async () => {
  // The minimum session timeout the broker allows, so the killed member's partitions move fast.
  stack = await createTestStack({ SLUICE_PROCESSOR_SESSION_TIMEOUT: '6s' })
})

after(async () => {
  await ensureStopped(first)
  await ensureStopped(second)
  await stack?.cleanup()
})

test('SIGKILL mid-batch, restart: one final result per document, nothing lost', async (t) => {
  const events: DocumentReceived[] = []
  for (let index = 0; index < 24; index++) {
    events.push(await stack.submit((await generateDocument({ seed: `sigkill-${stack.runId}`, pageCounts: [1, 5] }, index)).bytes))
  }
  const submitted = new Set(events.map((event) => event.documentId))

  first = spawnProcessor(stack.env, ['--workers', '1', '--concurrency', '3'])
  await stack.collector.waitFor('a few outcomes', () => stack.collector.processed.length >= 4, 40_000)
  first.process.kill('SIGKILL')
  await first.exited
  const beforeKill = new Set(stack.collector.processed.map((event) => event.documentId))
  assert.ok(beforeKill.size < submitted.size, 'the kill happened while documents were still waiting')

  second = spawnProcessor(stack.env, ['--workers', '2', '--concurrency', '3'])
  const distinct = (): Set<string> => new Set(stack.collector.processed.map((event) => event.documentId))
  await stack.collector.waitFor('every document', () => distinct().size >= submitted.size, 60_000)

  assert.deepEqual([...distinct()].sort(), [...submitted].sort(), 'no document lost and none invented')
  for (const event of stack.collector.processed) assert.equal(event.status, 'processed', event.failureMessage ?? '')
  const duplicates = stack.collector.processed.length - submitted.size
  t.diagnostic(`${beforeKill.size} done before the kill; ${duplicates} redelivered duplicate event(s), deduplicated downstream by documentId`)
  for (const documentId of submitted) {
    const result = await stack.readResult(documentId)
    assert.equal(result?.summary.documentId, documentId)
    assert.equal(result?.summary.status, 'processed')
    assert.ok((result?.text ?? '').length > 0)
  }

  second.process.kill('SIGTERM')
  const { code } = await second.exited
  assert.equal(code, 0, second.log().slice(-2000))
})
