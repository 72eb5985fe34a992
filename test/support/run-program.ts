// Running a program (most often `sluice` itself) to its end and keeping what it printed, for
// tests that check a command's exit code and output.
import { spawn } from 'node:child_process'
import { repositoryPath } from './repository.ts'

export interface ProgramRun {
  code: number | null
  stdout: string
  stderr: string
}

/** `input` is written to the program's stdin; without it stdin is closed. */
export async function runProgram (command: string, args: string[], options: { env?: NodeJS.ProcessEnv, input?: string } = {}): Promise<ProgramRun> {
  return await new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin?.end(options.input)
  })
}

/** `sluice <args>` from this checkout, on the Node that runs the tests. */
export async function runSluice (args: string[], env?: NodeJS.ProcessEnv): Promise<ProgramRun> {
  return await runProgram(process.execPath, [repositoryPath('bin/sluice.js'), ...args], { env })
}
