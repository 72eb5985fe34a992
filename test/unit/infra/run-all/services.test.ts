import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseServiceList, pipelineServices } from '../../../../infra/run-all/services.ts'

test('the whole pipeline: doors stop first, then processors, then the sink', () => {
  const specs = pipelineServices({ processors: 2, workers: 3 })
  assert.deepEqual(specs.map((spec) => [spec.name, spec.args.join(' '), spec.stopRank]), [
    ['api', 'api', 0],
    ['bridge', 'bridge', 0],
    ['processor-1', 'processor --workers 3', 1],
    ['processor-2', 'processor --workers 3', 1],
    ['sink', 'sink', 2]
  ])
})

test('one processor keeps its plain name, and the worker count is left to the configuration by default', () => {
  const specs = pipelineServices({ processors: 1, only: ['processor', 'sink'] })
  assert.deepEqual(specs.map((spec) => [spec.name, spec.args.join(' ')]), [['processor', 'processor'], ['sink', 'sink']])
})

test('service lists are checked', () => {
  assert.deepEqual(parseServiceList('api, sink'), ['api', 'sink'])
  assert.throws(() => parseServiceList('api,kafka'), /unknown service "kafka"/)
})
