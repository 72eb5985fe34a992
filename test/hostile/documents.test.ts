// Hostile PDFs through the real pipeline (upload API -> Kafka -> processor -> outcome), sent
// together with 20 ordinary documents: each hostile one ends with its exact status and reason
// within the document time limit, and every ordinary one is processed. The PDFs are generated
// at test time (test/hostile/fixtures/hostile-pdfs.ts). Empty, oversized, not-PDF and malformed
// uploads are refused at the door (test/integration/ingest/api.test.ts). A decompression bomb goes
// with them: it ends as too_large_decoded, and the processor's peak memory stays within its
// bound (four concurrent bombs are in test/integration/consumers/processor/memory-budget.test.ts).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { DocumentProcessed } from '../../lib/events/types.ts'
import { apiOptions } from '../../producers/api/options.ts'
import { startApi, type RunningApi } from '../../producers/api/service.ts'
import { threadBaselineMb } from '../../lib/extraction/pool.ts'
import { makeDecompressionBomb } from '../support/decompression-bomb.ts'
import { onePagePdf } from '../support/ingest.ts'
import { residentMib } from '../support/memory.ts'
import { createTestStack, ensureStopped, spawnProcessor, type ProcessorChild, type TestStack } from '../integration/consumers/processor/harness.ts'
import { hostilePdfs } from './fixtures/hostile-pdfs.ts'

const documentTimeoutMs = 10_000
const workers = 2
const budgetMib = 256
/** The main thread and what is not charged to a document (as in memory-budget.test.ts). */
const fixedOverheadMib = 512
const expected: Record<string, { status: 'processed' | 'failed', reason: string | null, pages?: number }> = {
  encrypted: { status: 'failed', reason: 'encrypted' },
  'corrupt-xref': { status: 'processed', reason: null, pages: 1 },
  'circular-page-tree': { status: 'failed', reason: 'corrupt' },
  'deep-nesting': { status: 'failed', reason: 'corrupt' },
  'lying-page-count': { status: 'processed', reason: null, pages: 1 },
  'huge-page-count': { status: 'failed', reason: 'too_many_pages' },
  'javascript-actions': { status: 'processed', reason: null, pages: 1 },
  'decompression-bomb': { status: 'failed', reason: 'too_large_decoded' }
}

let stack: TestStack
let processor: ProcessorChild | undefined
let api: RunningApi

before(async () => {
  stack = await createTestStack({ SLUICE_API_KEYS: 'hostile-key', SLUICE_DOCUMENT_TIMEOUT: `${documentTimeoutMs}ms`, SLUICE_DOCUMENT_MEMORY: `${budgetMib}MiB` })
  processor = spawnProcessor(stack.env, ['--workers', String(workers), '--concurrency', '3'])
  api = await startApi(apiOptions(stack.config, { port: 0 }))
  await processor.started
})

after(async () => {
  await api?.stop()
  await ensureStopped(processor)
  await stack?.cleanup()
})

async function upload (bytes: Uint8Array, fileName: string): Promise<string> {
  const response = await fetch(`${api.url}/v1/documents`, {
    method: 'POST',
    body: new Uint8Array(bytes),
    headers: { authorization: 'Bearer hostile-key', 'content-type': 'application/pdf', 'x-file-name': fileName }
  })
  const json = await response.json() as { documents: Array<{ documentId: string }> }
  assert.equal(response.status, 202, `${fileName}: ${JSON.stringify(json)}`)
  return json.documents[0]?.documentId as string
}

test('hostile PDFs end with their exact reason in bounded time and memory while 20 ordinary documents all complete', async () => {
  // A 1 MB PDF whose content stream inflates to 1 GiB.
  const hostile = [...hostilePdfs(), { name: 'decompression-bomb', bytes: await makeDecompressionBomb(2 ** 30) }]
  assert.deepEqual(hostile.map((pdf) => pdf.name).sort(), Object.keys(expected).sort())
  const ordinary = await Promise.all(Array.from({ length: 20 }, async (_, index) => onePagePdf(`Ordinary document ${index}`)))
  // Interleaved, so the hostile ones share partitions and worker threads with the ordinary ones.
  const sent = await Promise.all([
    ...hostile.map(async (pdf) => ({ kind: pdf.name, documentId: await upload(pdf.bytes, `${pdf.name}.pdf`) })),
    ...ordinary.map(async (bytes, index) => ({ kind: 'ordinary', documentId: await upload(bytes, `ordinary-${index}.pdf`) }))
  ])
  const outcomeOf = (documentId: string): DocumentProcessed | undefined => stack.collector.processed.find((event) => event.documentId === documentId)
  await stack.collector.waitFor(`${sent.length} outcomes`, () => sent.every(({ documentId }) => outcomeOf(documentId) !== undefined), 120_000)
  for (const { kind, documentId } of sent) {
    const outcome = outcomeOf(documentId) as DocumentProcessed
    const want = expected[kind] ?? { status: 'processed', reason: null, pages: 1 }
    assert.equal(outcome.status, want.status, `${kind}: ${outcome.failureReason} ${outcome.failureMessage}`)
    assert.equal(outcome.failureReason, want.reason, kind)
    if (want.pages !== undefined) assert.equal(outcome.pages, want.pages, kind)
    assert.ok(outcome.timings.extractMs + outcome.timings.redactMs < documentTimeoutMs, `${kind}: extract+redact took ${outcome.timings.extractMs + outcome.timings.redactMs} ms`)
    assert.equal(stack.collector.processed.filter((event) => event.documentId === documentId).length, 1, `${kind}: exactly one outcome`)
  }
  assert.deepEqual(stack.collector.deadLetters, [], 'nothing dead-lettered')
  assert.equal(processor?.process.exitCode, null, 'the processor is still running')
  const peakMib = residentMib(processor?.process.pid as number, 'VmHWM')
  const boundMib = workers * (budgetMib + threadBaselineMb) + fixedOverheadMib
  assert.ok(peakMib <= boundMib, `processor peak RSS ${peakMib} MiB within ${workers} x (${budgetMib} + ${threadBaselineMb}) + ${fixedOverheadMib} = ${boundMib} MiB`)
  const result = await stack.readResult(sent.find((entry) => entry.kind === 'javascript-actions')?.documentId as string)
  assert.match(result?.text ?? '', /JavaScript stays inert/, 'the text of a PDF with JavaScript actions is extracted; the script is never run')
})
