// Running installer tools (mvn, go, apt-get, tar) to completion, with their output kept for
// the error message: a failed download must say what the registry answered.
import { spawn } from 'node:child_process'
import { SluiceError } from '../../lib/errors.ts'

export interface ToolRun { command: string, args: string[], env?: Record<string, string>, cwd?: string }

export async function runTool (run: ToolRun, what: string): Promise<string> {
  const output: Buffer[] = []
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(run.command, run.args, { cwd: run.cwd, env: { ...process.env, ...run.env }, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk))
    child.once('error', reject)
    child.once('close', resolve)
  })
  const text = Buffer.concat(output).toString('utf8')
  if (code !== 0) {
    const tail = text.trim().split('\n').slice(-25).join('\n')
    throw new SluiceError('STACK_INSTALL_FAILED', `${what} failed (\`${run.command} ${run.args.join(' ')}\` exited with ${code}):\n${tail}`, {
      hint: 'Read the tool output above: a registry refusing an artifact means that version is not available; pick another with the SLUICE_STACK_* version settings.'
    })
  }
  return text
}
