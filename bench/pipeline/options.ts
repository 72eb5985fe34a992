// The benchmark's command-line options, validated into one typed object. Parsing reuses the
// configuration parsers so "2m", "20s" and "500ms" mean the same everywhere in Sluice.
import { duration, integer } from '../../lib/config/parsers.ts'
import { SluiceError } from '../../lib/errors.ts'
import { doors, type Door } from '../load/doors.ts'

export interface BenchOptions {
  door: Door
  /** Documents offered per second; 0 = flat out (as fast as the door accepts). */
  rate: number
  /** Load time of each phase. */
  durationMs: number
  /** Longest wait after the load for the pipeline to finish what it accepted. */
  drainTimeoutMs: number
  /** Processor process counts to compare, one phase each. */
  processors: number[]
  /** Worker threads per processor process. */
  workers: number
  /** Rate of the extra latency phase (e2e p99 at a steady rate); 0 skips it. */
  latencyRate: number
  /**
   * Percent of this run's extract+redact limit (docs/s) offered in a steady phase for latency,
   * so the load is the same share of what the machine can do on any host; 0 skips it.
   */
  limitShare: number
  /** Pages per document of the multi-page phase (pages/s end to end, extraction vs pdftotext); 0 skips it. */
  multiPage: number
  /** Load time of the limit-share and multi-page phases. */
  extraDurationMs: number
  pages: number
  /** Distinct generated documents, sent round-robin. */
  documents: number
  /** In-flight requests when flat out. */
  concurrency: number
  seed: string
  skipLimit: boolean
  outDir: string
  keep: boolean
}

export type RawValues = Record<string, string | boolean | Array<string | boolean> | undefined>

function usageError (message: string): SluiceError {
  return new SluiceError('USAGE', message)
}

function parsed<T> (name: string, raw: unknown, fallback: string, parser: (text: string) => T): T {
  const text = typeof raw === 'string' ? raw : fallback
  try {
    return parser(text)
  } catch (error) {
    throw usageError(`--${name} ${(error as Error).message}`)
  }
}

export function parseRate (text: string): number {
  if (text === 'max' || text === 'flat-out') return 0
  return integer(1, 100_000)(text)
}

export function parseBenchOptions (values: RawValues, defaultWorkers: number): BenchOptions {
  const door = typeof values.door === 'string' ? values.door : 'api'
  if (!(doors as readonly string[]).includes(door)) throw usageError(`--door must be one of ${doors.join(', ')}, got "${door}"`)
  const processors = parsed('processors', values.processors, '1,2', (text) => text.split(',').map((part) => integer(1, 8)(part.trim())))
  return {
    door: door as Door,
    rate: parsed('rate', values.rate, 'max', parseRate),
    durationMs: parsed('duration', values.duration, '2m', duration(5_000, 3_600_000)),
    drainTimeoutMs: parsed('drain-timeout', values['drain-timeout'], '90s', duration(1_000, 3_600_000)),
    processors,
    workers: parsed('workers', values.workers, String(defaultWorkers), integer(1, 64)),
    latencyRate: parsed('latency-rate', values['latency-rate'], '100', (text) => text === '0' ? 0 : integer(1, 100_000)(text)),
    limitShare: parsed('limit-share', values['limit-share'], '60', integer(0, 100)),
    multiPage: parsed('multi-page', values['multi-page'], '20', (text) => text === '0' ? 0 : integer(2, 100)(text)),
    extraDurationMs: parsed('extra-duration', values['extra-duration'], '60s', duration(5_000, 3_600_000)),
    pages: parsed('pages', values.pages, '1', integer(1, 100)),
    documents: parsed('documents', values.documents, '200', integer(1, 10_000)),
    concurrency: parsed('concurrency', values.concurrency, '16', integer(1, 1000)),
    seed: typeof values.seed === 'string' ? values.seed : 'sluice-bench',
    skipLimit: values['skip-limit'] === true,
    outDir: typeof values.out === 'string' ? values.out : 'bench/results',
    keep: values.keep === true
  }
}
