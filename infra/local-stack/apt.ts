// Debian packages (ClickHouse, Prometheus, poppler) are installed once for the machine.
// Their maintainer scripts may start a distro-wide service on our ports; the stack runs its
// own instances with its own config and data, so any such service is stopped right after.
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

export async function ensureDebianPackages (packages: string[], distroServices: string[], progress: Progress): Promise<void> {
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
  for (const service of distroServices) {
    await runTool({ command: 'sh', args: ['-c', `command -v service >/dev/null && service ${service} stop || true`] }, `stopping the distro's ${service} service`)
  }
}
