// SIGTERM while a document is being processed: the processor stops taking new work, finishes
// the document, publishes its event, commits, leaves the group and exits 0. The documents it
// had not started stay uncommitted and are processed by the next member.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { generateDocument } from '../../../../bench/corpus/index.ts'
import { sampleValue } from '../../../support/prometheus-text.ts'
import { waitFor } from '../../../support/wait.ts'
import { makeSlowPdf } from '../../../support/pdfs.ts'
import { createTestStack, ensureStopped, spawnProcessor, type ProcessorChild, type TestStack } from './harness.ts'

let stack: TestStack
let first: ProcessorChild | undefined
let second: ProcessorChild | undefined

before(async () => {
  stack = await createTestStack()
})

after(async () => {
  await ensureStopped(first)
  await ensureStopped(second)
  await stack?.cleanup()
})

async function inFlight (child: ProcessorChild): Promise<number> {
  const port = /"metricsPort":(\d+)/.exec(child.log())?.[1]
  if (port === undefined) return 0
  const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
  return sampleValue(body, 'sluice_processor_in_flight_documents', {}) ?? 0
}

test('SIGTERM drains the document in flight, commits, and leaves the rest for the next member', async () => {
  const messageKey = `drain-${stack.runId}`
  // Several seconds of extraction: long enough to signal while it runs, well inside the 30 s limit.
  const slow = await stack.submit(await makeSlowPdf(2), { messageKey })
  const waiting = []
  for (let index = 0; index < 3; index++) {
    waiting.push(await stack.submit((await generateDocument({ seed: `drain-${stack.runId}`, pageCounts: [1] }, index)).bytes, { messageKey }))
  }
  first = spawnProcessor(stack.env, ['--workers', '1', '--concurrency', '1'])
  await first.started
  const running = first
  await waitFor(async () => await inFlight(running) >= 1, { what: 'the slow document to start', timeoutMs: 30_000, intervalMs: 50 })
  const signalled = Date.now()
  first.process.kill('SIGTERM')
  const { code } = await first.exited
  assert.equal(code, 0, first.log().slice(-2000))
  assert.ok(Date.now() - signalled < 30_000)

  // The slow document was finished and published before the process exited.
  await stack.collector.waitFor('the drained document', () => stack.collector.processed.some((event) => event.documentId === slow.documentId), 10_000)
  assert.equal(stack.collector.processed.find((event) => event.documentId === slow.documentId)?.status, 'processed')

  second = spawnProcessor(stack.env, ['--workers', '1', '--concurrency', '1'])
  const ids = [slow, ...waiting].map((event) => event.documentId)
  await stack.collector.waitFor('every document', () => ids.every((id) => stack.collector.processed.some((event) => event.documentId === id)), 40_000)
  // The drained document was committed, so the second member did not process it again.
  assert.equal(stack.collector.processed.filter((event) => event.documentId === slow.documentId).length, 1)
})
