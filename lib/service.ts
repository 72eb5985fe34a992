// The shape every long-running Sluice service (api, bridge, processor, sink) has, in the manner
// of infra/local-stack/service.ts: a folder with service.ts (`start`), options.ts (typed options
// built from the config and validated there), metrics.ts (`create<Name>Metrics(registry)`) and its
// command in cli/commands/. One generic driver (cli/run-service.ts) runs any of them.
import type { Config } from './config/index.ts'
import { SluiceError } from './errors.ts'

export interface ServiceOptions {
  config: Config
  /**
   * Called if the service fails for good after it started (its Kafka consumer gave up); the
   * process should stop it and exit. Without it the failure is only logged.
   */
  onFatal?: (error: Error) => void
}

export interface RunningService {
  /** Port of GET /metrics, which the local stack's Prometheus is told about. */
  metricsPort: number
  /** Stops taking work, finishes or hands back what is in flight and releases every client. */
  stop: () => Promise<void>
}

/** The one check of a port in a service's options (its options.ts); 0 picks a free port. */
export function checkPort (what: string, port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SluiceError('USAGE', `${what} must be a whole number from 0 to 65535, got ${port}.`)
  }
  return port
}

export interface Service<Options extends ServiceOptions, Running extends RunningService = RunningService> {
  /** Names its logger, metrics registry (`component` label) and scrape job (`sluice-<name>`). */
  name: 'api' | 'bridge' | 'processor' | 'sink'
  /** Provisions what it needs, connects, starts serving and resolves once it takes work. */
  start: (options: Options) => Promise<Running>
}
