// The benchmark's outputs: the full JSON, a Markdown summary (the README shows it) and an SVG
// chart of throughput and lag over time. Goals are reported with what was measured and what
// limited it; they are targets to compare against, never assertions.
import type { BenchOptions } from './options.ts'
import { extractRedactLimit, type Limits } from './limit.ts'
import type { PhaseResult, PhaseRole } from './phase.ts'
import { renderChart, type Panel } from './chart.ts'
import type { Distribution } from './stats.ts'

export interface BenchReport {
  startedAt: string
  finishedAt: string
  command: string
  machine: { cores: number, cpuModel: string, memoryGiB: number, node: string }
  options: BenchOptions
  limits: Limits | null
  /** The limit on the multi-page phase's documents; absent in runs saved before that phase existed. */
  multiPageLimits?: Limits | null
  phases: PhaseResult[]
}

/** A phase's role; runs saved before phases had roles only had throughput phases and one steady phase. */
export function phaseRole (report: BenchReport, phase: PhaseResult): PhaseRole {
  return phase.spec.role ?? (phase.spec.rate === report.options.rate ? 'throughput' : 'steady')
}

export function phasePages (report: BenchReport, phase: PhaseResult): number {
  return phase.spec.pages ?? report.options.pages
}

/** The limit measured on the documents the phase sent. */
export function limitFor (report: BenchReport, phase: PhaseResult): Limits | null {
  return phaseRole(report, phase) === 'multi-page' ? report.multiPageLimits ?? null : report.limits
}

export interface Goal { goal: string, target: string, measured: string, met: boolean | null, limitedBy: string }

export function evaluateGoals (report: BenchReport): Goal[] {
  const throughput = report.phases.filter((phase) => phaseRole(report, phase) === 'throughput')
  const best = maxBy(throughput, (phase) => phase.endToEnd.docsPerSecond)
  const apiPhases = report.phases.filter((phase) => phase.spec.door === 'api' && phaseRole(report, phase) !== 'multi-page')
  const bestAcceptance = maxBy(apiPhases, (phase) => phase.acceptance.perSecond)
  const latencyPhase = report.phases.find((phase) => phase.spec.rate === 100 && phaseRole(report, phase) !== 'multi-page')
  const onePage = report.options.pages === 1
  const goals: Goal[] = []
  goals.push(best === undefined
    ? { goal: 'End-to-end throughput (1-page docs)', target: '≥ 150 docs/s', measured: 'not measured', met: null, limitedBy: '' }
    : {
        goal: 'End-to-end throughput (1-page docs)',
        target: '≥ 150 docs/s',
        measured: `${best.endToEnd.docsPerSecond.toFixed(1)} docs/s (${best.spec.label})${onePage ? '' : `, ${report.options.pages}-page docs`}`,
        met: onePage ? best.endToEnd.docsPerSecond >= 150 : null,
        limitedBy: `${cpuVerdict(best)}; CPU cost ${cpuCost(best, report.machine.cores).totalMsPerDocument.toFixed(1)} ms/doc allows about ${cpuCost(best, report.machine.cores).projectedDocsPerSecond.toFixed(0)} docs/s on ${report.machine.cores} idle cores`
      })
  goals.push(bestAcceptance === undefined
    ? { goal: 'Upload acceptance (HTTP door)', target: '≥ 500 req/s', measured: 'not measured (run with --door api)', met: null, limitedBy: '' }
    : {
        goal: 'Upload acceptance (HTTP door)',
        target: '≥ 500 req/s',
        measured: `${bestAcceptance.acceptance.perSecond.toFixed(1)} req/s, p50 ${ms(bestAcceptance.acceptance.latencyMs.p50)}, p99 ${ms(bestAcceptance.acceptance.latencyMs.p99)} (${bestAcceptance.spec.label})`,
        met: bestAcceptance.acceptance.perSecond >= 500,
        limitedBy: `measured while the whole pipeline ran on the same cores; ${cpuVerdict(bestAcceptance)}`
      })
  goals.push(latencyPhase === undefined
    ? { goal: 'End-to-end p99 at 100 docs/s', target: '< 2 s', measured: 'not measured (--latency-rate 100)', met: null, limitedBy: '' }
    : {
        goal: 'End-to-end p99 at 100 docs/s',
        target: '< 2 s',
        measured: `p99 ${ms(latencyPhase.endToEnd.latencyMs.p99)} (p50 ${ms(latencyPhase.endToEnd.latencyMs.p50)}), ${latencyPhase.endToEnd.docsPerSecond.toFixed(1)} docs/s sustained` +
          (latencyPhase.endToEnd.unfinished > 0 ? `, ${latencyPhase.endToEnd.unfinished} unfinished` : ''),
        met: latencyPhase.endToEnd.unfinished === 0 && latencyPhase.endToEnd.latencyMs.p99 < 2000,
        limitedBy: latencyPhase.endToEnd.docsPerSecond < 95 ? 'the pipeline cannot sustain 100 docs/s here, so documents queue' : largestStage(latencyPhase)
      })
  goals.push(limitShareGoal(report))
  goals.push(backlogGoal(report))
  const single = throughput.find((phase) => phase.spec.processors === 1)
  if (report.limits === null || single === undefined) {
    goals.push({ goal: 'Pipeline efficiency (e2e ÷ extract+redact limit)', target: '≥ 60 %', measured: 'not measured', met: null, limitedBy: '' })
  } else {
    // The wall-clock ratio is the definition; the CPU ratio is its check, because on a shared
    // machine the limit and the phase can get very different shares of the cores.
    const limit = extractRedactLimit(report.limits)
    const wallClock = single.endToEnd.docsPerSecond / limit.docsPerSecond
    const byCpu = (limit.cpuMsPerPage * report.options.pages) / cpuCost(single, report.machine.cores).totalMsPerDocument
    goals.push({
      goal: 'Pipeline efficiency (e2e ÷ extract+redact limit)',
      target: '≥ 60 %',
      measured: `${percent(wallClock)} (${single.endToEnd.docsPerSecond.toFixed(1)} ÷ ${limit.docsPerSecond.toFixed(1)} docs/s, ${report.limits.threads} threads); by CPU per document ${percent(byCpu)}`,
      met: wallClock >= 0.6 && byCpu >= 0.6,
      limitedBy: 'Kafka, S3, ClickHouse, the API and the sink share the same cores as the extraction threads' +
        (Math.abs(Math.log(wallClock / byCpu)) > Math.log(1.5) ? '; the two ratios disagree, so other load on the machine skewed the wall-clock one' : '')
    })
  }
  return goals
}

function limitShareGoal (report: BenchReport): Goal {
  const share = report.options.limitShare ?? 60
  const goal = `End-to-end p99 at ${share} % of the limit`
  const phase = report.phases.find((candidate) => phaseRole(report, candidate) === 'limit-share')
  if (phase === undefined) return { goal, target: '< 2 s', measured: `not measured (needs the limit and --limit-share ${share})`, met: null, limitedBy: '' }
  const e2e = phase.endToEnd
  return {
    goal,
    target: '< 2 s',
    measured: `p99 ${ms(e2e.latencyMs.p99)} (p50 ${ms(e2e.latencyMs.p50)}) offered ${phase.spec.rate} docs/s, ${e2e.docsPerSecond.toFixed(1)} docs/s sustained` +
      (e2e.unfinished > 0 ? `, ${e2e.unfinished} unfinished` : ''),
    met: e2e.unfinished === 0 && e2e.latencyMs.p99 < 2000,
    limitedBy: e2e.docsPerSecond < phase.spec.rate * 0.95 ? `the pipeline cannot sustain ${phase.spec.rate} docs/s here, so documents queue; ${cpuVerdict(phase)}` : largestStage(phase)
  }
}

/** The flat-out phase that left the most accepted documents without an outcome when its load stopped. */
function backlogGoal (report: BenchReport): Goal {
  const flatOut = report.phases.filter((phase) => phase.spec.rate === 0 && phase.backlog !== undefined)
  const worst = maxBy(flatOut, (phase) => phase.backlog?.atLoadEnd ?? 0)
  const goal = 'Accepted − completed when a flat-out load stops'
  if (worst?.backlog === undefined) return { goal, target: '≤ SLUICE_ADMISSION_MAX_LAG', measured: 'not measured (no flat-out phase)', met: null, limitedBy: '' }
  const backlog = worst.backlog
  const bounded = backlog.admissionMaxLag > 0
  const lag = backlog.processorLagAtLoadEnd
  return {
    goal,
    target: bounded ? `≤ SLUICE_ADMISSION_MAX_LAG (${backlog.admissionMaxLag})` : 'bounded (SLUICE_ADMISSION_MAX_LAG is 0: no bound)',
    measured: `${backlog.atLoadEnd} after ${worst.spec.durationMs / 1000} s (max ${backlog.maxDuringLoad} during the load; ${worst.spec.label})`,
    met: bounded ? backlog.atLoadEnd <= backlog.admissionMaxLag : false,
    limitedBy: Number.isFinite(lag)
      ? `about ${Math.min(lag, backlog.atLoadEnd)} of them not yet consumed by the processor group (what the bound counts; lag sampled within a second of the end), ` +
        `the other ${Math.max(0, backlog.atLoadEnd - lag)} consumed but not yet stored in ClickHouse (processing, the processed topic, the sink's batch)`
      : 'no lag sample during the phase'
  }
}

export interface CpuCost {
  /** CPU milliseconds per completed document, all measured components together. */
  totalMsPerDocument: number
  byComponent: Array<{ component: string, msPerDocument: number }>
  /** Documents per second the measured CPU cost allows if every core of the machine did only this. */
  projectedDocsPerSecond: number
}

/**
 * CPU time is what the pipeline costs whatever else runs on the machine, so it gives a second,
 * noise-resistant view beside wall-clock throughput on a shared machine.
 */
export function cpuCost (phase: PhaseResult, cores: number): CpuCost {
  const measured = phase.cpu.filter((entry) => Number.isFinite(entry.seconds))
  const documents = Math.max(1, phase.endToEnd.completed)
  const total = measured.reduce((sum, entry) => sum + entry.seconds, 0)
  return {
    totalMsPerDocument: (total * 1000) / documents,
    byComponent: measured.map((entry) => ({ component: entry.component, msPerDocument: (entry.seconds * 1000) / documents })).sort((a, b) => b.msPerDocument - a.msPerDocument),
    projectedDocsPerSecond: total > 0 ? cores / (total / documents) : Number.NaN
  }
}

/** Which components took the CPU: a saturated machine names its largest consumers. */
export function cpuVerdict (phase: PhaseResult): string {
  const total = phase.cpu.reduce((sum, entry) => sum + (Number.isFinite(entry.cores) ? entry.cores : 0), 0)
  const top = [...phase.cpu].filter((entry) => Number.isFinite(entry.cores)).sort((a, b) => b.cores - a.cores).slice(0, 4)
  const parts = top.map((entry) => `${entry.component} ${entry.cores.toFixed(2)}`).join(', ')
  const others = phase.machineBusyCores - total
  const elsewhere = Number.isFinite(others) && others > 0.25 ? `; ${others.toFixed(2)} more cores busy with other processes on the machine` : ''
  return `Sluice and its stack used ${total.toFixed(2)} cores (${parts})${elsewhere}; the machine had ${Number.isFinite(phase.machineBusyCores) ? phase.machineBusyCores.toFixed(2) : '?'} cores busy`
}

function largestStage (phase: PhaseResult): string {
  const stages = Object.entries(phase.stages).filter(([stage]) => stage !== 'total')
  const [name, worst] = stages.sort((a, b) => b[1].p99 - a[1].p99)[0] ?? ['?', undefined]
  return worst === undefined ? '' : `largest stage p99: ${name} ${ms(worst.p99)}`
}

export function renderMarkdown (report: BenchReport, chartFile: string): string {
  const goals = evaluateGoals(report)
  const lines: string[] = []
  lines.push(`# Sluice benchmark, ${report.startedAt}`, '')
  lines.push(`Command: \`${report.command}\``, '')
  lines.push(`Machine: ${report.machine.cores} cores (${report.machine.cpuModel}), ${report.machine.memoryGiB} GiB, Node ${report.machine.node}; ` +
    'Kafka, schema registry, S3 server, ClickHouse and Prometheus run on the same machine as the pipeline and the load generator.', '')
  lines.push(`Documents: ${report.options.documents} distinct generated ${report.options.pages}-page PDFs (seed "${report.options.seed}"), sent round-robin; door: ${report.options.door}.`, '')
  lines.push('## Goals', '', '| Goal | Target | Measured | Met | What limits it |', '|---|---|---|---|---|')
  for (const goal of goals) lines.push(`| ${goal.goal} | ${goal.target} | ${goal.measured} | ${goal.met === null ? 'n/a' : goal.met ? 'yes' : 'no'} | ${goal.limitedBy} |`)
  lines.push('', '## Phases', '', '| Phase | Processes × threads | Offered | Accepted | Accept req/s | Accept p50 / p99 | E2E docs/s | E2E docs/s after the load | E2E p50 / p95 / p99 | Unfinished | Max lag (processor / sink) |', '|---|---|---|---:|---:|---|---:|---:|---|---:|---|')
  for (const phase of report.phases) {
    const maxLag = (key: 'processor' | 'sink'): number => Math.max(0, ...phase.series.lag.map((sample) => sample[key]).filter(Number.isFinite))
    lines.push(`| ${phase.spec.label} | ${phase.spec.processors} × ${phase.spec.workers} | ${phase.spec.rate === 0 ? 'flat out' : `${phase.spec.rate}/s`}, ${phase.spec.durationMs / 1000} s | ` +
      `${phase.acceptance.accepted} | ${phase.acceptance.perSecond.toFixed(1)} | ${ms(phase.acceptance.latencyMs.p50)} / ${ms(phase.acceptance.latencyMs.p99)} | ` +
      `${phase.endToEnd.docsPerSecond.toFixed(1)} | ${Number.isFinite(phase.endToEnd.drainDocsPerSecond) ? phase.endToEnd.drainDocsPerSecond.toFixed(1) : 'n/a'} | ${triple(phase.endToEnd.latencyMs)} | ${phase.endToEnd.unfinished} | ${maxLag('processor')} / ${maxLag('sink')} |`)
  }
  if (report.limits !== null) {
    const limits = report.limits
    lines.push('', `## The limit (same ${limits.documents} documents, ${limits.threads} threads, one process, no Kafka/S3/ClickHouse)`, '')
    lines.push(...limitTable(limits))
    lines.push('', `Our extraction ÷ pdftotext: ${limits.extractionVsPdftotext.toFixed(2)}×. ${limitSpread(limits)}Pipeline efficiency (e2e docs/s ÷ extract+redact limit on the same documents): ` +
      report.phases.map((phase) => `${phase.spec.label} ${percent(phase.endToEnd.docsPerSecond / limitDocsPerSecond(report, phase))}`).join(', ') + '.')
  }
  lines.push(...limitShareSection(report), ...multiPageSection(report), ...backlogSection(report))
  lines.push('', '## CPU cost per document', '',
    'CPU seconds used by every component during a phase (load and drain) divided by the documents completed. ' +
    'Unlike docs/s it does not depend on what else runs on the machine; the projection is what that cost allows on all ' +
    `${report.machine.cores} cores, an estimate, not a measurement.`, '',
    '| Phase | CPU ms/doc | Largest shares (ms/doc) | Projected docs/s | Limit CPU ms/doc ÷ pipeline CPU ms/doc |', '|---|---:|---|---:|---:|')
  for (const phase of report.phases) {
    const cost = cpuCost(phase, report.machine.cores)
    const limit = limitFor(report, phase)
    const limitMsPerDocument = limit === null ? Number.NaN : extractRedactLimit(limit).cpuMsPerPage * phasePages(report, phase)
    // Door-side work (upload, S3 put, Kafka) for documents still queued is in the CPU but not in the count.
    const caveat = phase.endToEnd.unfinished > 0 ? ` (over-estimate: ${phase.endToEnd.unfinished} accepted documents unfinished)` : ''
    lines.push(`| ${phase.spec.label} | ${cost.totalMsPerDocument.toFixed(1)}${caveat} | ${cost.byComponent.slice(0, 5).map((entry) => `${entry.component} ${entry.msPerDocument.toFixed(1)}`).join(', ')} | ` +
      `${cost.projectedDocsPerSecond.toFixed(0)} | ${percent(limitMsPerDocument / cost.totalMsPerDocument)} |`)
  }
  lines.push('', '## Requests per document', '',
    'Requests each component sent during the phase (load and drain; sluice_client_requests_total, counted by the clients) ÷ documents completed. ' +
    'The S3 server\'s own bucket notifications to Kafka are not in it; the load generator\'s counts include its lag sampling and outcome polling.', '',
    '| Phase | Component | Kafka | S3 | ClickHouse |', '|---|---|---|---|---|')
  for (const phase of report.phases) {
    for (const row of requestsPerDocument(phase)) lines.push(`| ${phase.spec.label} | ${row.component} | ${row.kafka} | ${row.s3} | ${row.clickhouse} |`)
  }
  const scaling = report.phases.filter((phase) => phaseRole(report, phase) === 'throughput')
  if (scaling.length > 1) {
    lines.push('', '## Scaling', '', scaling.map((phase) => `${phase.spec.processors} processor process${phase.spec.processors === 1 ? '' : 'es'} × ${phase.spec.workers} threads: ${phase.endToEnd.docsPerSecond.toFixed(1)} docs/s`).join('; ') + '.')
  }
  for (const phase of report.phases) {
    lines.push('', `## ${phase.spec.label}: time per stage (processed documents, ms)`, '', '| Stage | p50 | p95 | p99 | mean |', '|---|---:|---:|---:|---:|')
    for (const [stage, values] of Object.entries(phase.stages)) lines.push(`| ${stage} | ${values.p50.toFixed(1)} | ${values.p95.toFixed(1)} | ${values.p99.toFixed(1)} | ${values.mean.toFixed(1)} |`)
    lines.push('', `CPU over ${phase.wallSeconds.toFixed(0)} s (load + drain), machine ${phase.machineBusyCores.toFixed(2)} cores busy in all: ` +
      phase.cpu.filter((entry) => Number.isFinite(entry.seconds)).map((entry) => `${entry.component} ${entry.seconds.toFixed(1)} s (${entry.cores.toFixed(2)} cores)`).join(', ') + '.')
    const failures = Object.entries(phase.acceptance.failures)
    if (failures.length > 0) lines.push('', `Door failures: ${failures.map(([reason, count]) => `${reason}: ${count}`).join('; ')}.`)
    if (phase.acceptance.deferrals > 0) {
      lines.push('', `Admission (SLUICE_ADMISSION_MAX_LAG): the door said "not now" ${phase.acceptance.deferrals} times ` +
        (phase.spec.door === 'api' ? '(429 replies; the first of each burst paused the load for its Retry-After).' : '(waits until the processor group caught up).'))
    }
  }
  lines.push('', '"E2E docs/s after the load" is the pace at which the backlog drained once the door was idle: the pipeline without the load generator and the door competing for the same cores.')
  lines.push('', `![Throughput and consumer lag over time](${chartFile})`, '')
  lines.push('How measured: acceptance = 202 replies (HTTP door, autocannon) or acknowledged puts/publishes per second of load; ' +
    'e2e docs/s = outcomes stored in ClickHouse per second between the first and the last one; e2e latency = ClickHouse insert time − received time; ' +
    'stage times from the processed events; lag = high watermark − committed offset sampled every second; CPU from /proc/<pid>/stat before and after. ' +
    'Each phase runs a fresh pipeline with its own topics, consumer groups and ClickHouse database.', '')
  return lines.join('\n')
}

function limitDocsPerSecond (report: BenchReport, phase: PhaseResult): number {
  const limit = limitFor(report, phase)
  return limit === null ? Number.NaN : extractRedactLimit(limit).docsPerSecond
}

/** How far the two extract+redact measurements of the run were apart, when there are two. */
function limitSpread (limits: Limits): string {
  const after = limits.extractRedactAfter
  if (after === undefined) return ''
  const change = after.cpuMsPerPage / limits.extractRedact.cpuMsPerPage - 1
  return `Extract+redact after the phases cost ${change >= 0 ? '+' : ''}${(change * 100).toFixed(0)} % CPU per page against before them; every ratio to the limit uses the mean of the two. `
}

function limitTable (limits: Limits): string[] {
  const after = limits.extractRedactAfter
  return [
    '| Measured | docs/s | pages/s | CPU ms/page |', '|---|---:|---:|---:|',
    `| extract + redact (processor worker pool)${after === undefined ? '' : ', before the phases'} | ${limits.extractRedact.docsPerSecond.toFixed(1)} | ${limits.extractRedact.pagesPerSecond.toFixed(1)} | ${limits.extractRedact.cpuMsPerPage.toFixed(1)} |`,
    ...(after === undefined ? [] : [`| extract + redact, after the phases | ${after.docsPerSecond.toFixed(1)} | ${after.pagesPerSecond.toFixed(1)} | ${after.cpuMsPerPage.toFixed(1)} |`]),
    `| extraction alone (pdf.js) | ${limits.extraction.docsPerSecond.toFixed(1)} | ${limits.extraction.pagesPerSecond.toFixed(1)} | ${limits.extraction.cpuMsPerPage.toFixed(1)} |`,
    `| poppler pdftotext (process per document, ${limits.threads} at a time) | ${limits.pdftotext.docsPerSecond.toFixed(1)} | ${limits.pdftotext.pagesPerSecond.toFixed(1)} | ${limits.pdftotext.cpuMsPerPage.toFixed(1)} |`
  ]
}

function limitShareSection (report: BenchReport): string[] {
  const phase = report.phases.find((candidate) => phaseRole(report, candidate) === 'limit-share')
  if (phase === undefined) return []
  const e2e = phase.endToEnd
  return ['', `## Steady load at ${report.options.limitShare} % of the limit`, '',
    `Offered ${phase.spec.rate} docs/s for ${phase.spec.durationMs / 1000} s through the ${phase.spec.door} door: ${phase.spec.rateBasis ?? 'a share of the limit'}. ` +
    'The rate follows the machine, so the latency target means the same on a slower or faster host.', '',
    '| Offered | Accepted | E2E docs/s | E2E p50 / p95 / p99 | Target p99 | Unfinished |', '|---:|---:|---:|---|---|---:|',
    `| ${phase.spec.rate}/s | ${phase.acceptance.accepted} | ${e2e.docsPerSecond.toFixed(1)} | ${triple(e2e.latencyMs)} | < 2 s: ${e2e.unfinished === 0 && e2e.latencyMs.p99 < 2000 ? 'met' : 'not met'} | ${e2e.unfinished} |`]
}

function multiPageSection (report: BenchReport): string[] {
  const limits = report.multiPageLimits ?? null
  const phase = report.phases.find((candidate) => phaseRole(report, candidate) === 'multi-page')
  if (limits === null && phase === undefined) return []
  const pages = phase === undefined ? report.options.multiPage : phasePages(report, phase)
  const lines = ['', `## Multi-page documents (${pages} pages)`, '']
  if (phase !== undefined) {
    const e2e = phase.endToEnd
    const limitPagesPerSecond = limits === null ? Number.NaN : extractRedactLimit(limits).pagesPerSecond
    lines.push(`Offered ${phase.spec.rate} documents/s (${phase.spec.rate * pages} pages/s) for ${phase.spec.durationMs / 1000} s: ${phase.spec.rateBasis ?? 'a fixed rate'}.`, '',
      '| Phase | E2E docs/s | E2E pages/s | ÷ extract+redact limit (pages/s) | E2E p50 / p95 / p99 | Unfinished |', '|---|---:|---:|---:|---|---:|',
      `| ${phase.spec.label} | ${e2e.docsPerSecond.toFixed(1)} | ${(e2e.docsPerSecond * pages).toFixed(0)} | ${percent((e2e.docsPerSecond * pages) / limitPagesPerSecond)} | ${triple(e2e.latencyMs)} | ${e2e.unfinished} |`)
    if (e2e.docsPerSecond >= phase.spec.rate * 0.95) {
      lines.push('', 'The pipeline kept up with the offered rate, so it was not saturated: its pages/s is a lower bound (the limit was probably measured while the machine was busier).')
    }
  }
  if (limits !== null) {
    lines.push('', `The limit on the same ${limits.documents} documents (${limits.threads} threads${limits.extractRedactAfter === undefined ? ', measured before the phases' : ''}):`, '', ...limitTable(limits), '',
      `Extraction ÷ pdftotext per page in this run: ${limits.extractionVsPdftotext.toFixed(2)}× the pages/s (above 1: faster), ` +
      `${(limits.extraction.cpuMsPerPage / limits.pdftotext.cpuMsPerPage).toFixed(2)}× the CPU ms/page (below 1: cheaper).`)
  }
  return lines
}

function backlogSection (report: BenchReport): string[] {
  const measured = report.phases.filter((phase) => phase.backlog !== undefined)
  if (measured.length === 0) return []
  const lines = ['', '## Accepted − completed when the load stopped', '',
    'Documents accepted by the door and without an outcome in ClickHouse at the moment the load stopped (and at its worst, sampled every second of the load); ' +
    'the processor group\'s lag is the part admission control counts against SLUICE_ADMISSION_MAX_LAG, the rest was being processed or stored.', '',
    '| Phase | Accepted − completed at the end | Max during the load | Processor lag near the end | SLUICE_ADMISSION_MAX_LAG |', '|---|---:|---:|---:|---:|']
  for (const phase of measured) {
    const backlog = phase.backlog as NonNullable<PhaseResult['backlog']>
    lines.push(`| ${phase.spec.label} | ${backlog.atLoadEnd} | ${backlog.maxDuringLoad} | ${Number.isFinite(backlog.processorLagAtLoadEnd) ? backlog.processorLagAtLoadEnd : 'n/a'} | ${backlog.admissionMaxLag === 0 ? 'off' : backlog.admissionMaxLag} |`)
  }
  return lines
}

export function renderBenchChart (report: BenchReport): string {
  const panels: Panel[] = report.phases.flatMap((phase) => [
    {
      title: `${phase.spec.label}: documents per second`,
      yLabel: 'docs/s',
      series: [
        { label: 'accepted at the door', values: phase.series.acceptedPerSecond, color: '#1f77b4' },
        { label: 'stored in ClickHouse', values: phase.series.completedPerSecond, color: '#2ca02c' }
      ]
    },
    {
      title: `${phase.spec.label}: consumer lag (messages)`,
      yLabel: 'messages',
      series: [
        { label: 'processor lag', values: lagSeries(phase, 'processor'), color: '#d62728' },
        { label: 'sink lag', values: lagSeries(phase, 'sink'), color: '#9467bd' }
      ]
    }
  ])
  return renderChart(`Sluice benchmark ${report.startedAt}`, panels)
}

function lagSeries (phase: PhaseResult, key: 'processor' | 'sink'): number[] {
  const seconds = Math.max(0, ...phase.series.lag.map((sample) => sample.second)) + 1
  const values = new Array<number>(seconds).fill(Number.NaN)
  for (const sample of phase.series.lag) if (sample.second >= 0) values[sample.second] = sample[key]
  return values
}

function maxBy<T> (items: T[], score: (item: T) => number): T | undefined {
  return items.reduce<T | undefined>((best, item) => best === undefined || score(item) > score(best) ? item : best, undefined)
}

function ms (value: number): string {
  return Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a'
}

function triple (values: Distribution): string {
  return `${ms(values.p50)} / ${ms(values.p95)} / ${ms(values.p99)}`
}

function percent (ratio: number): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(0)} %` : 'n/a'
}

/** Per component: requests per completed document for each system, the three commonest operations named. */
export function requestsPerDocument (phase: PhaseResult): Array<{ component: string, kafka: string, s3: string, clickhouse: string }> {
  const documents = Math.max(1, phase.endToEnd.completed)
  const components = [...new Set((phase.requests ?? []).map((entry) => entry.component))].sort()
  return components.map((component) => {
    const cell = (system: string): string => {
      const entries = (phase.requests ?? []).filter((entry) => entry.component === component && entry.system === system)
      const total = entries.reduce((sum, entry) => sum + entry.count, 0)
      if (total === 0) return '–'
      const top = entries.slice(0, 3).map((entry) => `${entry.operation} ${(entry.count / documents).toFixed(2)}`).join(', ')
      return `${(total / documents).toFixed(2)} (${top})`
    }
    return { component, kafka: cell('kafka'), s3: cell('s3'), clickhouse: cell('clickhouse') }
  })
}
