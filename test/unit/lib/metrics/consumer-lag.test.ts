import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Admin } from 'kafkajs'
import { Registry } from 'prom-client'
import { computeLag, startConsumerLagExporter } from '../../../../lib/metrics/consumer-lag.ts'

test('lag is the high watermark minus the committed offset, per partition', () => {
  const lag = computeLag(
    [{ partition: 1, offset: '40' }, { partition: 0, offset: '10' }],
    [{ partition: 0, high: '15', low: '0' }, { partition: 1, high: '40', low: '0' }]
  )
  assert.deepEqual(lag, [{ partition: 0, lag: 5 }, { partition: 1, lag: 0 }])
})

test('a partition the group never committed counts every retained message', () => {
  const lag = computeLag(
    [{ partition: 0, offset: '-1' }],
    [{ partition: 0, high: '120', low: '20' }, { partition: 1, high: '7', low: '0' }]
  )
  assert.deepEqual(lag, [{ partition: 0, lag: 100 }, { partition: 1, lag: 7 }])
})

test('a commit below the log start (retention deleted the rest) counts from the log start', () => {
  assert.deepEqual(computeLag([{ partition: 0, offset: '5' }], [{ partition: 0, high: '50', low: '30' }]), [{ partition: 0, lag: 20 }])
})

test('lag is never negative, even if the watermark read races a newer commit', () => {
  assert.deepEqual(computeLag([{ partition: 0, offset: '60' }], [{ partition: 0, high: '50', low: '0' }]), [{ partition: 0, lag: 0 }])
})

function fakeAdmin (state: { committed: Record<string, Array<{ partition: number, offset: string }>>, watermarks: Record<string, Array<{ partition: number, high: string, low: string }>> }): Admin {
  return {
    fetchOffsets: async ({ topics }: { topics: string[] }) => topics.map((topic) => ({
      topic,
      partitions: (state.committed[topic] ?? []).map((entry) => ({ ...entry, metadata: null }))
    })),
    fetchTopicOffsets: async (topic: string) => (state.watermarks[topic] ?? []).map((entry) => ({ ...entry, offset: entry.high }))
  } as unknown as Admin
}

test('the exporter sets one gauge series per group, topic and partition and drops vanished ones', async () => {
  const registry = new Registry()
  const state = {
    committed: { a: [{ partition: 0, offset: '3' }, { partition: 1, offset: '-1' }] },
    watermarks: { a: [{ partition: 0, high: '10', low: '0' }, { partition: 1, high: '4', low: '0' }], b: [{ partition: 0, high: '2', low: '0' }] }
  }
  const exporter = startConsumerLagExporter({ admin: fakeAdmin(state), groupId: 'g1', topics: ['a', 'b'], registry, intervalMs: 60_000 })
  try {
    await exporter.refresh()
    const text = await registry.metrics()
    assert.match(text, /sluice_kafka_consumer_lag_messages\{group="g1",topic="a",partition="0"\} 7/)
    assert.match(text, /sluice_kafka_consumer_lag_messages\{group="g1",topic="a",partition="1"\} 4/)
    assert.match(text, /sluice_kafka_consumer_lag_messages\{group="g1",topic="b",partition="0"\} 2/)

    state.watermarks.a = [{ partition: 0, high: '10', low: '0' }]
    state.committed.a = [{ partition: 0, offset: '10' }]
    await exporter.refresh()
    const after = await registry.metrics()
    assert.match(after, /topic="a",partition="0"\} 0/)
    assert.doesNotMatch(after, /topic="a",partition="1"/)
  } finally {
    exporter.stop()
  }
})

test('a failing refresh is reported and the next one recovers', async () => {
  const registry = new Registry()
  let fail = true
  const errors: Error[] = []
  const admin = {
    fetchOffsets: async () => {
      if (fail) throw new Error('broker unreachable')
      return [{ topic: 't', partitions: [{ partition: 0, offset: '1', metadata: null }] }]
    },
    fetchTopicOffsets: async () => [{ partition: 0, offset: '5', high: '5', low: '0' }]
  } as unknown as Admin
  const exporter = startConsumerLagExporter({ admin, groupId: 'g', topics: ['t'], registry, intervalMs: 60_000, onError: (error) => errors.push(error) })
  try {
    await assert.rejects(exporter.refresh(), /broker unreachable/)
    fail = false
    await exporter.refresh()
    assert.match(await registry.metrics(), /partition="0"\} 4/)
    assert.ok(errors.length >= 1)
  } finally {
    exporter.stop()
  }
})

test('a retriable broker error (coordinator moving) is retried within one refresh', async () => {
  const registry = new Registry()
  let calls = 0
  const admin = {
    fetchOffsets: async () => {
      calls++
      if (calls < 3) throw Object.assign(new Error('This is not the correct coordinator for this group'), { retriable: true })
      return [{ topic: 't', partitions: [{ partition: 0, offset: '2', metadata: null }] }]
    },
    fetchTopicOffsets: async () => [{ partition: 0, offset: '5', high: '5', low: '0' }]
  } as unknown as Admin
  const exporter = startConsumerLagExporter({ admin, groupId: 'g', topics: ['t'], registry, intervalMs: 60_000 })
  try {
    await exporter.refresh()
    assert.match(await registry.metrics(), /partition="0"\} 3/)
    assert.equal(calls, 3)
  } finally {
    exporter.stop()
  }
})
