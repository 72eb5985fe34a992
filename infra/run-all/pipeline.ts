// Starting the pipeline's services for programs that drive it (demo, benchmark): children of
// this process, their logs written to a file instead of the terminal, returning once they take work.
import { createWriteStream, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Config } from '../../lib/config/index.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { formatLogLine } from './log-lines.ts'
import { waitForGroupMembers, waitForHttpOk, unlessAServiceExits } from './readiness.ts'
import { pipelineServices, type PipelineShape } from './services.ts'
import { startServices, type ServiceGroup } from './supervisor.ts'

const stopSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

export interface BackgroundPipeline {
  group: ServiceGroup
  logFile: string
  /** Stops the services and closes the log file. */
  stop: () => Promise<void>
}

export async function startBackgroundPipeline (config: Config, shape: PipelineShape, options: { logFile: string, env?: NodeJS.ProcessEnv, readyTimeoutMs?: number }): Promise<BackgroundPipeline> {
  mkdirSync(dirname(options.logFile), { recursive: true })
  const log = createWriteStream(options.logFile, { flags: 'a' })
  const specs = pipelineServices(shape)
  const nameWidth = Math.max(...specs.map((spec) => spec.name.length))
  const group = startServices(specs, {
    env: options.env,
    onLine: (service, line) => log.write(formatLogLine(service, line, { nameWidth, color: false }) + '\n')
  })
  // The services run in their own process groups, so a Ctrl-C, a kill or a closed terminal
  // reaches only this process: stop them before going, or they would outlive it.
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`${signal} received: stopping the services (logs: ${options.logFile})...\n`)
    group.stop(10_000).finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15)))
  }
  for (const signal of stopSignals) process.once(signal, onSignal)
  const stop = async (): Promise<void> => {
    for (const signal of stopSignals) process.removeListener(signal, onSignal)
    await group.stop()
    await new Promise<void>((resolve) => log.end(resolve))
  }
  try {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000)
    const names = new Set(specs.map((spec) => spec.name.replace(/-\d+$/, '')))
    const admin = createKafka(config, 'readiness').admin()
    await unlessAServiceExits((async () => {
      if (names.has('api')) await waitForHttpOk(`http://${config.api.host}:${config.api.port}/readyz`, deadline)
      await admin.connect()
      const groups = [
        ...(names.has('bridge') ? [config.bridge.groupId] : []),
        ...(names.has('processor') ? [config.processor.groupId] : []),
        ...(names.has('sink') ? [config.sink.groupId] : [])
      ]
      try {
        await waitForGroupMembers(admin, groups, deadline)
      } finally {
        await admin.disconnect()
      }
    })(), group.firstUnexpectedExit)
  } catch (error) {
    await stop()
    throw error
  }
  return { group, logFile: options.logFile, stop }
}
