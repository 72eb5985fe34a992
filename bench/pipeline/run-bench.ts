// `sluice bench`: the limits first (quiet machine), then one fresh pipeline per phase (1 and 2
// processor processes at the chosen load, a fixed steady rate for latency, a steady rate derived
// from this run's limit, multi-page documents), extract+redact once more, then the JSON, Markdown
// and SVG reports.
import { mkdir, writeFile, copyFile } from 'node:fs/promises'
import os from 'node:os'
import { join, basename } from 'node:path'
import { createClickHouse, clickHouseOptions } from '../../lib/clickhouse/client.ts'
import type { Config } from '../../lib/config/index.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { generateDocuments } from '../corpus/index.ts'
import type { Document } from '../load/send.ts'
import { dropDatabase, removeBucket } from './cleanup.ts'
import { measureLimits, remeasureExtractRedact, type Limits } from './limit.ts'
import type { BenchOptions } from './options.ts'
import { freePhasePorts, phaseEnvironment, runPhase, type PhaseResult, type PhaseSpec } from './phase.ts'
import { renderBenchChart, renderMarkdown, type BenchReport } from './report.ts'

export interface BenchFiles { json: string, markdown: string, chart: string, latestMarkdown: string, latestChart: string }

/** The limits measured before the phases: on the main documents, and on the multi-page ones. */
export interface RunLimits { main: Limits | null, multiPage: Limits | null }

/**
 * The multi-page phase offers this multiple of the extract+redact limit on its documents: more than
 * the pipeline can complete (it never beats extract+redact alone), so it runs saturated even when
 * the limit was measured low on a busy machine, while the queue grows only by what it falls short
 * (a flat-out load would fill the admission bound with 20-page documents and take minutes to drain).
 */
export const multiPageOverload = 1.25

/** Distinct multi-page documents: as many pages as the main corpus has, and at least 8 documents. */
export function multiPageDocumentCount (options: BenchOptions): number {
  return Math.max(8, Math.round((options.documents * options.pages) / options.multiPage))
}

/**
 * The phases in order. The limit-share and multi-page phases offer rates derived from the limits
 * of this run, so they exist only when the limits were measured.
 */
export function phasePlan (options: BenchOptions, limits: RunLimits): PhaseSpec[] {
  const common = { door: options.door, drainTimeoutMs: options.drainTimeoutMs, workers: options.workers, concurrency: options.concurrency }
  const load = options.rate === 0 ? 'flat out' : `${options.rate}/s`
  const processorsLabel = (processors: number): string => `${processors} processor${processors === 1 ? '' : 's'}`
  const plan: PhaseSpec[] = options.processors.map((processors) => ({
    ...common,
    label: `${processorsLabel(processors)}, ${load}`,
    role: 'throughput',
    rate: options.rate,
    pages: options.pages,
    durationMs: options.durationMs,
    processors
  }))
  const processors = Math.max(...options.processors)
  if (options.latencyRate > 0 && options.latencyRate !== options.rate) {
    plan.push({ ...common, label: `${processorsLabel(processors)}, steady ${options.latencyRate}/s`, role: 'steady', rate: options.latencyRate, pages: options.pages, durationMs: options.durationMs, processors })
  }
  if (options.limitShare > 0 && limits.main !== null) {
    const limit = limits.main.extractRedact.docsPerSecond
    const rate = Math.max(1, Math.round((limit * options.limitShare) / 100))
    plan.push({
      ...common,
      label: `${processorsLabel(processors)}, steady ${rate}/s (${options.limitShare} % of the limit)`,
      role: 'limit-share',
      rate,
      rateBasis: `${options.limitShare} % of this run's extract+redact limit, ${limit.toFixed(1)} docs/s with ${limits.main.threads} threads, rounded`,
      pages: options.pages,
      durationMs: options.extraDurationMs,
      processors
    })
  }
  if (options.multiPage > 0 && limits.multiPage !== null) {
    const limit = limits.multiPage.extractRedact
    const rate = Math.max(1, Math.round(limit.docsPerSecond * multiPageOverload))
    plan.push({
      ...common,
      label: `${processorsLabel(processors)}, ${options.multiPage}-page docs at ${rate}/s`,
      role: 'multi-page',
      rate,
      rateBasis: `${multiPageOverload * 100} % of this run's extract+redact limit for these documents, ${limit.docsPerSecond.toFixed(1)} docs/s (${limit.pagesPerSecond.toFixed(0)} pages/s) with ${limits.multiPage.threads} threads, rounded: more than the pipeline can complete, so it runs saturated`,
      pages: options.multiPage,
      durationMs: options.extraDurationMs,
      processors
    })
  }
  return plan
}

export async function runBench (config: Config, options: BenchOptions, command: string, say: (line: string) => void): Promise<{ report: BenchReport, files: BenchFiles }> {
  const started = new Date()
  const timestamp = started.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')
  const runTag = timestamp.replace('-', '').toLowerCase()
  const buckets = { inbox: `sluice-bench-${runTag}`, results: `sluice-bench-${runTag}-out` }
  const logDir = join(config.stack.home, 'logs', `bench-${timestamp}`)

  say(`Generating ${options.documents} ${options.pages}-page documents (seed "${options.seed}")...`)
  const documents: Document[] = []
  for await (const document of generateDocuments({ count: options.documents, seed: options.seed, pageCounts: [options.pages] })) {
    documents.push({ name: document.file, bytes: document.bytes })
  }

  const multiPageDocuments: Document[] = []
  if (options.multiPage > 0) {
    const count = multiPageDocumentCount(options)
    say(`Generating ${count} ${options.multiPage}-page documents for the multi-page phase...`)
    for await (const document of generateDocuments({ count, seed: options.seed, pageCounts: [options.multiPage] })) {
      multiPageDocuments.push({ name: document.file, bytes: document.bytes })
    }
  }

  const limits: RunLimits = { main: null, multiPage: null }
  if (options.skipLimit) {
    say('--skip-limit: no limit, so no phase at a share of it and no multi-page phase.')
  } else {
    say(`Measuring the limit: extract+redact, extraction alone and pdftotext on the same documents with ${options.workers} threads...`)
    limits.main = await measureLimits(documents, options.workers, options.pages)
    say(`  limit ${limits.main.extractRedact.docsPerSecond.toFixed(1)} docs/s; extraction ${limits.main.extraction.docsPerSecond.toFixed(1)} docs/s; pdftotext ${limits.main.pdftotext.docsPerSecond.toFixed(1)} docs/s`)
    if (multiPageDocuments.length > 0) {
      limits.multiPage = await measureLimits(multiPageDocuments, options.workers, options.multiPage)
      say(`  ${options.multiPage}-page documents: limit ${limits.multiPage.extractRedact.pagesPerSecond.toFixed(0)} pages/s; extraction ${limits.multiPage.extraction.pagesPerSecond.toFixed(0)} pages/s; pdftotext ${limits.multiPage.pdftotext.pagesPerSecond.toFixed(0)} pages/s`)
    }
  }

  const phases: PhaseResult[] = []
  const clickhouse = createClickHouse(clickHouseOptions(config))
  const s3 = createS3Client(config)
  try {
    for (const [index, spec] of phasePlan(options, limits).entries()) {
      const environment = phaseEnvironment(runTag, index + 1, buckets, await freePhasePorts())
      try {
        if (spec.rateBasis !== undefined) say(`${spec.label}: offered rate = ${spec.rateBasis}`)
        const result = await runPhase(config, spec, environment, spec.role === 'multi-page' ? multiPageDocuments : documents, logDir, say)
        phases.push(result)
        say(`  ${spec.label}: accepted ${result.acceptance.perSecond.toFixed(1)}/s, e2e ${result.endToEnd.docsPerSecond.toFixed(1)} docs/s, ` +
          `p99 ${Math.round(result.endToEnd.latencyMs.p99)} ms, ${result.endToEnd.unfinished} unfinished` +
          (spec.pages === undefined || spec.pages === 1 ? '' : `; ${(result.endToEnd.docsPerSecond * spec.pages).toFixed(0)} pages/s`) +
          (spec.rate === 0 ? `; accepted − completed when the load stopped: ${result.backlog?.atLoadEnd}` : ''))
      } finally {
        if (!options.keep) await dropDatabase(clickhouse, environment.SLUICE_CLICKHOUSE_DATABASE as string).catch(() => {})
      }
    }
  } finally {
    if (!options.keep) {
      say('Removing the run\'s buckets and databases (--keep leaves them)...')
      for (const bucket of [buckets.inbox, buckets.results]) await removeBucket(s3, bucket).catch((error: Error) => say(`  could not remove ${bucket}: ${error.message}`))
    }
    await clickhouse.close()
  }

  if (limits.main !== null) {
    say('Measuring extract+redact again after the phases (the ratios use the mean of both)...')
    await remeasureExtractRedact(limits.main, documents)
    say(`  limit ${limits.main.extractRedactAfter?.docsPerSecond.toFixed(1)} docs/s (before the phases: ${limits.main.extractRedact.docsPerSecond.toFixed(1)})`)
    if (limits.multiPage !== null) await remeasureExtractRedact(limits.multiPage, multiPageDocuments)
  }

  const report: BenchReport = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    command,
    machine: { cores: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 1024 ** 3), node: process.versions.node },
    options,
    limits: limits.main,
    multiPageLimits: limits.multiPage,
    phases
  }
  return { report, files: await writeReports(report, options.outDir, timestamp) }
}

/** Writes <timestamp>.json/.md/.svg and latest.md/.svg; also used to re-render a saved run. */
export async function writeReports (report: BenchReport, outDir: string, timestamp: string): Promise<BenchFiles> {
  await mkdir(outDir, { recursive: true })
  const files: BenchFiles = {
    json: join(outDir, `${timestamp}.json`),
    markdown: join(outDir, `${timestamp}.md`),
    chart: join(outDir, `${timestamp}.svg`),
    latestMarkdown: join(outDir, 'latest.md'),
    latestChart: join(outDir, 'latest.svg')
  }
  await writeFile(files.json, JSON.stringify(report, null, 2) + '\n')
  await writeFile(files.chart, renderBenchChart(report))
  await writeFile(files.markdown, renderMarkdown(report, basename(files.chart)))
  await writeFile(files.latestMarkdown, renderMarkdown(report, basename(files.latestChart)))
  await copyFile(files.chart, files.latestChart)
  return files
}
