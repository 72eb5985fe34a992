import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { test } from 'node:test'
import { createProcessorMetrics, startProcessorMetricsServer } from '../../../../consumers/processor/metrics.ts'
import type { ExtractionPool } from '../../../../lib/extraction/pool.ts'
import { createMetricsRegistry } from '../../../../lib/metrics/server.ts'
import { sampleValue } from '../../../support/prometheus-text.ts'

// Only the gauges' read-out of the pool is under test, so a plain object stands in for it.
const pool = { threads: 4, busy: 3, waiting: 2 } as unknown as ExtractionPool

test('pool gauges are sampled at scrape time and document counters carry bounded labels', async () => {
  const registry = createMetricsRegistry('processor')
  const metrics = createProcessorMetrics(registry, pool)
  metrics.documents.inc({ door: 'bucket', status: 'failed', reason: 'timeout' })
  metrics.stageSeconds.observe({ stage: 'extract' }, 0.2)
  const text = await registry.metrics()
  assert.equal(sampleValue(text, 'sluice_processor_worker_pool_utilization_ratio', { component: 'processor' }), 0.75)
  assert.equal(sampleValue(text, 'sluice_processor_worker_pool_waiting_documents', {}), 2)
  assert.equal(sampleValue(text, 'sluice_processor_documents_total', { door: 'bucket', status: 'failed', reason: 'timeout' }), 1)
  assert.equal(sampleValue(text, 'sluice_processor_stage_duration_seconds_bucket', { le: '0.1', stage: 'extract' }), 0)
  assert.equal(sampleValue(text, 'sluice_processor_stage_duration_seconds_bucket', { le: '0.25', stage: 'extract' }), 1)
})

test('a busy metrics port makes the server take the next free one', async () => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()))
  const busyPort = (blocker.address() as { port: number }).port
  const registry = createMetricsRegistry('processor')
  const server = await startProcessorMetricsServer(registry, busyPort, '127.0.0.1')
  try {
    assert.ok(server.port > busyPort && server.port <= busyPort + 20)
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`)
    assert.equal(response.status, 200)
  } finally {
    await server.close()
    blocker.close()
  }
})
