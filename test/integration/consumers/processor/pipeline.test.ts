// Documents published as DocumentReceived events come out of a real processor process as
// DocumentProcessed events, with redacted text and a summary in the results bucket; bad
// documents come out failed with their reason; poison messages go to the dead-letter topic
// without blocking their partition.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { generateDocument, type GeneratedDocument } from '../../../../bench/corpus/index.ts'
import type { DocumentProcessed } from '../../../../lib/events/types.ts'
import { fixturePdf } from '../../../support/pdfs.ts'
import { sampleValue } from '../../../support/prometheus-text.ts'
import { createTestStack, ensureStopped, spawnProcessor, type ProcessorChild, type TestStack } from './harness.ts'

let stack: TestStack
let processor: ProcessorChild | undefined

before(async () => {
  stack = await createTestStack({ SLUICE_MAX_DOCUMENT_BYTES: '1MiB' })
  processor = spawnProcessor(stack.env, ['--workers', '2', '--concurrency', '3'])
  await processor.started
})

after(async () => {
  await ensureStopped(processor)
  await stack?.cleanup()
})

const outcomeOf = (documentId: string): DocumentProcessed | undefined => stack.collector.processed.find((event) => event.documentId === documentId)

async function listResults (documentId: string): Promise<string[]> {
  const keys: string[] = []
  for await (const item of stack.s3.listObjectsV2(stack.config.s3.resultsBucket, `documents/${documentId}/`, true) as AsyncIterable<{ name?: string }>) if (item.name !== undefined) keys.push(item.name)
  return keys
}

async function waitForOutcomes (documentIds: string[], timeoutMs = 60_000): Promise<DocumentProcessed[]> {
  await stack.collector.waitFor(`${documentIds.length} outcomes`, () => documentIds.every((documentId) => outcomeOf(documentId) !== undefined), timeoutMs)
  return documentIds.map((documentId) => outcomeOf(documentId) as DocumentProcessed)
}

test('PDFs with personal data come out processed, redacted, in one result object with the summary, and with timings', async () => {
  const documents: GeneratedDocument[] = []
  for (let index = 0; index < 6; index++) documents.push(await generateDocument({ seed: `processor-it-${stack.runId}`, pageCounts: [1, 3] }, index))
  const events = []
  for (const document of documents) events.push(await stack.submit(document.bytes))
  const outcomes = await waitForOutcomes(events.map((event) => event.documentId))

  for (const [index, outcome] of outcomes.entries()) {
    const document = documents[index] as GeneratedDocument
    const event = events[index] as typeof events[number]
    assert.equal(outcome.status, 'processed', `${document.file}: ${outcome.failureReason} ${outcome.failureMessage}`)
    assert.equal(outcome.failureReason, null)
    assert.equal(outcome.pages, document.pageCount)
    assert.ok(outcome.chars > 100)
    assert.ok(Object.values(outcome.piiCounts).reduce((sum, count) => sum + count, 0) >= document.planted.length / 2, JSON.stringify(outcome.piiCounts))
    assert.equal(outcome.resultBucket, stack.config.s3.resultsBucket)
    assert.equal(outcome.resultKey, `documents/${event.documentId}/result.json`)
    assert.equal(outcome.receivedAt, event.receivedAt)
    assert.equal(outcome.attempt, 1)
    assert.match(outcome.host, /^.+:\d+$/)
    assert.ok(outcome.partition >= 0 && outcome.partition < 3)
    const { timings } = outcome
    assert.ok(timings.fetchMs > 0 && timings.extractMs > 0 && timings.redactMs > 0 && timings.storeMs > 0, JSON.stringify(timings))
    assert.ok(timings.totalMs >= timings.queueMs)
    assert.ok(timings.totalMs >= timings.fetchMs + timings.extractMs + timings.redactMs + timings.storeMs - 1)
    assert.equal(outcome.completedAt - outcome.receivedAt, timings.totalMs)

    const result = await stack.readResult(event.documentId)
    const text = result?.text
    assert.ok(typeof text === 'string')
    assert.equal(text.split('\f').length, document.pageCount)
    assert.match(text, /\[[A-Z_]+\]/)
    for (const planted of document.planted) assert.ok(!text.includes(planted.value), `${document.file}: planted ${planted.type} left in the redacted text`)

    // The stored summary is the event as it stood before its own write: only the store's time differs.
    const summary = result?.summary
    assert.equal(summary?.timings.storeMs, 0)
    assert.deepEqual({ ...summary, completedAt: outcome.completedAt, timings: { ...summary?.timings, storeMs: timings.storeMs, totalMs: timings.totalMs } }, JSON.parse(JSON.stringify(outcome)))
    assert.deepEqual(await listResults(event.documentId), [`documents/${event.documentId}/result.json`], 'one object per document')
  }
})

test('bad documents each produce a failed event with their reason and a result object without text', async () => {
  const cases = [
    { reason: 'encrypted', event: await stack.submit(fixturePdf('issue6010_1.pdf')) },
    { reason: 'corrupt', event: await stack.submit(fixturePdf('REDHAT-1531897-0.pdf')) },
    { reason: 'not_pdf', event: await stack.submit(new TextEncoder().encode('Dear customer, this is a plain text letter, not a PDF.\n'.repeat(40))) },
    { reason: 'empty', event: await stack.submit(new Uint8Array(0)) },
    { reason: 'missing_object', event: await stack.submit(undefined) },
    { reason: 'too_large', event: await stack.submit(new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1024 * 1024 + 10, 0x20)]))) }
  ]
  const outcomes = await waitForOutcomes(cases.map(({ event }) => event.documentId))
  for (const [index, outcome] of outcomes.entries()) {
    const expected = (cases[index] as typeof cases[number]).reason
    assert.equal(outcome.status, 'failed', expected)
    assert.equal(outcome.failureReason, expected, `${expected}: ${outcome.failureMessage}`)
    assert.ok((outcome.failureMessage ?? '').length > 0)
    assert.equal(outcome.resultKey, null)
    assert.equal(outcome.pages, 0)
    const result = await stack.readResult(outcome.documentId)
    assert.equal(result?.summary.failureReason, expected)
    assert.equal(result?.text, null)
    assert.deepEqual(await listResults(outcome.documentId), [`documents/${outcome.documentId}/result.json`], 'one object per document')
  }
})

test('poison messages go to the dead-letter topic with their bytes and do not block the partition', async () => {
  const partitionKey = `poison-${stack.runId}`
  const notAvro = Buffer.from('{"documentId":"looks like json but is not a Confluent Avro event"}')
  const unknownSchema = Buffer.from([0, 0x7f, 0xff, 0xff, 0x01, 2, 4, 6])
  await stack.publishRaw(partitionKey, notAvro)
  await stack.publishRaw(partitionKey, unknownSchema)
  // A good event behind them on the same partition (same message key).
  const document = await generateDocument({ seed: `poison-${stack.runId}`, pageCounts: [1] }, 0)
  const good = await stack.submit(document.bytes, { documentId: `after-poison-${stack.runId}` })
  await stack.publishRaw(partitionKey, await stack.codec.encode('received', { ...good, documentId: `after-poison-2-${stack.runId}` }))

  await waitForOutcomes([good.documentId, `after-poison-2-${stack.runId}`])
  assert.equal(outcomeOf(`after-poison-2-${stack.runId}`)?.status, 'processed')
  await stack.collector.waitFor('two dead letters', () => stack.collector.deadLetters.length >= 2, 20_000)
  const letters = stack.collector.deadLetters.filter((letter) => letter.originalKey?.toString() === partitionKey)
  assert.equal(letters.length, 2)
  const byValue = (value: Buffer) => letters.find((letter) => letter.originalValue?.equals(value))
  for (const value of [notAvro, unknownSchema]) {
    const letter = byValue(value)
    assert.ok(letter !== undefined, 'the original bytes are kept')
    assert.equal(letter.errorCode, 'undecodable')
    assert.equal(letter.sourceTopic, stack.config.kafka.topicReceived)
    assert.equal(letter.documentId, null)
    assert.ok(letter.attempts >= 1)
  }
  const poisonPartition = letters[0]?.sourcePartition
  assert.equal(outcomeOf(`after-poison-2-${stack.runId}`)?.partition, poisonPartition)
})

test('the processor exposes its metrics with bounded labels', async () => {
  const port = /"metricsPort":(\d+)/.exec(processor?.log() ?? '')?.[1]
  assert.ok(port !== undefined)
  const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
  assert.ok((sampleValue(body, 'sluice_processor_documents_total', { status: 'processed', reason: 'none' }) ?? 0) >= 8)
  assert.equal(sampleValue(body, 'sluice_processor_documents_total', { status: 'failed', reason: 'encrypted' }), 1)
  assert.ok((sampleValue(body, 'sluice_processor_stage_duration_seconds_count', { stage: 'extract' }) ?? 0) >= 14)
  assert.equal(sampleValue(body, 'sluice_processor_dead_letters_total', { code: 'undecodable' }), 2)
  assert.equal(sampleValue(body, 'sluice_processor_worker_pool_threads', {}), 2)
  assert.ok((sampleValue(body, 'sluice_processor_pages_total', {}) ?? 0) > 0)
  // The run id is in this run's topic and group names, which the lag gauge labels by design;
  // everywhere else it would mean a document or message id leaked into a label.
  assert.ok((sampleValue(body, 'sluice_kafka_consumer_lag_messages', {}) ?? -1) >= 0, 'consumer lag is exported')
  const otherLines = body.split('\n').filter((line) => !line.startsWith('sluice_kafka_consumer_lag_messages'))
  assert.doesNotMatch(otherLines.join('\n'), new RegExp(stack.runId), 'no ids in labels')
})

test('SIGTERM drains, leaves the group and exits cleanly', async () => {
  const child = processor as ProcessorChild
  const port = /"metricsPort":(\d+)/.exec(child.log())?.[1]
  const targetFile = path.join(stack.env.SLUICE_HOME as string, 'prometheus', 'targets', `sluice-processor-${port}.json`)
  assert.ok(existsSync(targetFile), 'registered with Prometheus file discovery while running')
  const started = Date.now()
  child.process.kill('SIGTERM')
  const { code } = await child.exited
  assert.equal(code, 0, child.log().slice(-2000))
  assert.ok(Date.now() - started < 30_000)
  assert.match(child.log(), /"processor stopped"/)
  assert.ok(!existsSync(targetFile), 'scrape target removed on shutdown')
})
