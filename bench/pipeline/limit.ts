// The ceilings the pipeline is compared with, measured on the same documents and the same
// number of threads while the pipeline is not running: extract+redact alone (the processor's
// own worker pool, no Kafka/S3/ClickHouse), extraction alone, and poppler's pdftotext.
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
  /** extract + redact in the processor's worker pool. */
  extractRedact: Throughput
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
