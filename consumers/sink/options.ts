// The sink's options: the config plus what a caller may override, checked here once.
import type { Config } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import type { ServiceOptions } from '../../lib/service.ts'

export interface SinkOptions extends ServiceOptions {
  /** Port of /metrics; 0 picks a free one. */
  metricsPort: number
}

export function sinkOptions (config: Config, overrides: { metricsPort?: number } = {}): SinkOptions {
  const metricsPort = overrides.metricsPort ?? config.metrics.sinkPort
  if (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535) {
    throw new SluiceError('USAGE', `the sink's metrics port must be a whole number from 0 to 65535, got ${metricsPort}.`)
  }
  return { config, metricsPort }
}
