import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createWorkerPool, type WorkerPoolOptions } from '../../../../consumers/processor/worker-pool.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import { makePdf } from '../../../support/pdfs.ts'

const settings = { maxPages: 10, redaction: { threshold: 0.5, hmacKey: 'test-key', rulesFile: '' } }
const options = (extra: Partial<WorkerPoolOptions>): WorkerPoolOptions => ({ threads: 1, timeoutMs: 10_000, ...settings, ...extra })

test('a document is extracted and redacted in a thread; only redacted text and counts come back', async () => {
  const pool = createWorkerPool(options({}))
  try {
    const pdf = await makePdf([{ lines: ['Invoice for Jane, mail jane.doe@example.com'] }, { lines: ['Call +1 415 555 0132 today'] }])
    const result = await pool.process(pdf)
    assert.equal(result.pages, 2)
    const pages = result.redactedText.split('\f')
    assert.equal(pages.length, 2)
    assert.match(pages[0] as string, /Invoice for Jane, mail \[EMAIL_ADDRESS\]/)
    assert.match(pages[1] as string, /Call \[PHONE_NUMBER\] today/)
    assert.doesNotMatch(result.redactedText, /jane\.doe|555 0132/)
    assert.deepEqual(result.piiCounts, { EMAIL_ADDRESS: 1, PHONE_NUMBER: 1 })
    assert.equal(result.chars, 'Invoice for Jane, mail jane.doe@example.com'.length + 'Call +1 415 555 0132 today'.length)
    assert.ok(result.extractMs > 0 && result.redactMs >= 0)
    assert.equal(pdf.byteLength, 0, 'the bytes were transferred to the thread, not copied')
  } finally {
    await pool.close()
  }
})

test('bad documents come back as coded errors and the thread keeps working', async () => {
  const pool = createWorkerPool(options({ maxPages: 1 }))
  try {
    await assert.rejects(pool.process(new TextEncoder().encode('hello, not a pdf at all')), (error) => isSluiceError(error, 'NOT_PDF'))
    await assert.rejects(pool.process(await makePdf([{ lines: ['one'] }, { lines: ['two'] }])), (error) => isSluiceError(error, 'TOO_MANY_PAGES'))
    const result = await pool.process(await makePdf([{ lines: ['still alive'] }]))
    assert.equal(result.redactedText, 'still alive')
  } finally {
    await pool.close()
  }
})

test('a hanging task times out within its limit and frees its slot', async () => {
  const hanging = createWorkerPool(options({ timeoutMs: 200, filename: new URL('./fixtures/hanging-worker.ts', import.meta.url).href }))
  try {
    const started = performance.now()
    await assert.rejects(hanging.process(new Uint8Array(8)), (error) => isSluiceError(error, 'TIMEOUT'))
    assert.ok(performance.now() - started < 5000)
    assert.equal(hanging.busy, 0)
  } finally {
    await hanging.close()
  }
})

test('a task whose thread dies is reported as crashed', async () => {
  const crashing = createWorkerPool(options({ filename: new URL('./fixtures/crashing-worker.ts', import.meta.url).href }))
  try {
    await assert.rejects(crashing.process(new Uint8Array(8)), (error) => isSluiceError(error, 'CRASHED'))
    await assert.rejects(crashing.process(new Uint8Array(8)), (error) => isSluiceError(error, 'CRASHED'), 'a replacement thread takes the next task')
  } finally {
    await crashing.close()
  }
})

test('the timeout starts when a thread is free, not while the document waits for one', async () => {
  // Six 200 ms documents on one thread take 1.2 s in all; each alone is well inside 1 s.
  const pool = createWorkerPool(options({ timeoutMs: 1000, filename: new URL('./fixtures/slow-worker.ts', import.meta.url).href }))
  try {
    await pool.warmUp()
    const results = await Promise.all(Array.from({ length: 6 }, async () => pool.process(new Uint8Array(8))))
    assert.deepEqual(results.map((result) => result.redactedText), Array(6).fill('slow'))
    assert.equal(pool.busy, 0)
    assert.equal(pool.waiting, 0)
  } finally {
    await pool.close()
  }
})
