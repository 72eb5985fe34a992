// Runs a child process to its end and hands back its exit code and output, for tests that drive a
// command-line program (the sluice CLI, helm, the chart validator) the way a user would.
import { spawn } from 'node:child_process'
import type { Readable } from 'node:stream'
import { repositoryPath } from './repository.ts'

export interface ProcessRun {
  code: number | null
  stdout: string
  stderr: string
}

export interface RunProcessOptions {
  /** The child's whole environment; the test's own when absent. */
  env?: NodeJS.ProcessEnv
  /** Written to the child's stdin, which is then closed; without it stdin is closed at once. */
  input?: string | Readable
  /** SIGKILL the child after this long, so a hung program fails its test instead of the whole run. */
  killAfterMs?: number
}

export async function runProcess (command: string, args: string[], options: RunProcessOptions = {}): Promise<ProcessRun> {
  return await new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
    const killer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs)
    child.once('error', (error) => { clearTimeout(killer); reject(error) })
    child.once('close', (code) => { clearTimeout(killer); resolve({ code, stdout, stderr }) })
    if (typeof options.input === 'object') options.input.pipe(child.stdin)
    else child.stdin.end(options.input ?? '')
  })
}

/** `sluice <args>` with this repository's CLI on the Node that runs the tests. */
export async function runSluice (args: string[], options: RunProcessOptions = {}): Promise<ProcessRun> {
  return await runProcess(process.execPath, [repositoryPath('bin/sluice.js'), ...args], options)
}
