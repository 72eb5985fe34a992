import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createExtractionPool } from '../../../../lib/extraction/pool.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import { makePdf, makeSlowPdf } from '../../../support/pdfs.ts'

test('the pool extracts in threads, stops a slow document and keeps working afterwards', async () => {
  const pool = createExtractionPool({ threads: 1, timeoutMs: 30_000 })
  try {
    await pool.warmUp()
    const small = await makePdf([{ lines: ['pooled'] }])
    const first = await pool.extract(small, { maxPages: 10 })
    assert.deepEqual(first.pages, ['pooled'])
    assert.ok(first.ms > 0)
    // Two pages of 100,000 text operators need several hundred milliseconds even on a warm, idle thread.
    await assert.rejects(pool.extract(await makeSlowPdf(2, 100_000), { maxPages: 100 }, 40), (error) => isSluiceError(error, 'TIMEOUT'))
    await pool.warmUp() // the stopped thread's replacement loads pdf.js before taking work
    await assert.rejects(pool.extract(new Uint8Array(0), { maxPages: 10 }), (error) => isSluiceError(error, 'EMPTY'))
    assert.deepEqual((await pool.extract(small, { maxPages: 10 })).pages, ['pooled'])
  } finally {
    await pool.destroy()
  }
})
