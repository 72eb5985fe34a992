// Outages of the object store through a switchable proxy in front of the real S3 server: a short
// one is ridden out with backoff (the event says how many attempts it took); a long one, far past
// the five attempts after which the processor used to dead-letter, pauses the documents (metric
// and log line) and, once S3 is back, every document has exactly one outcome and none is
// dead-lettered. The processor keeps its group membership throughout.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { sampleValue } from '../../../support/prometheus-text.ts'
import { generateDocument } from '../../../../bench/corpus/index.ts'
import { waitFor } from '../../../support/wait.ts'
import { startSwitchableProxy, type SwitchableProxy } from './fixtures/switchable-proxy.ts'
import { createTestStack, ensureStopped, spawnProcessor, type ProcessorChild, type TestStack } from './harness.ts'

let stack: TestStack
let proxy: SwitchableProxy | undefined
let processor: ProcessorChild | undefined

before(async () => {
  stack = await createTestStack()
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
  await waitFor(() => processor?.log().includes('"dependency unavailable: document paused, retrying with backoff"'), { what: 'the processor to retry the fetch', timeoutMs: 30_000 })
  await proxy?.on()
  await stack.collector.waitFor('the document', () => outcomeOf(event.documentId) !== undefined, 30_000)
  const outcome = outcomeOf(event.documentId)
  assert.equal(outcome?.status, 'processed', outcome?.failureMessage ?? '')
  assert.ok(outcome.attempt >= 2, `attempt ${outcome.attempt}`)
})

test('a long S3 outage pauses the documents instead of dead-lettering them; each gets exactly one outcome once S3 is back', async () => {
  const metricsPort = Number(/"metricsPort":(\d+)/.exec(processor?.log() ?? '')?.[1])
  const metric = async (name: string, labels: Record<string, string>): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
    return sampleValue(text, name, labels) ?? 0
  }
  const retriesBefore = await metric('sluice_processor_retries_total', { stage: 'fetch' })
  await proxy?.off()
  const offAt = Date.now()
  const events = []
  for (let index = 1; index <= 6; index++) events.push(await stack.submit(await pdf(index)))
  // Outages of this length used to dead-letter after five attempts (a few seconds of backoff);
  // it lasts until the documents have been paused for over 20 s and retried well past that.
  await waitFor(async () => {
    return Date.now() - offAt > 20_000 &&
      await metric('sluice_processor_paused_documents', { stage: 'fetch' }) >= 1 &&
      await metric('sluice_processor_retries_total', { stage: 'fetch' }) - retriesBefore >= 8
  }, { what: 'documents paused for over 20 s', timeoutMs: 120_000, intervalMs: 250 })
  assert.match(processor?.log() ?? '', /dependency unavailable: document paused, retrying with backoff/)
  assert.equal(stack.collector.deadLetters.length, 0, 'nothing is dead-lettered while S3 is down')
  await proxy?.on()

  const ids = events.map((event) => event.documentId)
  await stack.collector.waitFor('every document', () => ids.every((id) => outcomeOf(id) !== undefined), 120_000)
  // A document submitted after the outage, on the same processor: once it is out, any duplicate
  // of the earlier ones would have been published before it on their partitions.
  const marker = await stack.submit(await pdf(7))
  await stack.collector.waitFor('the marker document', () => outcomeOf(marker.documentId) !== undefined, 60_000)
  for (const id of ids) {
    const outcomes = stack.collector.processed.filter((event) => event.documentId === id)
    assert.equal(outcomes.length, 1, `document ${id} has ${outcomes.length} outcomes`)
    assert.equal(outcomes[0]?.status, 'processed', outcomes[0]?.failureMessage ?? '')
  }
  assert.ok(ids.some((id) => (outcomeOf(id)?.attempt ?? 0) > 5), 'at least one document took more tries than the old budget allowed')
  assert.equal(stack.collector.deadLetters.length, 0)
  assert.equal(await metric('sluice_processor_paused_documents', { stage: 'fetch' }), 0)
  assert.match(processor?.log() ?? '', /dependency back: document resumed/)
  assert.doesNotMatch(processor?.log() ?? '', /Kafka consumer crashed/)
})
