// Debian packages (ClickHouse, Prometheus, poppler, Chromium) are installed once for the machine.
// Their maintainer scripts may start a distro-wide service on our ports (where policy allows);
// the stack runs its own instances with its own config and data, so any such service is
// stopped right after.
import { readdir, readFile } from 'node:fs/promises'
import { SluiceError } from '../../lib/errors.ts'
import type { Progress } from './progress.ts'
import { runTool } from './run-tool.ts'

export async function missingDebianPackages (packages: string[]): Promise<string[]> {
  const missing: string[] = []
  for (const name of packages) {
    try {
      // eslint-disable-next-line no-template-curly-in-string -- dpkg-query's format syntax, not JavaScript's
      const status = await runTool({ command: 'dpkg-query', args: ['-W', '-f=${Status}', name] }, `checking package ${name}`)
      if (!status.includes('install ok installed')) missing.push(name)
    } catch {
      missing.push(name)
    }
  }
  return missing
}

export async function ensureDebianPackages (packages: string[], distroUsers: string[], progress: Progress): Promise<void> {
  const missing = await missingDebianPackages(packages)
  if (missing.length === 0) return
  if (process.getuid?.() !== 0) {
    throw new SluiceError('STACK_PREREQUISITE_MISSING', `Debian packages not installed: ${missing.join(', ')}`, {
      hint: `Run \`sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}\` once, or run \`sluice stack up\` as root.`
    })
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' }
  progress.step('apt', `apt-get update (to install ${missing.join(', ')})`)
  await runTool({ command: 'apt-get', args: ['update'], env }, 'apt-get update')
  progress.step('apt', `apt-get install ${missing.join(' ')}`)
  await runTool({ command: 'apt-get', args: ['install', '-y', '--no-install-recommends', ...missing], env }, `installing ${missing.join(', ')}`)
  await stopProcessesOfUsers(distroUsers, progress)
}

/**
 * A package's init script may start its service as the package's system user. Those processes
 * (and only those: ours run as the invoking user) are stopped, by pid. The init scripts' own
 * `stop` is not used because ClickHouse's stops every clickhouse-server on the machine.
 */
async function stopProcessesOfUsers (userNames: string[], progress: Progress): Promise<void> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '')
  const uids = new Set(passwd.split('\n').map((line) => line.split(':')).filter((fields) => userNames.includes(fields[0] ?? '')).map((fields) => fields[2]))
  if (uids.size === 0) return
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '')
    const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1]
    if (uid === undefined || !uids.has(uid)) continue
    progress.step('apt', `stopping pid ${entry}, started by the Debian package's service`)
    try {
      process.kill(Number(entry), 'SIGTERM')
    } catch {}
  }
}
