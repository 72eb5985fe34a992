import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from '../../../../lib/config/index.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import { apiOptions } from '../../../../producers/api/options.ts'

test('the API listens on SLUICE_API_PORT unless told otherwise; 0 picks a free port; anything else is USAGE', () => {
  const config = loadConfig({ SLUICE_API_PORT: '8181' })
  assert.equal(apiOptions(config).port, 8181)
  assert.equal(apiOptions(config, { port: 0 }).port, 0)
  for (const port of [-1, 65_536, 1.5]) assert.throws(() => apiOptions(config, { port }), (error) => isSluiceError(error, 'USAGE'), String(port))
})
