// Runs a short `sluice bench` on the real local stack, as a user would (the CLI as a child
// process): the limits, then a flat-out phase, a steady phase at 60 % of the measured limit and
// a 20-page phase offered at 125 % of the 20-page limit, each on a fresh pipeline with names of its own.
// Checks that the derived rates come from the limits of the same run, that every accepted
// document was accounted for, and that the report has the sections that state them. No figure
// is judged: the numbers of a 5-second phase on a shared machine mean nothing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../../../lib/config/index.ts'
import { runSluice } from '../../../support/run-program.ts'
import type { BenchReport } from '../../../../bench/pipeline/report.ts'

test('a short bench derives the limit-share and multi-page rates from its own limits and accounts for every document', { timeout: 420_000 }, async () => {
  const out = await mkdtemp(path.join(os.tmpdir(), 'sluice-bench-it-'))
  try {
    const { code, stdout, stderr } = await runSluice([
      'bench', '--no-stack', '--processors', '1', '--duration', '5s', '--latency-rate', '0', '--extra-duration', '5s',
      '--documents', '20', '--drain-timeout', '120s', '--out', out
    ])
    assert.equal(code, 0, `bench failed:\n${stdout}\n${stderr}`)
    const jsonFile = (await readdir(out)).find((file) => file.endsWith('.json'))
    assert.ok(jsonFile !== undefined, `no JSON report in ${out}`)
    const report = JSON.parse(await readFile(path.join(out, jsonFile), 'utf8')) as BenchReport
    assert.ok(report.limits !== null && report.multiPageLimits !== undefined && report.multiPageLimits !== null)
    assert.deepEqual(report.phases.map((phase) => phase.spec.role), ['throughput', 'limit-share', 'multi-page'])
    const [flatOut, limitShare, multiPage] = report.phases
    assert.equal(limitShare?.spec.rate, Math.max(1, Math.round(report.limits.extractRedact.docsPerSecond * 0.6)))
    assert.equal(multiPage?.spec.rate, Math.max(1, Math.round(report.multiPageLimits.extractRedact.docsPerSecond * 1.25)))
    assert.equal(multiPage?.spec.pages, 20)
    // 20 one-page documents' worth of pages, and at least 8 documents.
    assert.equal(report.multiPageLimits.documents, 8)
    assert.equal(report.multiPageLimits.extractRedact.pages, 160)
    for (const phase of report.phases) {
      assert.ok(phase.acceptance.accepted > 0, phase.spec.label)
      // autocannon stops with up to --concurrency (16) uploads in flight: the API accepts them
      // but the load generator never sees their 202, so they have outcomes without being counted.
      assert.ok(phase.endToEnd.completed >= phase.acceptance.accepted && phase.endToEnd.completed <= phase.acceptance.accepted + 16,
        `${phase.spec.label}: ${phase.endToEnd.completed} outcomes for ${phase.acceptance.accepted} accepted`)
      assert.equal(phase.endToEnd.failed, 0, phase.spec.label)
      const backlog = phase.backlog
      assert.ok(backlog !== undefined, phase.spec.label)
      assert.ok(backlog.atLoadEnd >= 0 && backlog.atLoadEnd <= phase.acceptance.accepted, `${phase.spec.label}: ${JSON.stringify(backlog)}`)
      assert.ok(backlog.maxDuringLoad >= backlog.atLoadEnd)
      assert.equal(backlog.admissionMaxLag, loadConfig().admission.maxLag)
    }
    assert.equal(flatOut?.spec.rate, 0)
    const markdown = await readFile(path.join(out, 'latest.md'), 'utf8')
    assert.match(markdown, new RegExp(`## Steady load at 60 % of the limit\\n\\nOffered ${limitShare?.spec.rate} docs/s for 5 s through the api door: 60 % of this run's extract\\+redact limit`))
    assert.match(markdown, /## Multi-page documents \(20 pages\)/)
    assert.match(markdown, /Extraction ÷ pdftotext per page in this run: \d+\.\d\d× the pages\/s/)
    assert.match(markdown, /## Accepted − completed when the load stopped/)
    assert.match(stdout, /End-to-end p99 at 60 % of the limit: p99 \d+ ms/)
    assert.match(stdout, /Accepted − completed when a flat-out load stops: \d+ after 5 s/)
    assert.match(stderr, /offered rate = 60 % of this run's extract\+redact limit/)
  } finally {
    await rm(out, { recursive: true, force: true })
  }
})
