// The four services of the pipeline as child processes (`sluice api|bridge|processor|sink`), as
// an operator runs them, each in its own process group so one can be SIGKILLed and started
// again while the others keep running. Their log lines are kept for the failure message.
import { startServices, type RunningService, type ServiceGroup } from '../../infra/run-all/supervisor.ts'
import { pipelineServices, type ServiceName } from '../../infra/run-all/services.ts'
import { waitFor } from '../support/wait.ts'

export interface FaultPipeline {
  /** The running child of a service (the latest one after a restart). */
  child: (name: ServiceName) => RunningService
  /** SIGKILL, as in a crash; resolves once the process is gone. */
  kill: (name: ServiceName) => Promise<void>
  /** Starts the service again; resolves once it answers /readyz. */
  restart: (name: ServiceName) => Promise<void>
  /** The last log lines of every service, for a failure message. */
  logTail: (lines?: number) => string
  /** SIGTERM in stop order (doors, processor, sink). */
  stop: () => Promise<void>
}

const readyPath: Record<ServiceName, (env: NodeJS.ProcessEnv) => string> = {
  api: (env) => `http://127.0.0.1:${env.SLUICE_API_PORT ?? ''}/readyz`,
  bridge: (env) => `http://127.0.0.1:${env.SLUICE_METRICS_BRIDGE_PORT ?? ''}/readyz`,
  processor: (env) => `http://127.0.0.1:${env.SLUICE_METRICS_PROCESSOR_PORT ?? ''}/readyz`,
  sink: (env) => `http://127.0.0.1:${env.SLUICE_METRICS_SINK_PORT ?? ''}/readyz`
}

export async function startFaultPipeline (env: NodeJS.ProcessEnv, workers: number): Promise<FaultPipeline> {
  const log: string[] = []
  const groups = new Map<ServiceName, ServiceGroup>()
  const specs = new Map(pipelineServices({ processors: 1, workers }).map((spec) => [spec.name as ServiceName, spec]))

  async function launch (name: ServiceName): Promise<void> {
    const spec = specs.get(name)
    if (spec === undefined) throw new Error(`no service ${name}`)
    const group = startServices([spec], {
      env,
      onLine: (service, line) => {
        log.push(`${service}: ${line}`)
        if (log.length > 2000) log.splice(0, 1000)
      }
    })
    groups.set(name, group)
    await waitFor(async () => {
      if (group.services[0]?.done() === true) throw new Error(`${name} exited during start-up`)
      return (await fetch(readyPath[name](env), { signal: AbortSignal.timeout(2000) })).ok
    }, { what: `${name} to be ready`, timeoutMs: 120_000, intervalMs: 250 })
  }

  function child (name: ServiceName): RunningService {
    const running = groups.get(name)?.services[0]
    if (running === undefined) throw new Error(`${name} was never started`)
    return running
  }

  const started = [] as ServiceName[]
  try {
    // The sink and processor first: the doors' admission control reads the processor group's lag.
    for (const name of ['sink', 'processor', 'bridge', 'api'] as const) {
      await launch(name)
      started.push(name)
    }
  } catch (error) {
    await Promise.all(started.map(async (name) => groups.get(name)?.stop(5000)))
    throw new Error(`${(error as Error).message}\n${log.slice(-40).join('\n')}`)
  }

  return {
    child,
    kill: async (name) => {
      const running = child(name)
      running.child.kill('SIGKILL')
      await running.exited
    },
    restart: launch,
    logTail: (lines = 40) => log.slice(-lines).join('\n'),
    stop: async () => {
      for (const name of ['api', 'bridge', 'processor', 'sink'] as const) await groups.get(name)?.stop(40_000)
    }
  }
}
