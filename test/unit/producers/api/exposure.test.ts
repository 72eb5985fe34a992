import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadConfig } from '../../../../lib/config/index.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import { assertSafeExposure, developmentApiKey, isLoopbackHost } from '../../../../producers/api/exposure.ts'
import { repositoryPath } from '../../../support/repository.ts'

test('loopback hosts are recognised, everything else is not', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]']) assert.equal(isLoopbackHost(host), true, host)
  for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'api.example.com', '::ffff:10.0.0.1', '128.0.0.1']) assert.equal(isLoopbackHost(host), false, host)
})

test('the development key is refused on a non-loopback address, with a stable code and how to set keys', () => {
  const config = (env: Record<string, string>): ReturnType<typeof loadConfig> => loadConfig({ ...env })
  assert.equal(developmentApiKey, 'sluice-dev-key')
  assertSafeExposure(config({}))
  assertSafeExposure(config({ SLUICE_API_HOST: '0.0.0.0', SLUICE_API_KEYS: 'a-real-secret' }))
  const unsafe: Array<Record<string, string>> = [{ SLUICE_API_HOST: '0.0.0.0' }, { SLUICE_API_HOST: '::', SLUICE_API_KEYS: `a-real-secret,${developmentApiKey}` }]
  for (const env of unsafe) {
    assert.throws(() => assertSafeExposure(config(env)), (error: unknown) => {
      return isSluiceError(error, 'INSECURE_CONFIG') && /SLUICE_API_KEYS/.test(error.hint ?? '') && error.message.includes(env.SLUICE_API_HOST as string)
    })
  }
})

test('`sluice api` exits with a usage error before touching any service', async () => {
  const { execFile } = await import('node:child_process')
  const env: NodeJS.ProcessEnv = { ...process.env, SLUICE_API_HOST: '0.0.0.0', SLUICE_KAFKA_BROKERS: '127.0.0.1:1' }
  delete env.SLUICE_API_KEYS
  const result = await new Promise<{ code: number | null, stderr: string }>((resolve) => {
    execFile(process.execPath, [repositoryPath('bin/sluice.js'), 'api'], {
      env,
      timeout: 30_000
    }, (error, _stdout, stderr) => resolve({ code: error === null ? 0 : (error as { code?: number }).code ?? null, stderr }))
  })
  assert.equal(result.code, 2, result.stderr)
  assert.match(result.stderr, /\[INSECURE_CONFIG\].*development API key/)
  assert.match(result.stderr, /SLUICE_API_KEYS/)
})
