import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from '../../../../lib/config/index.ts'
import { isSluiceError } from '../../../../lib/errors.ts'
import { bridgeOptions } from '../../../../producers/bucket-bridge/options.ts'

test('the bridge serves metrics on SLUICE_METRICS_BRIDGE_PORT and rescans objects older than a minute by default', () => {
  const config = loadConfig({ SLUICE_METRICS_BRIDGE_PORT: '9777' })
  assert.deepEqual({ ...bridgeOptions(config), config: undefined }, { config: undefined, metricsPort: 9777, rescanMinAgeMs: 60_000 })
  assert.equal(bridgeOptions(config, { metricsPort: 0, rescanMinAgeMs: 0 }).rescanMinAgeMs, 0)
  assert.throws(() => bridgeOptions(config, { metricsPort: 70_000 }), (error) => isSluiceError(error, 'USAGE'))
  assert.throws(() => bridgeOptions(config, { rescanMinAgeMs: -1 }), (error) => isSluiceError(error, 'USAGE'))
  assert.equal(bridgeOptions(loadConfig({ SLUICE_BRIDGE_RESCAN_MIN_AGE: '10s' })).rescanMinAgeMs, 10_000)
  assert.equal(config.bridge.rescanIntervalMs, 300_000, 'rescans are on by default: notifications lost while Kafka was down are found again')
})
