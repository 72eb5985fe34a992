// The processor's options: the config plus what a caller may override, checked here once.
import type { Config } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import type { ServiceOptions } from '../../lib/service.ts'

export interface ProcessorOptions extends ServiceOptions {
  /** Worker threads for extraction and redaction. */
  workers: number
  /** Partitions consumed concurrently. */
  concurrency: number
}

const maxPerProcess = 256

export function processorOptions (config: Config, overrides: { workers?: number, concurrency?: number } = {}): ProcessorOptions {
  const workers = overrides.workers ?? config.processor.workers
  const concurrency = overrides.concurrency ?? config.processor.concurrency
  for (const [name, value] of [['workers', workers], ['concurrency', concurrency]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > maxPerProcess) {
      throw new SluiceError('USAGE', `${name} must be a whole number from 1 to ${maxPerProcess}, got ${value}.`)
    }
  }
  return { config, workers, concurrency }
}
