// `sluice bench`: the limit first (quiet machine), then one fresh pipeline per phase (1 and 2
// processor processes at the chosen load, then a steady-rate phase for latency), then the
// JSON, Markdown and SVG reports.
import { mkdir, writeFile, copyFile } from 'node:fs/promises'
import os from 'node:os'
import { join, basename } from 'node:path'
import { createClickHouse, clickHouseOptions } from '../../lib/clickhouse/client.ts'
import type { Config } from '../../lib/config/index.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { generateDocuments } from '../corpus/index.ts'
import type { Document } from '../load/send.ts'
import { dropDatabase, removeBucket } from './cleanup.ts'
import { measureLimits } from './limit.ts'
import type { BenchOptions } from './options.ts'
import { freePhasePorts, phaseEnvironment, runPhase, type PhaseResult, type PhaseSpec } from './phase.ts'
import { renderBenchChart, renderMarkdown, type BenchReport } from './report.ts'

export interface BenchFiles { json: string, markdown: string, chart: string, latestMarkdown: string, latestChart: string }

export function phasePlan (options: BenchOptions): PhaseSpec[] {
  const common = { door: options.door, durationMs: options.durationMs, drainTimeoutMs: options.drainTimeoutMs, workers: options.workers, concurrency: options.concurrency }
  const load = options.rate === 0 ? 'flat out' : `${options.rate}/s`
  const plan: PhaseSpec[] = options.processors.map((processors) => ({
    ...common,
    label: `${processors} processor${processors === 1 ? '' : 's'}, ${load}`,
    rate: options.rate,
    processors
  }))
  if (options.latencyRate > 0 && options.latencyRate !== options.rate) {
    const processors = Math.max(...options.processors)
    plan.push({ ...common, label: `${processors} processor${processors === 1 ? '' : 's'}, steady ${options.latencyRate}/s`, rate: options.latencyRate, processors })
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

  let limits = null
  if (!options.skipLimit) {
    say(`Measuring the limit: extract+redact, extraction alone and pdftotext on the same documents with ${options.workers} threads...`)
    limits = await measureLimits(documents, options.workers, options.pages)
    say(`  limit ${limits.extractRedact.docsPerSecond.toFixed(1)} docs/s; extraction ${limits.extraction.docsPerSecond.toFixed(1)} docs/s; pdftotext ${limits.pdftotext.docsPerSecond.toFixed(1)} docs/s`)
  }

  const phases: PhaseResult[] = []
  const clickhouse = createClickHouse(clickHouseOptions(config))
  const s3 = createS3Client(config)
  try {
    for (const [index, spec] of phasePlan(options).entries()) {
      const environment = phaseEnvironment(runTag, index + 1, buckets, await freePhasePorts())
      try {
        const result = await runPhase(config, spec, environment, documents, logDir, say)
        phases.push(result)
        say(`  ${spec.label}: accepted ${result.acceptance.perSecond.toFixed(1)}/s, e2e ${result.endToEnd.docsPerSecond.toFixed(1)} docs/s, ` +
          `p99 ${Math.round(result.endToEnd.latencyMs.p99)} ms, ${result.endToEnd.unfinished} unfinished`)
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

  const report: BenchReport = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    command,
    machine: { cores: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 1024 ** 3), node: process.versions.node },
    options,
    limits,
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
