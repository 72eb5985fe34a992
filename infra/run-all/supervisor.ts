// Runs Sluice services as child processes (`node bin/sluice.js <command>`), forwards their
// logs line by line with the service name, and stops them in order: the doors first (no new
// documents), then the processors (they drain), then the sink (it flushes what they produced).
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createLineSplitter } from './log-lines.ts'

export const cliPath = fileURLToPath(new URL('../../bin/sluice.js', import.meta.url))

// kafkajs 2.2.4 computes some retry timers as negative numbers; Node 24 warns about each one,
// three lines per service at start-up that say nothing about Sluice.
const nodeFlags = ['--disable-warning=TimeoutNegativeWarning']
// kafkajs's notice about its v2 default partitioner, printed by every producer at start-up.
const quietEnvironment = { KAFKAJS_NO_PARTITIONER_WARNING: '1' }

export interface ServiceSpec {
  /** Shown before each log line, e.g. `api` or `processor-2`. */
  name: string
  /** Arguments after `sluice`, e.g. ['processor', '--workers', '2']. */
  args: string[]
  /** Lower stops first; services with the same rank stop together. */
  stopRank: number
  env?: Record<string, string>
}

export interface ServiceExit { name: string, code: number | null, signal: NodeJS.Signals | null }

export interface RunningService {
  spec: ServiceSpec
  pid: number
  child: ChildProcess
  exited: Promise<ServiceExit>
  /** True once the child has exited. */
  done: () => boolean
}

export interface ServiceGroup {
  services: RunningService[]
  /** Settles with the first service that exits on its own (not asked to stop). */
  firstUnexpectedExit: Promise<ServiceExit>
  /** SIGTERM in stop order, SIGKILL for anything still running after `graceMs`. */
  stop: (graceMs?: number) => Promise<ServiceExit[]>
}

export interface StartOptions {
  /** Receives every output line of every child, already split; the caller formats it. */
  onLine: (service: string, line: string, index: number) => void
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Script run by Node for each service; the Sluice CLI unless a test supplies its own. */
  program?: string
}

export function startServices (specs: ServiceSpec[], options: StartOptions): ServiceGroup {
  let stopping = false
  let reportUnexpected: (exit: ServiceExit) => void = () => {}
  const firstUnexpectedExit = new Promise<ServiceExit>((resolve) => { reportUnexpected = resolve })
  const services = specs.map((spec, index) => {
    const child = spawn(process.execPath, [...nodeFlags, options.program ?? cliPath, ...spec.args], {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), ...quietEnvironment, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: a terminal's Ctrl-C reaches only us, and we stop the children in order.
      detached: true
    })
    const splitters = [child.stdout, child.stderr].map((stream) => {
      const splitter = createLineSplitter((line) => options.onLine(spec.name, line, index))
      stream?.on('data', (chunk: Buffer) => splitter.push(chunk))
      return splitter
    })
    let finished = false
    const exited = new Promise<ServiceExit>((resolve) => {
      child.once('error', (error) => {
        options.onLine(spec.name, `could not start: ${error.message}`, index)
      })
      child.once('close', (code, signal) => {
        finished = true
        for (const splitter of splitters) splitter.flush()
        const exit = { name: spec.name, code, signal }
        if (!stopping) reportUnexpected(exit)
        resolve(exit)
      })
    })
    return { spec, pid: child.pid ?? -1, child, exited, done: () => finished }
  })
  // A crash of this process must not leave services running in their own process groups.
  const killAll = (): void => { for (const service of services) if (!service.done()) service.child.kill('SIGKILL') }
  process.once('exit', killAll)

  return {
    services,
    firstUnexpectedExit,
    async stop (graceMs = 40_000) {
      stopping = true
      const ranks = [...new Set(services.map((service) => service.spec.stopRank))].sort((a, b) => a - b)
      const deadline = Date.now() + graceMs
      for (const rank of ranks) {
        const group = services.filter((service) => service.spec.stopRank === rank && !service.done())
        for (const service of group) service.child.kill('SIGTERM')
        await Promise.all(group.map(async (service) => waitOrKill(service, deadline)))
      }
      process.removeListener('exit', killAll)
      return Promise.all(services.map(async (service) => service.exited))
    }
  }
}

async function waitOrKill (service: RunningService, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now())) })
  const outcome = await Promise.race([service.exited, timedOut])
  clearTimeout(timer)
  if (outcome === 'timeout' && !service.done()) {
    service.child.kill('SIGKILL')
    await service.exited
  }
}
