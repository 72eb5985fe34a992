// /healthz and /readyz of the metrics server that the processor, sink and bridge run, over real
// HTTP: not ready until every declared check is registered and passes; a failing or throwing
// check makes it 503 and says which.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Readiness } from '../../../../lib/health/readiness.ts'
import { createMetricsRegistry, startMetricsServer } from '../../../../lib/metrics/server.ts'

async function get (port: number, path: string): Promise<{ status: number, body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`)
  const text = await response.text()
  return { status: response.status, body: response.headers.get('content-type')?.startsWith('application/json') === true ? JSON.parse(text) : text }
}

test('/readyz is 503 until every declared check is registered and passes; /healthz answers throughout', async () => {
  const readiness = new Readiness(['kafka', 'clickhouse'])
  const server = await startMetricsServer(createMetricsRegistry('sink'), 0, '127.0.0.1', readiness)
  try {
    assert.deepEqual(await get(server.port, '/healthz'), { status: 200, body: { status: 'ok' } })
    assert.deepEqual(await get(server.port, '/readyz'), {
      status: 503,
      body: { status: 'unavailable', checks: { kafka: { ok: false, error: 'starting' }, clickhouse: { ok: false, error: 'starting' } } }
    })
    let clickhouseUp = false
    readiness.set('kafka', () => ({ ok: true, detail: '3 partitions assigned' }))
    readiness.set('clickhouse', async () => {
      if (!clickhouseUp) throw new Error('connect ECONNREFUSED')
      return { ok: true }
    })
    assert.deepEqual(await get(server.port, '/readyz'), {
      status: 503,
      body: { status: 'unavailable', checks: { kafka: { ok: true, detail: '3 partitions assigned' }, clickhouse: { ok: false, error: 'connect ECONNREFUSED' } } }
    })
    clickhouseUp = true
    assert.deepEqual(await get(server.port, '/readyz'), {
      status: 200,
      body: { status: 'ready', checks: { kafka: { ok: true, detail: '3 partitions assigned' }, clickhouse: { ok: true } } }
    })
    assert.equal((await get(server.port, '/healthz')).status, 200)
    assert.equal((await get(server.port, '/metrics')).status, 200)
    assert.equal((await get(server.port, '/nothing')).status, 404)
  } finally {
    await server.close()
  }
})

test('a check that was not declared is a programming error', () => {
  const readiness = new Readiness(['kafka'])
  assert.throws(() => readiness.set('s3', () => ({ ok: true })), /not declared/)
})

test('without a readiness the server keeps serving only /metrics', async () => {
  const server = await startMetricsServer(createMetricsRegistry('lag'), 0, '127.0.0.1')
  try {
    assert.equal((await get(server.port, '/metrics')).status, 200)
    assert.equal((await get(server.port, '/healthz')).status, 404)
    assert.equal((await get(server.port, '/readyz')).status, 404)
  } finally {
    await server.close()
  }
})
