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

async function installAll (context: StackContext, services: LocalService[], extraPackages: string[]): Promise<void> {
  const debianPackages = [...new Set([...services.flatMap((service) => service.debianPackages ?? []), ...extraPackages])]
  const missingPackages = await missingDebianPackages(debianPackages)
  const needed: Prerequisite[] = services.flatMap((service) => service.prerequisites).filter((item) => item !== prerequisites.apt)
  if (missingPackages.length > 0) needed.push(prerequisites.apt)
  await requirePrerequisites(needed)
  await Promise.all([
    ensureDebianPackages(missingPackages, services.flatMap((service) => service.distroServices ?? []), context.progress),
    ...services.map(async (service) => service.install(context))
  ])
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
  await installAll(context, services, extraPackages)
  const started = new Map<string, Promise<void>>()
  for (const service of services) {
    const dependencies = (service.dependsOn ?? []).map((name) => started.get(name)).filter((promise) => promise !== undefined)
    started.set(service.name, Promise.all(dependencies).then(async () => startService(context, service)))
  }
  const results = await Promise.allSettled(started.values())
  const failures = results.filter((result) => result.status === 'rejected').map((result) => result.reason as Error)
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
    let detail = record !== undefined ? `pid ${record.pid}` : 'not started by sluice stack'
    try {
      await service.probe(context)
    } catch (error) {
      healthy = false
      detail = `${detail}; ${(error as Error).message}`
    }
    return { name: service.name, address: service.address(context), healthy, pid: record?.pid, detail }
  }))
}
