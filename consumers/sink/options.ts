// The sink's options: the config plus what a caller may override, checked here once.
import type { Config } from '../../lib/config/index.ts'
import { checkPort, type ServiceOptions } from '../../lib/service.ts'

export interface SinkOptions extends ServiceOptions {
  /** Port of /metrics; 0 picks a free one. */
  metricsPort: number
}

export function sinkOptions (config: Config, overrides: { metricsPort?: number } = {}): SinkOptions {
  const metricsPort = checkPort('the sink\'s metrics port', overrides.metricsPort ?? config.metrics.sinkPort)
  return { config, metricsPort }
}
