// Every real-world PDF of the shared evaluation set (pdf.js's own test files: CID and Type3
// fonts, forms, rotated pages, encrypted and broken files) goes through a real processor and
// yields text or a classified failure within the document time limit.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { defaultEvalDir, expectedOutcome } from '../../../bench/corpus/index.ts'
import type { DocumentReceived } from '../../../lib/events/types.ts'
import { createTestStack, ensureStopped, spawnProcessor, type ProcessorChild, type TestStack } from './harness.ts'

const manifest = JSON.parse(readFileSync(path.join(defaultEvalDir, 'MANIFEST.json'), 'utf8')) as { files: Array<{ file: string, kind: string }> }
const timeLimitMs = 10_000

let stack: TestStack
let processor: ProcessorChild | undefined

before(async () => {
  stack = await createTestStack({ SLUICE_DOCUMENT_TIMEOUT: `${timeLimitMs}ms` })
})

after(async () => {
  await ensureStopped(processor)
  await stack?.cleanup()
})

test('every file of the evaluation set yields text or a classified failure', async () => {
  const submitted: Array<{ file: string, kind: string, event: DocumentReceived }> = []
  for (const entry of manifest.files) {
    submitted.push({ ...entry, event: await stack.submit(new Uint8Array(readFileSync(path.join(defaultEvalDir, entry.file)))) })
  }
  processor = spawnProcessor(stack.env, ['--workers', '2', '--concurrency', '3'])
  const outcome = (documentId: string) => stack.collector.processed.find((event) => event.documentId === documentId)
  await stack.collector.waitFor('every file', () => submitted.every(({ event }) => outcome(event.documentId) !== undefined), 75_000)

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
})
