import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sinkOptions } from '../../../../consumers/sink/options.ts'
import { loadConfig } from '../../../../lib/config/index.ts'
import { isSluiceError } from '../../../../lib/errors.ts'

test('the sink serves metrics on SLUICE_METRICS_SINK_PORT unless told otherwise', () => {
  const config = loadConfig({ SLUICE_METRICS_SINK_PORT: '9778' })
  assert.equal(sinkOptions(config).metricsPort, 9778)
  assert.equal(sinkOptions(config, { metricsPort: 0 }).metricsPort, 0)
  assert.throws(() => sinkOptions(config, { metricsPort: 65_536 }), (error) => isSluiceError(error, 'USAGE'))
})
