// Extraction throughput: our pdf.js extraction in a pool of long-lived, warmed-up worker
// threads versus poppler's pdftotext on the same generated files, in the same run, with the
// same parallelism. Run: npx node bench/extraction.ts   (about a minute; prints a table)
import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { generateDocument } from './corpus/index.ts'
import { loadConfig } from '../lib/config/index.ts'
import { createExtractionPool } from '../lib/extraction/pool.ts'

const command = 'npx node bench/extraction.ts'
/** Wall time per tool per cell, split into alternating rounds so both tools see the same noise of a shared machine. */
const measureMs = Number(process.env.SLUICE_BENCH_MEASURE_MS ?? 4000)
const rounds = 4
const threadCounts = [1, 2]
const sizes = [{ pages: 1, documents: 40 }, { pages: 20, documents: 6 }]

interface Measurement { documents: number, pages: number, ms: number }

const docsPerSecond = (m: Measurement): number => m.documents / (m.ms / 1000)
const pagesPerSecond = (m: Measurement): number => m.pages / (m.ms / 1000)

/** Runs `work` over the files again and again, `parallel` at a time, until the time is up. */
async function measure (files: string[], pageCount: number, parallel: number, work: (file: string) => Promise<void>): Promise<Measurement> {
  let next = 0
  let documents = 0
  const started = performance.now()
  const deadline = started + measureMs / rounds
  async function lane (): Promise<void> {
    while (performance.now() < deadline) {
      const file = files[next++ % files.length] as string
      await work(file)
      documents++
    }
  }
  await Promise.all(Array.from({ length: parallel }, lane))
  return { documents, pages: documents * pageCount, ms: performance.now() - started }
}

function add (total: Measurement, part: Measurement): void {
  total.documents += part.documents
  total.pages += part.pages
  total.ms += part.ms
}

function pdftotext (file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('pdftotext', ['-q', '-enc', 'UTF-8', file, '-'], { stdio: ['ignore', 'ignore', 'ignore'] })
    child.on('error', reject)
    child.on('close', (code) => code === 0 ? resolve() : reject(new Error(`pdftotext exited with ${code} on ${file}`)))
  })
}

function pdftotextVersion (): string | undefined {
  // pdftotext prints its version on stderr.
  const result = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' })
  return result.error === undefined ? `${result.stdout}${result.stderr}`.trim().split('\n')[0] : undefined
}

const popplerVersion = pdftotextVersion()
if (popplerVersion === undefined || !popplerVersion.includes('pdftotext')) {
  process.stderr.write('pdftotext not found. Install poppler: apt-get update && apt-get install -y --no-install-recommends poppler-utils\n')
  process.exit(4)
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-bench-extraction-'))
const rows: string[][] = []
try {
  for (const size of sizes) {
    const files: string[] = []
    for (let index = 0; index < size.documents; index++) {
      const document = await generateDocument({ seed: `bench-extraction-${size.pages}`, pageCounts: [size.pages] }, index)
      const file = path.join(dir, document.file)
      await writeFile(file, document.bytes)
      files.push(file)
    }
    const contents = new Map(await Promise.all(files.map(async (file) => [file, new Uint8Array(await readFile(file))] as const)))
    for (const threads of threadCounts) {
      process.stderr.write(`measuring ${size.pages}-page documents with ${threads} thread(s)...\n`)
      const pool = createExtractionPool({ threads, timeoutMs: 60_000, memoryBudgetBytes: loadConfig().processor.documentMemoryBytes })
      await pool.warmUp()
      // Warm the JIT on every file before timing; the first documents in a thread are several times slower.
      await Promise.all(files.map((file) => pool.extract(contents.get(file) as Uint8Array, { maxPages: 1000 })))
      await pdftotext(files[0] as string)
      const ours: Measurement = { documents: 0, pages: 0, ms: 0 }
      const poppler: Measurement = { documents: 0, pages: 0, ms: 0 }
      for (let round = 0; round < rounds; round++) {
        // Two documents in flight per thread keep every thread busy while results travel back.
        add(ours, await measure(files, size.pages, threads * 2, async (file) => { await pool.extract(contents.get(file) as Uint8Array, { maxPages: 1000 }) }))
        add(poppler, await measure(files, size.pages, threads, pdftotext))
      }
      await pool.close()
      rows.push([
        `${size.pages}`, `${threads}`,
        docsPerSecond(ours).toFixed(1), pagesPerSecond(ours).toFixed(0),
        docsPerSecond(poppler).toFixed(1), pagesPerSecond(poppler).toFixed(0),
        (docsPerSecond(ours) / docsPerSecond(poppler)).toFixed(2)
      ])
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true })
}

const header = ['pages/doc', 'threads', 'sluice docs/s', 'sluice pages/s', 'pdftotext docs/s', 'pdftotext pages/s', 'sluice ÷ pdftotext']
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)))
const line = (cells: string[]): string => `| ${cells.map((cell, column) => cell.padStart(widths[column] ?? 0)).join(' | ')} |`
process.stdout.write([
  `Extraction throughput (${command}), ${measureMs / 1000} s per tool and cell in ${rounds} alternating rounds`,
  `machine: ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${os.loadavg()[1]?.toFixed(1)} (5 min) at the end; node ${process.version}; ${popplerVersion}`,
  'sluice = pdfjs-dist in a piscina pool of warmed-up threads, bytes in memory; pdftotext = one process per file, output discarded,',
  'as many processes at a time as sluice has threads. Documents: seeded generated corpus (bench/corpus), text-only PDFs.',
  '',
  line(header),
  `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
  ...rows.map(line),
  ''
].join('\n'))
