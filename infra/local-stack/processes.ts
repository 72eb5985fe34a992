// Starting service processes so they outlive the `sluice stack up` command, and stopping
// exactly those processes again.
import { spawn } from 'node:child_process'
import { mkdir, open, readFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { isRecordedProcessRunning, type PidRecord } from './pid-file.ts'

export interface LaunchSpec {
  command: string
  args: string[]
  env?: Record<string, string>
  cwd?: string
  /** A string unique to this SLUICE_HOME that appears in the command line (usually a path). */
  marker: string
}

/** Starts a detached process (own process group) writing stdout and stderr to `logFile`. */
export async function launchDetached (spec: LaunchSpec, logFile: string): Promise<PidRecord> {
  await mkdir(path.dirname(logFile), { recursive: true })
  const log = await open(logFile, 'a')
  try {
    await log.write(`\n==== ${new Date().toISOString()} starting: ${spec.command} ${spec.args.join(' ')}\n`)
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      detached: true,
      stdio: ['ignore', log.fd, log.fd]
    })
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject)
      child.once('spawn', () => resolve(child.pid as number))
    })
    child.unref()
    return { pid, marker: spec.marker, startedAt: new Date().toISOString() }
  } finally {
    await log.close()
  }
}

/** SIGTERM, then SIGKILL after `graceMs`. Returns false when the process had already gone. */
export async function stopProcess (record: PidRecord, graceMs: number): Promise<boolean> {
  if (!(await isRecordedProcessRunning(record))) return false
  signal(record.pid, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline) {
    if (!(await isRecordedProcessRunning(record))) return true
    await sleep(200)
  }
  signal(record.pid, 'SIGKILL')
  while (await isRecordedProcessRunning(record)) await sleep(100)
  return true
}

function signal (pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

export async function tailOfFile (file: string, lines: number): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '')
  return text.split('\n').slice(-lines - 1).join('\n')
}
