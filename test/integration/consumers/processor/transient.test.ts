// Transient outages of the object store: a short one is ridden out with backoff (the document
// is processed, its event says how many attempts it took); a long one ends in the dead-letter
// topic with the original event, and the processor keeps its group membership and goes on.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { generateDocument } from '../../../../bench/corpus/index.ts'
import { waitFor } from '../../../support/wait.ts'
import { startSwitchableProxy, type SwitchableProxy } from './fixtures/switchable-proxy.ts'
import { createTestStack, ensureStopped, spawnProcessor, type ProcessorChild, type TestStack } from './harness.ts'

let stack: TestStack
let proxy: SwitchableProxy | undefined
let processor: ProcessorChild | undefined
const maxAttempts = 4

before(async () => {
  stack = await createTestStack({ SLUICE_PROCESSOR_MAX_ATTEMPTS: String(maxAttempts) })
  const s3 = new URL(stack.config.s3.endpoint)
  proxy = await startSwitchableProxy(s3.hostname, Number(s3.port))
  // Only the processor goes through the proxy; the test itself talks to S3 directly.
  processor = spawnProcessor({ ...stack.env, SLUICE_S3_ENDPOINT: `http://127.0.0.1:${proxy.port}` }, ['--workers', '1', '--concurrency', '3'])
  await processor.started
})

after(async () => {
  await ensureStopped(processor)
  await proxy?.close()
  await stack?.cleanup()
})

const pdf = async (index: number): Promise<Uint8Array> => (await generateDocument({ seed: `transient-${stack.runId}`, pageCounts: [1] }, index)).bytes
const outcomeOf = (documentId: string) => stack.collector.processed.find((event) => event.documentId === documentId)

test('a short S3 outage is retried with backoff and the document is processed', async () => {
  await proxy?.off()
  const event = await stack.submit(await pdf(0))
  // The outage lasts until the processor has failed a fetch and scheduled its retry, far less
  // than the backoff before its last attempt (at least 875 ms).
  await waitFor(() => processor?.log().includes('"transient error, retrying"'), { what: 'the processor to retry the fetch', timeoutMs: 30_000 })
  await proxy?.on()
  await stack.collector.waitFor('the document', () => outcomeOf(event.documentId) !== undefined, 30_000)
  const outcome = outcomeOf(event.documentId)
  assert.equal(outcome?.status, 'processed', outcome?.failureMessage ?? '')
  assert.ok(outcome.attempt >= 2 && outcome.attempt <= maxAttempts, `attempt ${outcome.attempt}`)
})

test('a long S3 outage dead-letters the original event; the processor carries on afterwards', async () => {
  await proxy?.off()
  const event = await stack.submit(await pdf(1))
  await stack.collector.waitFor('a dead letter', () => stack.collector.deadLetters.some((letter) => letter.documentId === event.documentId), 30_000)
  const letter = stack.collector.deadLetters.find((candidate) => candidate.documentId === event.documentId)
  assert.equal(letter?.errorCode, 'retries_exhausted')
  assert.equal(letter.attempts, maxAttempts)
  assert.ok(letter.lastFailureAt > letter.firstFailureAt)
  assert.equal(letter.originalKey?.toString(), event.documentId)
  assert.deepEqual({ ...await stack.codec.decode('received', letter.originalValue as Buffer) }, event)
  assert.equal(outcomeOf(event.documentId), undefined, 'no processed event for a dead-lettered document')

  await proxy?.on()
  const next = await stack.submit(await pdf(2))
  await stack.collector.waitFor('the next document', () => outcomeOf(next.documentId) !== undefined, 30_000)
  assert.equal(outcomeOf(next.documentId)?.status, 'processed')
  assert.doesNotMatch(processor?.log() ?? '', /Kafka consumer crashed/)
})
