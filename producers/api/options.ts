// The upload API's options: the config plus what a caller may override, checked here once.
import type { Config } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import type { ServiceOptions } from '../../lib/service.ts'

export interface ApiOptions extends ServiceOptions {
  /** Port of the API (and its /metrics); 0 picks a free one. */
  port: number
}

export function apiOptions (config: Config, overrides: { port?: number } = {}): ApiOptions {
  const port = overrides.port ?? config.api.port
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SluiceError('USAGE', `the API port must be a whole number from 0 to 65535, got ${port}.`)
  }
  return { config, port }
}
