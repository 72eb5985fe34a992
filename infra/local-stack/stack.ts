// The orchestrator behind `sluice stack up | down | status`: installs what is missing, starts
// each service at most once (pid files), waits until each really answers, stops exactly the
// processes it started.
import { mkdir } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Config } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import { formatEndpoint, stackEndpoints } from './endpoints.ts'
import { stackLayout } from './layout.ts'
import { isRecordedProcessRunning, readPidRecord, removePidRecord, writePidRecord, type PidRecord } from './pid-file.ts'
import { ensureDebianPackages, missingDebianPackages } from './apt.ts'
import { isPortAnswering } from './ports.ts'
import { prerequisites, requirePrerequisites, type Prerequisite } from './prerequisites.ts'
import { launchDetached, stopProcess, tailOfFile } from './processes.ts'
import type { Progress } from './progress.ts'
import type { LocalService, StackContext } from './service.ts'
import { extraDebianPackages, stackServices } from './services.ts'

export function createStackContext (config: Config, progress: Progress): StackContext {
  return { config, layout: stackLayout(config.stack.home), endpoints: stackEndpoints(config), progress }
}

export async function runningRecord (context: StackContext, service: LocalService): Promise<PidRecord | undefined> {
  const record = await readPidRecord(context.layout.pidFile(service.name))
  if (record === undefined) return undefined
  return (await isRecordedProcessRunning(record)) ? record : undefined
}

async function checkPrerequisites (services: LocalService[], missingPackages: string[]): Promise<void> {
  const needed: Prerequisite[] = services.flatMap((service) => service.prerequisites).filter((item) => item !== prerequisites.apt)
  if (missingPackages.length > 0) needed.push(prerequisites.apt)
  await requirePrerequisites(needed)
}

/** Downloads and builds can take minutes on a cold cache; say every half minute that they still run. */
async function withHeartbeat (context: StackContext, name: string, work: Promise<void>): Promise<void> {
  const startedAt = Date.now()
  const timer = setInterval(() => context.progress.step(name, `still installing (${Math.round((Date.now() - startedAt) / 1000)}s)`), 30_000)
  try {
    await work
  } finally {
    clearInterval(timer)
  }
}

async function waitUntilHealthy (context: StackContext, service: LocalService, record: PidRecord): Promise<void> {
  const startedAt = Date.now()
  const deadline = startedAt + context.config.stack.startTimeoutMs
  let lastError = 'no answer yet'
  while (true) {
    try {
      await service.probe(context)
      context.progress.step(service.name, `healthy at ${service.address(context)} (${((Date.now() - startedAt) / 1000).toFixed(1)}s)`)
      return
    } catch (error) {
      lastError = (error as Error).message
    }
    if (!(await isRecordedProcessRunning(record))) {
      await removePidRecord(context.layout.pidFile(service.name))
      const log = context.layout.log(service.name)
      throw new SluiceError('STACK_START_FAILED', `${service.name} exited during start-up. Last lines of ${log}:\n${await tailOfFile(log, 20)}`, {
        hint: `Read ${log}; \`sluice stack logs ${service.name}\` shows more.`
      })
    }
    if (Date.now() > deadline) {
      throw new SluiceError('STACK_START_FAILED', `${service.name} (pid ${record.pid}) did not answer within ${context.config.stack.startTimeoutMs / 1000}s: ${lastError}`, {
        hint: `Read ${context.layout.log(service.name)}; a slow machine may need a longer SLUICE_STACK_START_TIMEOUT.`
      })
    }
    await sleep(500)
  }
}

async function startService (context: StackContext, service: LocalService): Promise<void> {
  let record = await runningRecord(context, service)
  if (record !== undefined) {
    context.progress.step(service.name, `already running (pid ${record.pid})`)
  } else {
    await removePidRecord(context.layout.pidFile(service.name))
    for (const endpoint of service.listens(context)) {
      if (await isPortAnswering(endpoint.host, endpoint.port)) {
        throw new SluiceError('STACK_START_FAILED', `${formatEndpoint(endpoint)}, needed by ${service.name}, is already in use by a process this stack did not start`, {
          hint: `Find it with \`ss -ltnp 'sport = :${endpoint.port}'\` and stop it, or move ${service.name} to another port (see \`sluice config\`).`
        })
      }
    }
    const spec = await service.prepare(context)
    record = await launchDetached(spec, context.layout.log(service.name))
    await writePidRecord(context.layout.pidFile(service.name), record)
    context.progress.step(service.name, `started (pid ${record.pid}), waiting until it answers`)
  }
  await waitUntilHealthy(context, service, record)
}

export async function stackUp (context: StackContext, services: LocalService[] = stackServices, extraPackages: string[] = extraDebianPackages): Promise<void> {
  await mkdir(context.layout.home, { recursive: true })
  const debianPackages = [...new Set([...services.flatMap((service) => service.debianPackages ?? []), ...extraPackages])]
  const missingPackages = await missingDebianPackages(debianPackages)
  await checkPrerequisites(services, missingPackages)
  // Each service starts as soon as its own download and its dependencies are ready, so the
  // Java services run while the S3 server is still being built on a cold cache.
  const debianReady = withHeartbeat(context, 'apt', ensureDebianPackages(missingPackages, services.flatMap((service) => service.distroUsers ?? []), context.progress))
  const started = new Map<string, Promise<void>>()
  for (const service of services) {
    const ready = [
      withHeartbeat(context, service.name, service.install(context)),
      ...(service.debianPackages !== undefined ? [debianReady] : []),
      ...(service.dependsOn ?? []).map((name) => started.get(name))
    ]
    started.set(service.name, Promise.all(ready).then(async () => startService(context, service)))
  }
  const results = await Promise.allSettled([debianReady, ...started.values()])
  const failures = [...new Set(results.filter((result) => result.status === 'rejected').map((result) => result.reason as Error))]
  if (failures.length === 1) throw failures[0]
  if (failures.length > 1) {
    throw new SluiceError('STACK_START_FAILED', failures.map((failure) => failure.message).join('\n\n'), {
      hint: '`sluice stack status` shows which services are up; `sluice stack logs SERVICE` shows why one failed.'
    })
  }
}

async function stopService (context: StackContext, service: LocalService): Promise<void> {
  const pidFile = context.layout.pidFile(service.name)
  const record = await readPidRecord(pidFile)
  if (record === undefined) {
    context.progress.step(service.name, 'not running')
  } else if (await stopProcess(record, service.stopGraceMs ?? 30_000)) {
    context.progress.step(service.name, `stopped (pid ${record.pid})`)
  } else {
    context.progress.step(service.name, `not running (stale pid file for ${record.pid} removed)`)
  }
  await removePidRecord(pidFile)
}

/** Services nothing depends on stop first, so the S3 server does not lose Kafka mid-event. */
export async function stackDown (context: StackContext, services: LocalService[] = stackServices): Promise<void> {
  const dependedOn = new Set(services.flatMap((service) => service.dependsOn ?? []))
  await Promise.all(services.filter((service) => !dependedOn.has(service.name)).map(async (service) => stopService(context, service)))
  await Promise.all(services.filter((service) => dependedOn.has(service.name)).map(async (service) => stopService(context, service)))
}

export interface ServiceStatus {
  name: string
  address: string
  healthy: boolean
  pid: number | undefined
  detail: string
}

export async function stackStatus (context: StackContext, services: LocalService[] = stackServices): Promise<ServiceStatus[]> {
  return Promise.all(services.map(async (service) => {
    const record = await runningRecord(context, service)
    let healthy = true
    let detail = record !== undefined ? `pid ${record.pid}` : 'answering, but not started by `sluice stack up`'
    try {
      await service.probe(context)
    } catch (error) {
      healthy = false
      detail = `${record !== undefined ? `pid ${record.pid}` : 'not running'}; ${(error as Error).message}`
    }
    return { name: service.name, address: service.address(context), healthy, pid: record?.pid, detail }
  }))
}
