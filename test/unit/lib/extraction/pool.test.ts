import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createExtractionPool, type ExtractionPoolOptions } from '../../../../lib/extraction/pool.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import { makeDecompressionBomb } from '../../../support/decompression-bomb.ts'
import { makePdf } from '../../../support/pdfs.ts'

const redaction = { threshold: 0.5, hmacKey: 'test-key', rulesFile: '' }
const options = (extra: Partial<ExtractionPoolOptions>): ExtractionPoolOptions => ({ threads: 1, timeoutMs: 10_000, memoryBudgetBytes: 512 * 2 ** 20, redaction, ...extra })
const thread = (name: string): string => new URL(`./threads/${name}.ts`, import.meta.url).href
const limits = { maxPages: 10 }

test('extract: the text leaves the thread, the caller keeps its bytes', async () => {
  const pool = createExtractionPool(options({ redaction: undefined }))
  try {
    await pool.warmUp()
    const small = await makePdf([{ lines: ['pooled'] }])
    const first = await pool.extract(small, limits)
    assert.deepEqual(first.pages, ['pooled'])
    assert.equal(first.pageCount, 1)
    assert.ok(first.ms > 0)
    assert.ok(small.byteLength > 0, 'extract copies the bytes')
    await assert.rejects(pool.extract(new Uint8Array(0), limits), (error) => isSluiceError(error, 'EMPTY'))
  } finally {
    await pool.close()
  }
})

test('extractAndRedact: only redacted text and counts come back, the bytes are transferred', async () => {
  const pool = createExtractionPool(options({}))
  try {
    const pdf = await makePdf([{ lines: ['Invoice for Jane, mail jane.doe@example.com'] }, { lines: ['Call +1 415 555 0132 today'] }])
    const result = await pool.extractAndRedact(pdf, limits)
    assert.equal(result.pages, 2)
    const pages = result.redactedText.split('\f')
    assert.equal(pages.length, 2)
    assert.match(pages[0] as string, /Invoice for \[PERSON\], mail \[EMAIL_ADDRESS\]/)
    assert.match(pages[1] as string, /Call \[PHONE_NUMBER\] today/)
    assert.doesNotMatch(result.redactedText, /jane\.doe|555 0132/)
    assert.deepEqual(result.piiCounts, { EMAIL_ADDRESS: 1, PERSON: 1, PHONE_NUMBER: 1 })
    assert.equal(result.chars, 'Invoice for Jane, mail jane.doe@example.com'.length + 'Call +1 415 555 0132 today'.length)
    assert.ok(result.extractMs > 0 && result.redactMs >= 0)
    assert.equal(pdf.byteLength, 0, 'the bytes were transferred to the thread, not copied')
  } finally {
    await pool.close()
  }
})

test('bad documents come back as coded errors and the thread keeps working', async () => {
  const pool = createExtractionPool(options({}))
  try {
    await assert.rejects(pool.extractAndRedact(new TextEncoder().encode('hello, not a pdf at all'), limits), (error) => isSluiceError(error, 'NOT_PDF'))
    await assert.rejects(pool.extractAndRedact(await makePdf([{ lines: ['one'] }, { lines: ['two'] }]), { maxPages: 1 }), (error) => isSluiceError(error, 'TOO_MANY_PAGES'))
    const result = await pool.extractAndRedact(await makePdf([{ lines: ['still alive'] }]), limits)
    assert.equal(result.redactedText, 'still alive')
  } finally {
    await pool.close()
  }
})

test('a real slow document is stopped at its limit and a warm replacement thread takes the next one', async () => {
  const pool = createExtractionPool(options({ redaction: undefined }))
  try {
    await pool.warmUp()
    // pdf.js needs seconds to scan a 256 MiB content stream; 300 ms is far too little.
    const slow = await makeDecompressionBomb(256 * 2 ** 20)
    await assert.rejects(pool.extract(slow, limits, 300), (error) => isSluiceError(error, 'TIMEOUT'))
    await pool.warmUp() // the stopped thread's replacement loads pdf.js before taking work
    assert.deepEqual((await pool.extract(await makePdf([{ lines: ['after'] }]), limits)).pages, ['after'])
  } finally {
    await pool.close()
  }
})

test('a hanging task times out within its limit and frees its slot', async () => {
  const hanging = createExtractionPool(options({ timeoutMs: 200, filename: thread('hanging-thread') }))
  try {
    const started = performance.now()
    await assert.rejects(hanging.extractAndRedact(new Uint8Array(8), limits), (error) => isSluiceError(error, 'TIMEOUT'))
    assert.ok(performance.now() - started < 5000)
    assert.equal(hanging.busy, 0)
  } finally {
    await hanging.close()
  }
})

test('a task whose thread dies is reported as crashed', async () => {
  const crashing = createExtractionPool(options({ filename: thread('crashing-thread') }))
  try {
    await assert.rejects(crashing.extractAndRedact(new Uint8Array(8), limits), (error) => isSluiceError(error, 'CRASHED'))
    await assert.rejects(crashing.extractAndRedact(new Uint8Array(8), limits), (error) => isSluiceError(error, 'CRASHED'), 'a replacement thread takes the next task')
  } finally {
    await crashing.close()
  }
})

test('the timeout starts when a thread is free, not while the document waits for one', async () => {
  // Six 200 ms documents on one thread take 1.2 s in all; each alone is well inside 1 s.
  const pool = createExtractionPool(options({ timeoutMs: 1000, filename: thread('slow-thread') }))
  try {
    await pool.warmUp()
    const results = await Promise.all(Array.from({ length: 6 }, async () => pool.extractAndRedact(new Uint8Array(8), limits)))
    assert.deepEqual(results.map((result) => result.redactedText), Array(6).fill('slow'))
    assert.equal(pool.busy, 0)
    assert.equal(pool.waiting, 0)
  } finally {
    await pool.close()
  }
})

test('a decompression bomb passes its memory budget: too_large_decoded, the thread is replaced, a neighbour completes', async () => {
  const budget = 128 * 2 ** 20
  const pool = createExtractionPool(options({ threads: 2, timeoutMs: 60_000, memoryBudgetBytes: budget }))
  try {
    await pool.warmUp()
    const bomb = await makeDecompressionBomb(512 * 2 ** 20)
    const started = performance.now()
    const [bombed, ordinary] = await Promise.allSettled([
      pool.extractAndRedact(bomb, limits),
      pool.extractAndRedact(await makePdf([{ lines: ['a neighbour, mail jane.doe@example.com'] }]), limits)
    ])
    assert.equal(bombed.status, 'rejected')
    assert.ok(isSluiceError(bombed.reason, 'TOO_LARGE_DECODED'), String(bombed.reason))
    assert.match(bombed.reason.message, /over its 128 MiB memory budget/)
    assert.ok(performance.now() - started < 60_000, 'stopped by the budget, not by the time limit')
    assert.equal(ordinary.status, 'fulfilled')
    assert.equal(ordinary.value.redactedText, 'a neighbour, mail [EMAIL_ADDRESS]')
    await pool.warmUp()
    const after = await pool.extractAndRedact(await makePdf([{ lines: ['after the bomb'] }]), limits)
    assert.equal(after.redactedText, 'after the bomb')
    assert.equal(pool.busy, 0)
  } finally {
    await pool.close()
  }
})

test('ordinary documents stay far inside a small budget', async () => {
  const pool = createExtractionPool(options({ memoryBudgetBytes: 96 * 2 ** 20 }))
  try {
    const pages = Array.from({ length: 40 }, (_, index) => ({ lines: [`page ${index + 1} of an ordinary report`] }))
    const result = await pool.extractAndRedact(await makePdf(pages), { maxPages: 100 })
    assert.equal(result.pages, 40)
  } finally {
    await pool.close()
  }
})
