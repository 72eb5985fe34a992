// `sluice extract` as a user runs it: a real process, real files, exit codes and streams.
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fixturePdfDir, makePdf, makeSlowPdf } from '../../../support/pdfs.ts'
import { runSluice, type ProcessRun } from '../../../support/run-process.ts'

let dir: string

function sluice (args: string[], env: Record<string, string> = {}): Promise<ProcessRun> {
  return runSluice(args, { env: { ...process.env, ...env }, killAfterMs: 45_000 })
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-extract-'))
  await writeFile(path.join(dir, 'two-pages.pdf'), await makePdf([{ lines: ['Hello page one', 'second line'] }, { lines: ['Page two'] }]))
  await writeFile(path.join(dir, 'notes.txt'), 'just text, no PDF here\n')
  await writeFile(path.join(dir, 'empty.pdf'), '')
  // About a second of pdf.js work on an idle core: far past a 100 ms limit.
  await writeFile(path.join(dir, 'slow.pdf'), await makeSlowPdf(2, 250_000))
})

after(async () => { await rm(dir, { recursive: true, force: true }) })

// Each case is its own process; running them side by side keeps the file fast.
describe('sluice extract', { concurrency: true }, () => {
  test('prints the text with pages separated by form feeds', async () => {
    const run = await sluice(['extract', path.join(dir, 'two-pages.pdf')])
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stdout, 'Hello page one\nsecond line\fPage two\n')
  })

  test('--json prints pages, text and milliseconds', async () => {
    const run = await sluice(['extract', '--json', path.join(dir, 'two-pages.pdf')])
    assert.equal(run.code, 0, run.stderr)
    const result = JSON.parse(run.stdout) as { pages: number, text: string, ms: number }
    assert.equal(result.pages, 2)
    assert.equal(result.text, 'Hello page one\nsecond line\fPage two')
    assert.ok(typeof result.ms === 'number' && result.ms > 0)
  })

  test('bad files print their reason code and exit with 3', async () => {
    const cases: Array<[string[], string]> = [
      [[path.join(dir, 'notes.txt')], 'not_pdf'],
      [[path.join(dir, 'empty.pdf')], 'empty'],
      [[path.join(fixturePdfDir, 'issue6010_1.pdf')], 'encrypted'],
      [[path.join(fixturePdfDir, 'bug1020226.pdf')], 'corrupt'],
      [['--max-pages', '1', path.join(dir, 'two-pages.pdf')], 'too_many_pages']
    ]
    for (const [args, reason] of cases) {
      const run = await sluice(['extract', ...args])
      assert.equal(run.code, 3, `${reason}: ${run.stderr}`)
      assert.match(run.stderr, new RegExp(`^sluice extract: ${reason}: `), run.stderr)
      assert.equal(run.stdout, '')
    }
  })

  test('a document that runs past the time limit is stopped with reason timeout', async () => {
    const started = performance.now()
    const run = await sluice(['extract', path.join(dir, 'slow.pdf')], { SLUICE_DOCUMENT_TIMEOUT: '100ms' })
    assert.equal(run.code, 3, run.stderr)
    assert.match(run.stderr, /^sluice extract: timeout: .*100 ms/)
    assert.ok(performance.now() - started < 30_000, 'returns promptly even on a loaded machine')
  })

  test('a missing file says so clearly', async () => {
    const run = await sluice(['extract', path.join(dir, 'nope.pdf')])
    assert.equal(run.code, 3)
    assert.match(run.stderr, /no such file: .*nope\.pdf/)
  })

  test('a malformed --max-pages is a usage error', async () => {
    const run = await sluice(['extract', '--max-pages', 'many', path.join(dir, 'two-pages.pdf')])
    assert.equal(run.code, 2)
    assert.match(run.stderr, /--max-pages must be a whole number/)
  })
})
