// The bucket bridge's options: the config plus what a caller may override, checked here once.
import type { Config } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import { checkPort, type ServiceOptions } from '../../lib/service.ts'

export interface BridgeOptions extends ServiceOptions {
  /** Port of /metrics; 0 picks a free one. */
  metricsPort: number
  /** Objects younger than this are left out of periodic rescans, so notifications get to them first (SLUICE_BRIDGE_RESCAN_MIN_AGE). */
  rescanMinAgeMs: number
}

export function bridgeOptions (config: Config, overrides: { metricsPort?: number, rescanMinAgeMs?: number } = {}): BridgeOptions {
  const metricsPort = checkPort('the bridge\'s metrics port', overrides.metricsPort ?? config.metrics.bridgePort)
  const rescanMinAgeMs = overrides.rescanMinAgeMs ?? config.bridge.rescanMinAgeMs
  if (!Number.isInteger(rescanMinAgeMs) || rescanMinAgeMs < 0) {
    throw new SluiceError('USAGE', `the minimum object age for rescans must be a whole number of milliseconds, got ${rescanMinAgeMs}.`)
  }
  return { config, metricsPort, rescanMinAgeMs }
}
