import { test } from 'node:test'
import assert from 'node:assert/strict'
import { niceCeiling, renderChart } from '../../../../bench/pipeline/chart.ts'
import { parseBenchOptions } from '../../../../bench/pipeline/options.ts'
import type { Limits } from '../../../../bench/pipeline/limit.ts'
import type { PhaseResult, PhaseRole } from '../../../../bench/pipeline/phase.ts'
import { cpuCost, evaluateGoals, renderBenchChart, renderMarkdown, type BenchReport } from '../../../../bench/pipeline/report.ts'
import { distribution } from '../../../../bench/pipeline/stats.ts'

function phase (label: string, processors: number, rate: number, e2e: number, p99: number, role?: PhaseRole, pages?: number): PhaseResult {
  const flat = distribution([10, 20, 30])
  return {
    spec: { label, role, door: 'api', rate, pages, durationMs: 20_000, drainTimeoutMs: 10_000, processors, workers: 2, concurrency: 16 },
    acceptance: { accepted: 1000, failures: {}, deferrals: 0, perSecond: 420, latencyMs: distribution([5, 9, 40]) },
    endToEnd: { completed: 1000, processed: 1000, failed: 0, unfinished: 0, docsPerSecond: e2e, drainDocsPerSecond: Number.NaN, latencyMs: distribution([100, 200, p99]), drainedInMs: 500 },
    stages: { queue: flat, fetch: flat, extract: flat, redact: flat, store: flat, publish: flat, insert: flat, total: flat },
    series: { acceptedPerSecond: [40, 50, 45], completedPerSecond: [0, 30, 60], lag: [{ second: 0, processor: 3, sink: 0 }, { second: 1, processor: 12, sink: 1 }] },
    cpu: [{ component: 'processor', seconds: 30, cores: 1.5 }, { component: 'kafka', seconds: 6, cores: 0.3 }],
    machineBusyCores: 1.95,
    wallSeconds: 20
  }
}

function report (): BenchReport {
  return {
    startedAt: '2026-11-29T12:00:00.000Z',
    finishedAt: '2026-11-29T12:05:00.000Z',
    command: 'npx sluice bench --duration 20s',
    machine: { cores: 2, cpuModel: 'test cpu', memoryGiB: 24, node: '24.0.0' },
    options: parseBenchOptions({ duration: '20s' }, 2),
    limits: {
      threads: 2,
      documents: 200,
      extractRedact: { documents: 200, pages: 200, seconds: 1, docsPerSecond: 200, pagesPerSecond: 200, cpuSeconds: 1.6, cpuMsPerPage: 8 },
      extraction: { documents: 200, pages: 200, seconds: 0.8, docsPerSecond: 250, pagesPerSecond: 250, cpuSeconds: 1.4, cpuMsPerPage: 7 },
      pdftotext: { documents: 200, pages: 200, seconds: 2, docsPerSecond: 100, pagesPerSecond: 100, cpuSeconds: 2, cpuMsPerPage: 10 },
      extractionVsPdftotext: 2.5
    },
    phases: [phase('1 processor, flat out', 1, 0, 90, 900), phase('2 processors, flat out', 2, 0, 110, 950), phase('2 processors, steady 100/s', 2, 100, 98, 1500)]
  }
}

const multiPageLimits: Limits = {
  threads: 2,
  documents: 10,
  extractRedact: { documents: 10, pages: 200, seconds: 1, docsPerSecond: 10, pagesPerSecond: 200, cpuSeconds: 0.8, cpuMsPerPage: 4 },
  extraction: { documents: 10, pages: 200, seconds: 0.8, docsPerSecond: 12.5, pagesPerSecond: 250, cpuSeconds: 0.6, cpuMsPerPage: 3 },
  pdftotext: { documents: 10, pages: 200, seconds: 1, docsPerSecond: 10, pagesPerSecond: 200, cpuSeconds: 0.4, cpuMsPerPage: 2 },
  extractionVsPdftotext: 1.25
}

/** A run with every phase `sluice bench` plans today: roles, the derived phases and the backlog. */
function currentReport (): BenchReport {
  const base = report()
  const backlog = (atLoadEnd: number, processorLagAtLoadEnd: number): PhaseResult['backlog'] => ({ atLoadEnd, maxDuringLoad: atLoadEnd + 40, processorLagAtLoadEnd, admissionMaxLag: 2000 })
  const phases = [
    { ...phase('1 processor, flat out', 1, 0, 90, 900, 'throughput'), backlog: backlog(1900, 1800) },
    { ...phase('2 processors, flat out', 2, 0, 110, 950, 'throughput'), backlog: backlog(2300, 1950) },
    phase('2 processors, steady 100/s', 2, 100, 98, 1500, 'steady'),
    { ...phase('2 processors, steady 120/s (60 % of the limit)', 2, 120, 119, 1800, 'limit-share'), spec: { ...phase('', 2, 120, 0, 0, 'limit-share').spec, label: '2 processors, steady 120/s (60 % of the limit)', rateBasis: '60 % of this run\'s extract+redact limit, 200.0 docs/s with 2 threads, rounded' } },
    phase('2 processors, 20-page docs at 10/s', 2, 10, 8, 4000, 'multi-page', 20)
  ]
  return { ...base, multiPageLimits, phases }
}

test('goals compare the best measured phase with each target and say what was measured', () => {
  const goals = evaluateGoals(report())
  assert.deepEqual(goals.map((goal) => goal.goal), [
    'End-to-end throughput (1-page docs)', 'Upload acceptance (HTTP door)', 'End-to-end p99 at 100 docs/s',
    'End-to-end p99 at 60 % of the limit', 'Accepted − completed when a flat-out load stops', 'Pipeline efficiency (e2e ÷ extract+redact limit)'
  ])
  // A run saved before the derived phases and the backlog existed renders them as not measured.
  assert.deepEqual(goals.map((goal) => goal.met), [false, false, true, null, null, false])
  assert.match(goals[0]?.measured ?? '', /^110\.0 docs\/s \(2 processors, flat out\)/)
  assert.match(goals[2]?.measured ?? '', /^p99 1500 ms/)
  assert.match(goals[5]?.measured ?? '', /^45 % \(90\.0 ÷ 200\.0 docs\/s, 2 threads\); by CPU per document 22 %$/)
  assert.match(goals[5]?.limitedBy ?? '', /the two ratios disagree/)
  assert.match(goals[0]?.limitedBy ?? '', /Sluice and its stack used 1\.80 cores \(processor 1\.50, kafka 0\.30\); the machine had 1\.95 cores busy/)
})

test('the phase at a share of the limit and the backlog of the worst flat-out phase are goals; the multi-page phase is no throughput phase', () => {
  const goals = evaluateGoals(currentReport())
  assert.deepEqual(goals.map((goal) => goal.met), [false, false, true, true, false, false])
  assert.match(goals[0]?.measured ?? '', /^110\.0 docs\/s \(2 processors, flat out\)/)
  assert.equal(goals[3]?.measured, 'p99 1800 ms (p50 200 ms) offered 120 docs/s, 119.0 docs/s sustained')
  assert.equal(goals[4]?.target, '≤ SLUICE_ADMISSION_MAX_LAG (2000)')
  assert.equal(goals[4]?.measured, '2300 after 20 s (max 2340 during the load; 2 processors, flat out)')
  assert.match(goals[4]?.limitedBy ?? '', /^about 1950 of them not yet consumed by the processor group \(what the bound counts; lag sampled within a second of the end\), the other 350 consumed but not yet stored/)
})

test('the Markdown summary states the derived rates, the multi-page pages/s against pdftotext and the backlog', () => {
  const markdown = renderMarkdown(currentReport(), 'latest.svg')
  assert.match(markdown, /## Steady load at 60 % of the limit\n\nOffered 120 docs\/s for 20 s through the api door: 60 % of this run's extract\+redact limit, 200\.0 docs\/s with 2 threads, rounded\./)
  assert.match(markdown, /\| 120\/s \| 1000 \| 119\.0 \| 200 ms \/ 1800 ms \/ 1800 ms \| < 2 s: met \| 0 \|/)
  assert.match(markdown, /## Multi-page documents \(20 pages\)/)
  // 8 docs/s × 20 pages = 160 pages/s, 80 % of the 200 pages/s limit.
  assert.match(markdown, /\| 2 processors, 20-page docs at 10\/s \| 8\.0 \| 160 \| 80 % \|/)
  assert.match(markdown, /Extraction ÷ pdftotext per page in this run: 1\.25× the pages\/s \(above 1: faster\), 1\.50× the CPU ms\/page \(below 1: cheaper\)\./)
  assert.match(markdown, /\| 2 processors, flat out \| 2300 \| 2340 \| 1950 \| 2000 \|/)
  // Efficiency and CPU share of the multi-page phase are against the multi-page limit: 8 ÷ 10 docs/s.
  assert.match(markdown, /2 processors, 20-page docs at 10\/s 80 %/)
})

test('a multi-page phase that kept up with its offered rate is flagged as not saturated', () => {
  const saturated = currentReport()
  assert.doesNotMatch(renderMarkdown(saturated, 'x.svg'), /kept up with the offered rate/)
  const keptUp = { ...saturated, phases: saturated.phases.map((entry) => entry.spec.role === 'multi-page' ? { ...entry, endToEnd: { ...entry.endToEnd, docsPerSecond: 9.8 } } : entry) }
  assert.match(renderMarkdown(keptUp, 'x.svg'), /The pipeline kept up with the offered rate, so it was not saturated: its pages\/s is a lower bound/)
})

test('the Markdown summary has the goal table, the phases, the limit and the chart', () => {
  const markdown = renderMarkdown(report(), 'latest.svg')
  assert.match(markdown, /^# Sluice benchmark/)
  assert.match(markdown, /\| End-to-end throughput \(1-page docs\) \| ≥ 150 docs\/s \| 110\.0 docs\/s/)
  assert.match(markdown, /Our extraction ÷ pdftotext: 2\.50×/)
  assert.match(markdown, /1 processor process × 2 threads: 90\.0 docs\/s; 2 processor processes × 2 threads: 110\.0 docs\/s/)
  assert.match(markdown, /!\[Throughput and consumer lag over time\]\(latest\.svg\)/)
})

test('the chart is well-formed SVG with a panel per phase and series, values escaped', () => {
  const svg = renderBenchChart(report())
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
  assert.equal((svg.match(/<polyline /g) ?? []).length, 12)
  assert.ok(svg.trimEnd().endsWith('</svg>'))
  assert.match(renderChart('a < b & "c"', []), /a &lt; b &amp; &quot;c&quot;/)
})

test('axis maxima round up to 1, 2 or 5 times a power of ten', () => {
  assert.deepEqual([0.7, 1, 3, 7, 42, 150, 999].map(niceCeiling), [1, 1, 5, 10, 50, 200, 1000])
})

test('CPU cost per document adds every component and projects it onto the machine\'s cores', () => {
  const cost = cpuCost(phase('p', 1, 0, 90, 900), 2)
  // 30 s + 6 s over 1000 documents = 36 ms per document; 2 cores / 0.036 s = 55.6 docs/s.
  assert.equal(cost.totalMsPerDocument, 36)
  assert.deepEqual(cost.byComponent, [{ component: 'processor', msPerDocument: 30 }, { component: 'kafka', msPerDocument: 6 }])
  assert.ok(Math.abs(cost.projectedDocsPerSecond - 55.56) < 0.01)
  assert.match(renderMarkdown(report(), 'x.svg'), /\| 1 processor, flat out \| 36\.0 \| processor 30\.0, kafka 6\.0 \| 56 \| 22 % \|/)
})

test('with extract+redact measured again after the phases, every ratio uses the mean of the two and the spread is stated', () => {
  const bracketed = report()
  const limits = bracketed.limits as Limits
  // Before: 200 docs/s at 8 ms/page; after: 100 docs/s at 12 ms/page; mean: 150 docs/s, 10 ms/page.
  limits.extractRedactAfter = { documents: 200, pages: 200, seconds: 2, docsPerSecond: 100, pagesPerSecond: 100, cpuSeconds: 2.4, cpuMsPerPage: 12 }
  const efficiency = evaluateGoals(bracketed)[5]
  assert.match(efficiency?.measured ?? '', /^60 % \(90\.0 ÷ 150\.0 docs\/s, 2 threads\); by CPU per document 28 %$/)
  const markdown = renderMarkdown(bracketed, 'x.svg')
  assert.match(markdown, /\| extract \+ redact \(processor worker pool\), before the phases \| 200\.0 \| 200\.0 \| 8\.0 \|/)
  assert.match(markdown, /\| extract \+ redact, after the phases \| 100\.0 \| 100\.0 \| 12\.0 \|/)
  assert.match(markdown, /after the phases cost \+50 % CPU per page against before them; every ratio to the limit uses the mean of the two/)
  // CPU table: 10 ms limit ÷ 36 ms pipeline.
  assert.match(markdown, /\| 1 processor, flat out \| 36\.0 \| processor 30\.0, kafka 6\.0 \| 56 \| 28 % \|/)
})
