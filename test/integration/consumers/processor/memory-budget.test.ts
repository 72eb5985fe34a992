// Decompression bombs against a real processor: four PDFs of about a megabyte whose content
// stream inflates to 1 GiB each, sent at once with ordinary documents. Each bomb must end as
// `too_large_decoded`, every ordinary document must be processed, and the processor's peak
// resident memory must stay within workers x (budget + each thread's own allowance) + a fixed overhead. Without the budget one
// such bomb alone takes a thread past 2 GiB (docs/processor.md has the measurements).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { generateDocument } from '../../../../bench/corpus/index.ts'
import { threadBaselineMb } from '../../../../lib/extraction/pool.ts'
import { makeDecompressionBomb } from '../../../support/decompression-bomb.ts'
import { residentMib } from '../../../support/memory.ts'
import { createTestStack, ensureStopped, spawnProcessor, type ProcessorChild, type TestStack } from './harness.ts'

const workers = 2
const budgetMib = 256
/**
 * The main thread (Node, Kafka and S3 clients, ordinary documents waiting, and its own redaction
 * engine for caller strings: ~330 MiB). Each thread is also allowed what it holds before any
 * document (pdf.js and the redaction engine's lexicons, `threadBaselineMb`), which the budget does
 * not charge to the document.
 */
const fixedOverheadMib = 512

let stack: TestStack
let processor: ProcessorChild | undefined

before(async () => {
  stack = await createTestStack({ SLUICE_DOCUMENT_MEMORY: `${budgetMib}MiB`, SLUICE_DOCUMENT_TIMEOUT: '5m' })
})

after(async () => {
  await ensureStopped(processor)
  await stack?.cleanup()
})

test('four concurrent 1 GiB bombs end as too_large_decoded within the memory bound while ordinary documents complete', async () => {
  const bomb = await makeDecompressionBomb(2 ** 30)
  const bombs = []
  const ordinary = []
  for (let index = 0; index < 4; index++) {
    bombs.push(await stack.submit(bomb))
    for (let more = 0; more < 3; more++) ordinary.push(await stack.submit((await generateDocument({ seed: `bomb-${stack.runId}`, pageCounts: [2] }, index * 3 + more)).bytes))
  }
  processor = spawnProcessor(stack.env, ['--workers', String(workers), '--concurrency', '3'])
  await processor.started
  const pid = processor.process.pid as number
  const ids = [...bombs, ...ordinary].map((event) => event.documentId)
  await stack.collector.waitFor('every outcome', () => ids.every((id) => stack.collector.processed.some((event) => event.documentId === id)), 240_000)
  // The kernel's high-water mark of the processor's resident memory since it started: a
  // sampler that cannot miss a short peak.
  const peakMib = residentMib(pid, 'VmHWM')

  const outcome = (id: string) => stack.collector.processed.find((event) => event.documentId === id)
  for (const event of bombs) {
    const ended = outcome(event.documentId)
    assert.equal(ended?.status, 'failed', JSON.stringify(ended))
    assert.equal(ended.failureReason, 'too_large_decoded', ended.failureMessage ?? '')
  }
  for (const event of ordinary) assert.equal(outcome(event.documentId)?.status, 'processed', outcome(event.documentId)?.failureMessage ?? '')
  assert.equal(stack.collector.deadLetters.length, 0)
  const boundMib = workers * (budgetMib + threadBaselineMb) + fixedOverheadMib
  assert.ok(peakMib <= boundMib, `peak RSS ${peakMib} MiB is over ${workers} x (${budgetMib} + ${threadBaselineMb}) MiB + ${fixedOverheadMib} MiB = ${boundMib} MiB`)
  process.stderr.write(`memory-budget: processor peak RSS ${peakMib} MiB (bound ${boundMib} MiB)\n`)

  processor.process.kill('SIGTERM')
  assert.equal((await processor.exited).code, 0, processor.log())
})
