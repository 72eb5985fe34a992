// Refuses the one configuration that is unsafe by default: the API reachable from other machines
// while it still accepts the built-in development key, which is printed in every README and
// example. On loopback only this machine can use that key, which is what it is for.
import { isIP } from 'node:net'
import type { Config } from '../../lib/config/index.ts'
import { settings } from '../../lib/config/settings.ts'
import { SluiceError } from '../../lib/errors.ts'

/** The key accepted when SLUICE_API_KEYS is not set (the setting's default, its one home). */
export const developmentApiKey = settings.api.keys.default

export function isLoopbackHost (host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (bare === 'localhost' || bare === '::1') return true
  return isIP(bare) === 4 && bare.startsWith('127.')
}

/** Throws INSECURE_CONFIG when a non-loopback host would accept the development key. */
export function assertSafeExposure (config: Pick<Config, 'api'>): void {
  if (isLoopbackHost(config.api.host) || !config.api.keys.includes(developmentApiKey)) return
  throw new SluiceError('INSECURE_CONFIG', `Refusing to listen on ${config.api.host} with the built-in development API key "${developmentApiKey}": anyone who can reach this address could use it.`, {
    hint: 'Set SLUICE_API_KEYS to your own keys (comma separated, e.g. SLUICE_API_KEYS="$(openssl rand -hex 32)"), or listen on 127.0.0.1 (SLUICE_API_HOST).'
  })
}
