import { spawn } from 'node:child_process'
import { exitCodes, type Command } from '../command.ts'
import { integerOption } from '../options.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import { fileExists } from '../../infra/local-stack/files.ts'
import { stderrProgress } from '../../infra/local-stack/progress.ts'
import { stackServices } from '../../infra/local-stack/services.ts'
import { createStackContext, stackDown, stackStatus, stackUp, type ServiceStatus } from '../../infra/local-stack/stack.ts'
import type { StackContext } from '../../infra/local-stack/service.ts'

const actions = ['up', 'down', 'status', 'logs']

export function formatStatus (statuses: ServiceStatus[]): string {
  const rows = statuses.map((status) => [status.name, status.address, status.healthy ? 'healthy' : 'UNHEALTHY', status.detail])
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)))
  return rows.map((row) => row.map((cell, column) => column < 3 ? cell.padEnd(widths[column] ?? 0) : cell).join('  ')).join('\n') + '\n'
}

async function showLogs (context: StackContext, service: string | undefined, lines: string, follow: boolean): Promise<number> {
  const names = stackServices.map((item) => item.name)
  if (service !== undefined && !names.includes(service)) {
    throw new SluiceError('USAGE', `unknown service "${service}"`, { hint: `Services: ${names.join(', ')}.` })
  }
  const files: string[] = []
  for (const name of service === undefined ? names : [service]) {
    const file = context.layout.log(name)
    if (await fileExists(file)) files.push(file)
  }
  if (files.length === 0) {
    process.stderr.write(`no logs yet under ${context.layout.home}/logs; run \`sluice stack up\` first\n`)
    return exitCodes.unavailable
  }
  return new Promise((resolve, reject) => {
    const tail = spawn('tail', ['-n', lines, ...(follow ? ['-F'] : []), ...files], { stdio: ['ignore', 'inherit', 'inherit'] })
    tail.once('error', reject)
    tail.once('close', (code) => resolve(code ?? exitCodes.internalError))
  })
}

export const stackCommand: Command = {
  name: 'stack',
  summary: 'Install, start, stop and check the local Kafka, schema registry, S3, ClickHouse and Prometheus',
  usage: 'sluice stack up | down | status | logs [SERVICE] [--lines N] [--follow]',
  details: [
    'up      installs what is missing (first time only), starts every service that is not running and',
    '        waits until each answers a real request. Safe to run again, also after a crash.',
    'down    stops exactly the processes `up` started (pid files under $SLUICE_HOME/run).',
    'status  prints each service, its address and whether it answers; exits 4 if any does not.',
    'logs    prints the end of a service\'s log (all services when none is named).',
    `Services: ${stackServices.map((service) => service.name).join(', ')}. Everything lives under SLUICE_HOME`,
    '(default ~/.sluice): cache/ (downloads), data/<service>, logs/<service>.log, run/<service>.pid.'
  ].join('\n'),
  options: {
    lines: { type: 'string', short: 'n', description: 'Lines of log to show with `logs`', default: '100' },
    follow: { type: 'boolean', short: 'f', description: 'Keep printing new log lines with `logs`' }
  },
  positionals: { min: 1, max: 2 },
  async run ({ values, positionals }) {
    const [action, service] = positionals
    if (action === undefined || !actions.includes(action)) {
      throw new SluiceError('USAGE', `unknown action "${action ?? ''}"`, { hint: `Use one of: ${actions.join(', ')}.` })
    }
    if (service !== undefined && action !== 'logs') {
      throw new SluiceError('USAGE', `\`sluice stack ${action}\` takes no service name`, { hint: 'The stack starts and stops as a whole; `logs` takes a service name.' })
    }
    const context = createStackContext(loadConfig(), stderrProgress())
    if (action === 'logs') {
      const lines = integerOption('lines', values.lines, 0) ?? 100
      return showLogs(context, service, String(lines), values.follow === true)
    }
    if (action === 'up') {
      await stackUp(context)
      process.stderr.write(`local stack ready; data and logs in ${context.layout.home}\n`)
      return exitCodes.ok
    }
    if (action === 'down') {
      await stackDown(context)
      return exitCodes.ok
    }
    const statuses = await stackStatus(context)
    process.stdout.write(formatStatus(statuses))
    return statuses.every((status) => status.healthy) ? exitCodes.ok : exitCodes.unavailable
  }
}
