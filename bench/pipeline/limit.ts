// The ceilings the pipeline is compared with, measured on the same documents and the same
// number of threads while the pipeline is not running: extract+redact alone (the processor's
// own worker pool, no Kafka/S3/ClickHouse), extraction alone, and poppler's pdftotext.
// Extract+redact is measured again after the phases: on this machine kind one measurement can be
// 30-40 % off another an hour later, so the ratios to the limit use the mean of the two and the
// report shows how far apart they were.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pMap from 'p-map'
import { loadConfig } from '../../lib/config/index.ts'
import { createExtractionPool } from '../../lib/extraction/pool.ts'
import { measurePdftotext, measureProcessorLimit, type Throughput } from '../processor-limit.ts'
import type { Document } from '../load/send.ts'

export interface Limits {
  threads: number
  documents: number
  /** extract + redact in the processor's worker pool, before the phases. */
  extractRedact: Throughput
  /** The same again after the phases; absent in runs saved before it was measured twice. */
  extractRedactAfter?: Throughput
  /** pdf.js extraction alone in the extraction pool. */
  extraction: Throughput
  /** pdftotext, one process per document, `threads` at a time. */
  pdftotext: Throughput
  /** Our extraction's docs/s divided by pdftotext's (above 1: we are faster). */
  extractionVsPdftotext: number
}

export async function measureLimits (documents: Document[], threads: number, pagesPerDocument: number): Promise<Limits> {
  const bytes = documents.map((document) => document.bytes)
  const extractRedact = await measureProcessorLimit({ documents: bytes, threads })
  const extraction = await measureExtraction(bytes, threads, pagesPerDocument)
  const folder = await mkdtemp(join(tmpdir(), 'sluice-bench-'))
  try {
    const files = await Promise.all(documents.map(async (document, index) => {
      const file = join(folder, `${index}.pdf`)
      await writeFile(file, document.bytes)
      return file
    }))
    const pdftotext = await measurePdftotext(files, pagesPerDocument, threads)
    return { threads, documents: documents.length, extractRedact, extraction, pdftotext, extractionVsPdftotext: extraction.docsPerSecond / pdftotext.docsPerSecond }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

/** Measures extract+redact again on the same documents, after the phases, and adds it to `limits`. */
export async function remeasureExtractRedact (limits: Limits, documents: Document[]): Promise<void> {
  limits.extractRedactAfter = await measureProcessorLimit({ documents: documents.map((document) => document.bytes), threads: limits.threads })
}

/**
 * Extract+redact as the ratios use it: the mean of the measurements before and after the phases
 * (CPU per page and wall-clock rate alike), or the one before when there is no second.
 */
export function extractRedactLimit (limits: Limits): Pick<Throughput, 'docsPerSecond' | 'pagesPerSecond' | 'cpuMsPerPage'> {
  const before = limits.extractRedact
  const after = limits.extractRedactAfter
  if (after === undefined) return before
  const mean = (a: number, b: number): number => (a + b) / 2
  return {
    docsPerSecond: mean(before.docsPerSecond, after.docsPerSecond),
    pagesPerSecond: mean(before.pagesPerSecond, after.pagesPerSecond),
    cpuMsPerPage: mean(before.cpuMsPerPage, after.cpuMsPerPage)
  }
}

async function measureExtraction (documents: Uint8Array[], threads: number, pagesPerDocument: number): Promise<Throughput> {
  const pool = createExtractionPool({ threads, timeoutMs: 60_000, memoryBudgetBytes: loadConfig().processor.documentMemoryBytes })
  try {
    await pool.warmUp()
    await runAll(pool, documents.slice(0, threads * 4), threads * 2)
    const started = performance.now()
    const cpuBefore = process.cpuUsage()
    await runAll(pool, documents, threads * 2)
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    const pages = documents.length * pagesPerDocument
    return { documents: documents.length, pages, seconds, docsPerSecond: documents.length / seconds, pagesPerSecond: pages / seconds, cpuSeconds, cpuMsPerPage: cpuSeconds * 1000 / pages }
  } finally {
    await pool.close()
  }
}

async function runAll (pool: ReturnType<typeof createExtractionPool>, documents: Uint8Array[], inFlight: number): Promise<void> {
  await pMap(documents, async (document) => await pool.extract(document.slice(), { maxPages: 100_000 }), { concurrency: inFlight })
}
