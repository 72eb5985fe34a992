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
  const stop = async (): Promise<void> => {
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
