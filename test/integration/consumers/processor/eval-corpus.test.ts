// Real-world PDFs (pdf.js's own test files: CID and Type3 fonts, forms, rotated pages, encrypted
// and broken files) go through a real processor and yield text or a classified failure within
// the document time limit: the few the repository carries always, the whole evaluation set
// beside the repository (../shared/eval/pdfjs) where it is present (skipped with a reason where not).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { expectedOutcome } from '../../../../bench/corpus/index.ts'
import type { DocumentReceived } from '../../../../lib/events/types.ts'
import { readPdf, repositoryPdfs, sharedEvalPdfs, sharedEvalSkip, type PdfSet } from '../../../support/pdf-sets.ts'
import { createTestStack, ensureStopped, spawnProcessor, type ProcessorChild, type TestStack } from './harness.ts'

const timeLimitMs = 10_000

let stack: TestStack
let processor: ProcessorChild | undefined

before(async () => {
  stack = await createTestStack({ SLUICE_DOCUMENT_TIMEOUT: `${timeLimitMs}ms` })
  processor = spawnProcessor(stack.env, ['--workers', '2', '--concurrency', '3'])
  await processor.started
})

after(async () => {
  await ensureStopped(processor)
  await stack?.cleanup()
})

async function checkSet (set: PdfSet): Promise<void> {
  const submitted: Array<{ file: string, kind: string, event: DocumentReceived }> = []
  for (const entry of set.files) submitted.push({ ...entry, event: await stack.submit(readPdf(set, entry.file)) })
  const outcome = (documentId: string) => stack.collector.processed.find((event) => event.documentId === documentId)
  await stack.collector.waitFor(`every file of ${set.name}`, () => submitted.every(({ event }) => outcome(event.documentId) !== undefined), 75_000)

  for (const { file, kind, event } of submitted) {
    const result = outcome(event.documentId)
    assert.ok(result !== undefined)
    const expected = expectedOutcome(file, kind)
    if (expected === 'text') {
      assert.equal(result.status, 'processed', `${file}: ${result.failureReason} ${result.failureMessage}`)
      assert.ok(result.pages > 0, file)
    } else {
      assert.equal(result.failureReason, expected, `${file}: ${result.failureMessage}`)
    }
    assert.ok(result.timings.extractMs + result.timings.redactMs < timeLimitMs, `${file}: ${JSON.stringify(result.timings)}`)
  }
}

test('every real-world PDF the repository carries yields text or a classified failure', async () => {
  await checkSet(repositoryPdfs)
})

test('every file of the whole evaluation set yields text or a classified failure', { skip: sharedEvalSkip }, async () => {
  await checkSet(sharedEvalPdfs as PdfSet)
})
