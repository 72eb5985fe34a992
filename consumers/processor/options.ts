// The processor's options: the config plus what a caller may override, checked here once.
import type { Config } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import { checkPort, type ServiceOptions } from '../../lib/service.ts'

export interface ProcessorOptions extends ServiceOptions {
  /** Worker threads for extraction and redaction. */
  workers: number
  /** Partitions consumed concurrently. */
  concurrency: number
  /** First port tried for /metrics; the next free one is taken when it is in use (several processors on one machine). */
  metricsPort: number
}

const maxPerProcess = 256

export function processorOptions (config: Config, overrides: { workers?: number, concurrency?: number, metricsPort?: number } = {}): ProcessorOptions {
  const workers = overrides.workers ?? config.processor.workers
  const concurrency = overrides.concurrency ?? config.processor.concurrency
  for (const [name, value] of [['workers', workers], ['concurrency', concurrency]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > maxPerProcess) {
      throw new SluiceError('USAGE', `${name} must be a whole number from 1 to ${maxPerProcess}, got ${value}.`)
    }
  }
  const metricsPort = checkPort('the processor\'s metrics port', overrides.metricsPort ?? config.metrics.processorPort)
  return { config, workers, concurrency, metricsPort }
}
