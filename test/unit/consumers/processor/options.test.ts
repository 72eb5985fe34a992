import assert from 'node:assert/strict'
import { test } from 'node:test'
import { processorOptions } from '../../../../consumers/processor/options.ts'
import { loadConfig } from '../../../../lib/config/index.ts'
import { isSluiceError } from '../../../../lib/errors.ts'

test('workers and concurrency come from the settings unless overridden, each from 1 to 256', () => {
  const config = loadConfig({ SLUICE_PROCESSOR_WORKERS: '3', SLUICE_PROCESSOR_CONCURRENCY: '5' })
  const options = processorOptions(config)
  assert.equal(options.workers, 3)
  assert.equal(options.concurrency, 5)
  assert.equal(processorOptions(config, { workers: 1, concurrency: 256 }).workers, 1)
  for (const overrides of [{ workers: 0 }, { concurrency: 257 }, { workers: 2.5 }]) {
    assert.throws(() => processorOptions(config, overrides), (error) => isSluiceError(error, 'USAGE'), JSON.stringify(overrides))
  }
})

test('the first metrics port comes from SLUICE_METRICS_PROCESSOR_PORT unless overridden, from 0 to 65535', () => {
  const config = loadConfig({ SLUICE_METRICS_PROCESSOR_PORT: '9500' })
  assert.equal(processorOptions(config).metricsPort, 9500)
  assert.equal(processorOptions(config, { metricsPort: 0 }).metricsPort, 0)
  assert.throws(() => processorOptions(config, { metricsPort: 65536 }), (error) => isSluiceError(error, 'USAGE'))
})
