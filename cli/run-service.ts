// The one driver of every long-running service (api, bridge, processor, sink): start it, tell the
// local stack's Prometheus where its /metrics is, run until SIGINT/SIGTERM or until it fails for
// good, then stop it. The same wiring for all four, as infra/local-stack/stack.ts is for the stack.
import type { Config } from '../lib/config/index.ts'
import { SluiceError } from '../lib/errors.ts'
import { createLogger } from '../lib/log.ts'
import { registerScrapeTarget } from '../lib/metrics/scrape-target.ts'
import type { RunningService, Service, ServiceOptions } from '../lib/service.ts'
import { exitCodes } from './command.ts'

export interface RunServiceOptions {
  /**
   * Exit anyway if stopping takes longer (what is not committed by then is redelivered to
   * another member). Without it, the service bounds its own shutdown.
   */
  shutdownTimeoutMs?: number
}

export async function runService<Options extends ServiceOptions, Running extends RunningService> (service: Service<Options, Running>, options: Options, run: RunServiceOptions = {}): Promise<number> {
  const config: Config = options.config
  const log = createLogger(service.name, config.log.level)
  let fatal: Error | undefined
  let wake: () => void = () => {}
  let onSignal: (signal: NodeJS.Signals) => void = () => {}
  const stopRequested = new Promise<string>((resolve) => {
    onSignal = (signal) => resolve(signal)
    process.once('SIGTERM', onSignal)
    process.once('SIGINT', onSignal)
    wake = () => resolve('fatal')
  })
  const running = await service.start({
    ...options,
    onFatal: (error: Error) => {
      fatal ??= error
      wake()
    }
  })
  const unregister = await registerScrapeTarget({ job: `sluice-${service.name}`, port: running.metricsPort }, config.stack.home)
  const reason = await stopRequested
  process.removeListener('SIGTERM', onSignal)
  process.removeListener('SIGINT', onSignal)
  log.info({ reason, timeoutMs: run.shutdownTimeoutMs }, 'stopping')
  const deadline = run.shutdownTimeoutMs === undefined
    ? undefined
    : setTimeout(() => {
      log.error({ timeoutMs: run.shutdownTimeoutMs }, 'stopping did not finish in time; exiting without it')
      process.exit(exitCodes.internalError)
    }, run.shutdownTimeoutMs)
  deadline?.unref()
  await unregister()
  await running.stop()
  clearTimeout(deadline)
  if (fatal !== undefined) {
    throw new SluiceError('SERVICE_UNAVAILABLE', `the Kafka consumer stopped for good: ${fatal.message}`, {
      hint: `Check the broker (\`sluice stack status\`) and start the ${service.name} again; uncommitted events are redelivered.`
    })
  }
  return exitCodes.ok
}
