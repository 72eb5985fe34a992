import { exitCodes, type Command } from '../command.ts'
import { integerOption } from '../options.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import { formatLogLine } from '../../infra/run-all/log-lines.ts'
import { parseServiceList, pipelineServices } from '../../infra/run-all/services.ts'
import { prepareBackingServices, probeServices, runStackCommand } from '../../infra/run-all/stack.ts'
import { startServices } from '../../infra/run-all/supervisor.ts'

export const upCommand: Command = {
  name: 'up',
  summary: 'Run the whole pipeline in the foreground: local stack, API, bucket bridge, processor and sink',
  usage: 'sluice up [--no-stack] [--stop-stack] [--processors N] [--workers N] [--only api,bridge,processor,sink]',
  details: `
Brings the local stack up (\`sluice stack up\`, a no-op when it already runs), applies the
ClickHouse migrations and creates topics, schemas and buckets once, then runs the
services as child processes with their log lines prefixed by the service name. Ctrl-C or SIGTERM
stops the services in order (API and bridge, then processors, which drain, then the sink) and
exits 0; the local stack keeps running unless --stop-stack is given. If a service dies on its own,
the others are stopped and the exit code is non-zero.`,
  options: {
    'no-stack': { type: 'boolean', description: 'Use the external services configured by SLUICE_* variables; only check that they answer' },
    'stop-stack': { type: 'boolean', description: 'Also stop the local stack on exit' },
    processors: { type: 'string', description: 'Processor processes to run', default: '1' },
    workers: { type: 'string', description: 'Worker threads per processor (default: SLUICE_PROCESSOR_WORKERS)' },
    only: { type: 'string', description: 'Run only these services, comma separated' }
  },
  async run ({ values }) {
    const config = loadConfig()
    const processors = integerOption('processors', values.processors, 1, 64) ?? 1
    const workers = integerOption('workers', values.workers, 1, 64)
    const only = typeof values.only === 'string' ? usage(() => parseServiceList(values.only as string)) : undefined
    const useStack = values['no-stack'] !== true
    if (useStack) await runStackCommand('up')
    else await probeServices(config)
    await prepareBackingServices(config)

    const specs = pipelineServices({ processors, workers, only })
    const nameWidth = Math.max(...specs.map((spec) => spec.name.length))
    const color = process.stdout.isTTY === true
    const group = startServices(specs, {
      onLine: (service, line, index) => process.stdout.write(formatLogLine(service, line, { nameWidth, color, colorIndex: index }) + '\n')
    })
    process.stderr.write(`sluice up: started ${group.services.map((service) => `${service.spec.name} (pid ${service.pid})`).join(', ')}. Ctrl-C stops them.\n`)

    const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'))
      process.once('SIGTERM', () => resolve('SIGTERM'))
      // A closed terminal must not leave the services running in their own process groups.
      process.once('SIGHUP', () => resolve('SIGHUP'))
    })
    const first = await Promise.race([stopSignal, group.firstUnexpectedExit])
    // A second Ctrl-C while the services drain means "now": kill what is left.
    const forceStop = (): void => { for (const service of group.services) if (!service.done()) service.child.kill('SIGKILL') }
    process.on('SIGINT', forceStop)
    process.on('SIGTERM', forceStop)
    if (typeof first === 'string') {
      process.stderr.write(`sluice up: ${first} received, stopping the services (again to force)...\n`)
    } else {
      process.stderr.write(`sluice up: ${first.name} exited on its own (${first.signal ?? `code ${first.code}`}); stopping the others...\n`)
    }
    const exits = await group.stop()
    for (const exit of exits) process.stderr.write(`sluice up: ${exit.name} stopped (${exit.signal ?? `code ${exit.code}`})\n`)
    if (useStack && values['stop-stack'] === true) await runStackCommand('down')
    process.removeListener('SIGINT', forceStop)
    process.removeListener('SIGTERM', forceStop)
    return typeof first === 'string' ? exitCodes.ok : exitCodes.internalError
  }
}

function usage<T> (parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    throw new SluiceError('USAGE', (error as Error).message)
  }
}
