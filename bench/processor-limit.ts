// The processor's ceiling: documents and pages per second of extract+redact alone, in the same
// worker pool the processor uses, with no Kafka and no S3. Poppler's pdftotext runs on the same
// files in the same run, so the ratio survives a noisy shared machine. The end-to-end benchmark
// imports measureProcessorLimit() to compare the whole pipeline against this ceiling.
//
//   npx node bench/processor-limit.ts [--threads 1,2] [--docs-1p 200] [--docs-20p 30] [--rounds 3] [--json]
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs, promisify } from 'node:util'
import pMap from 'p-map'
import { loadConfig } from '../lib/config/index.ts'
import { createExtractionPool } from '../lib/extraction/pool.ts'
import { generateDocument } from './corpus/index.ts'

const run = promisify(execFile)

export interface LimitOptions {
  /** The documents to process; each is processed once per timed pass. */
  documents: Uint8Array[]
  threads: number
  /** Documents handed to the pool at once (the processor keeps threads x 2 in flight). */
  inFlight?: number
  timeoutMs?: number
}

export interface Throughput {
  documents: number
  pages: number
  seconds: number
  docsPerSecond: number
  pagesPerSecond: number
  /** CPU time spent (all threads, or all pdftotext processes): robust to other load on the machine. */
  cpuSeconds: number
  cpuMsPerPage: number
}

/** Extract+redact throughput of the processor's worker pool, warm, on the given documents. */
export async function measureProcessorLimit (options: LimitOptions): Promise<Throughput> {
  const pool = createExtractionPool({
    threads: options.threads,
    timeoutMs: options.timeoutMs ?? 60_000,
    memoryBudgetBytes: loadConfig().processor.documentMemoryBytes,
    redaction: { threshold: 0.5, hmacKey: 'bench', rulesFile: '' }
  })
  try {
    await pool.warmUp()
    // One untimed pass over a few documents lets V8 optimise the hot paths in every thread.
    await runAll(pool, options.documents.slice(0, options.threads * 4), options.inFlight ?? options.threads * 2)
    const started = performance.now()
    const cpuBefore = ownCpuSeconds()
    const pages = await runAll(pool, options.documents, options.inFlight ?? options.threads * 2)
    return throughput(options.documents.length, pages, (performance.now() - started) / 1000, ownCpuSeconds() - cpuBefore)
  } finally {
    await pool.close()
  }
}

async function runAll (pool: ReturnType<typeof createExtractionPool>, documents: Uint8Array[], inFlight: number): Promise<number> {
  let pages = 0
  await pMap(documents, async (document) => {
    // The pool takes ownership of the bytes it is given, so it gets a copy.
    const result = await pool.extractAndRedact(document.slice(), { maxPages: 100_000 })
    pages += result.pages
  }, { concurrency: inFlight })
  return pages
}

/** pdftotext (one process per document, as it is used) with `parallel` processes at a time. */
export async function measurePdftotext (files: string[], pagesPerDocument: number, parallel: number): Promise<Throughput> {
  const pdftotext = async (file: string): Promise<unknown> => await run('pdftotext', ['-q', file, '-'], { maxBuffer: 64 * 1024 * 1024 })
  await pMap(files, pdftotext, { concurrency: 1 }).catch(() => {}) // warm the page cache and the binary
  const started = performance.now()
  const cpuBefore = await childrenCpuSeconds()
  await pMap(files, pdftotext, { concurrency: parallel })
  return throughput(files.length, files.length * pagesPerDocument, (performance.now() - started) / 1000, await childrenCpuSeconds() - cpuBefore)
}

function throughput (documents: number, pages: number, seconds: number, cpuSeconds: number): Throughput {
  return { documents, pages, seconds, docsPerSecond: documents / seconds, pagesPerSecond: pages / seconds, cpuSeconds, cpuMsPerPage: cpuSeconds * 1000 / pages }
}

/** User + system CPU of this process, worker threads included. */
function ownCpuSeconds (): number {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}

/** User + system CPU of finished child processes (cutime + cstime in /proc/self/stat; Linux). */
export async function childrenCpuSeconds (): Promise<number> {
  const stat = await readFile('/proc/self/stat', 'utf8')
  // Fields after "(comm) ": index 0 is field 3, so cutime (16) and cstime (17) are 13 and 14.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[13]) + Number(fields[14])) / clockTicksPerSecond
}

const clockTicksPerSecond = Number((await run('getconf', ['CLK_TCK']).catch(() => ({ stdout: '100' }))).stdout.trim()) || 100

export interface LimitRow {
  pagesPerDocument: number
  threads: number
  rounds: number
  /** The median round by docs/s. */
  sluice: Throughput
  pdftotext: Throughput
  /** Median over rounds of sluice docs/s divided by pdftotext docs/s with as many processes as threads. */
  ratio: number
}

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

function medianBy (rounds: Throughput[]): Throughput {
  const sorted = [...rounds].sort((a, b) => a.docsPerSecond - b.docsPerSecond)
  return sorted[Math.floor(sorted.length / 2)] as Throughput
}

/** The full table: each page count x each thread count, with pdftotext beside each cell. */
export async function measureLimitTable (spec: { threads: number[], documentsPerPageCount: Record<number, number>, rounds: number }): Promise<LimitRow[]> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'sluice-limit-'))
  const rows: LimitRow[] = []
  try {
    for (const [pageText, count] of Object.entries(spec.documentsPerPageCount)) {
      const pagesPerDocument = Number(pageText)
      const documents: Uint8Array[] = []
      const files: string[] = []
      for (let index = 0; index < count; index++) {
        const generated = await generateDocument({ seed: `limit-${pagesPerDocument}`, pageCounts: [pagesPerDocument] }, index)
        const file = path.join(folder, `${pagesPerDocument}p-${index}.pdf`)
        await writeFile(file, generated.bytes)
        documents.push(generated.bytes)
        files.push(file)
      }
      for (const threads of spec.threads) {
        // Alternating rounds, reported as medians: on a shared machine a neighbour's burst then
        // hits both sides of the ratio instead of one.
        const rounds: Array<{ sluice: Throughput, pdftotext: Throughput }> = []
        for (let round = 0; round < spec.rounds; round++) {
          rounds.push({ sluice: await measureProcessorLimit({ documents, threads }), pdftotext: await measurePdftotext(files, pagesPerDocument, threads) })
        }
        const sluice = medianBy(rounds.map((round) => round.sluice))
        const pdftotext = medianBy(rounds.map((round) => round.pdftotext))
        const ratio = median(rounds.map((round) => round.sluice.docsPerSecond / round.pdftotext.docsPerSecond))
        rows.push({ pagesPerDocument, threads, rounds: spec.rounds, sluice, pdftotext, ratio })
      }
    }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
  return rows
}

export function formatLimitTable (rows: LimitRow[]): string {
  const lines = [
    '| pages/doc | threads | docs x rounds | sluice docs/s | sluice pages/s | pdftotext docs/s | pdftotext pages/s | sluice / pdftotext (docs/s) | sluice CPU ms/page | pdftotext CPU ms/page |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
  ]
  for (const row of rows) {
    lines.push(`| ${row.pagesPerDocument} | ${row.threads} | ${row.sluice.documents} x ${row.rounds} | ${row.sluice.docsPerSecond.toFixed(1)} | ${row.sluice.pagesPerSecond.toFixed(1)} | ` +
      `${row.pdftotext.docsPerSecond.toFixed(1)} | ${row.pdftotext.pagesPerSecond.toFixed(1)} | ${row.ratio.toFixed(2)} | ` +
      `${row.sluice.cpuMsPerPage.toFixed(2)} | ${row.pdftotext.cpuMsPerPage.toFixed(2)} |`)
  }
  return lines.join('\n') + '\n'
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      threads: { type: 'string', default: '1,2' },
      'docs-1p': { type: 'string', default: '200' },
      'docs-20p': { type: 'string', default: '30' },
      rounds: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false }
    }
  })
  const loadBefore = os.loadavg()[0] as number
  const rows = await measureLimitTable({
    threads: values.threads.split(',').map(Number),
    documentsPerPageCount: { 1: Number(values['docs-1p']), 20: Number(values['docs-20p']) },
    rounds: Number(values.rounds)
  })
  // The load average says how much other work shared the cores while this ran.
  const machine = { cores: os.availableParallelism(), cpu: os.cpus()[0]?.model, loadAverage1m: { before: loadBefore, after: os.loadavg()[0] as number } }
  process.stdout.write(values.json
    ? JSON.stringify({ machine, rows }, null, 2) + '\n'
    : formatLimitTable(rows) + `\n${machine.cores} cores (${machine.cpu}); 1-minute load average ${machine.loadAverage1m.before.toFixed(1)} before, ${machine.loadAverage1m.after.toFixed(1)} after\n`)
}
