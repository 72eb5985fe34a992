// The upload API's options: the config plus what a caller may override, checked here once.
import type { Config } from '../../lib/config/index.ts'
import { checkPort, type ServiceOptions } from '../../lib/service.ts'

export interface ApiOptions extends ServiceOptions {
  /** Port of the API (and its /metrics); 0 picks a free one. */
  port: number
}

export function apiOptions (config: Config, overrides: { port?: number } = {}): ApiOptions {
  const port = checkPort('the API port', overrides.port ?? config.api.port)
  return { config, port }
}
