// The readiness checks of the headless services against the real local stack: group membership
// followed through a real Kafka consumer group (assigned, idle beyond the partition count,
// stopped), and the S3 and ClickHouse checks against the real servers and unreachable ones.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, test } from 'node:test'
import type { Consumer } from 'kafkajs'
import { clickHouseOptions, createClickHouse } from '../../../../lib/clickhouse/client.ts'
import { loadConfig } from '../../../../lib/config/index.ts'
import { consumerGroupCheck } from '../../../../lib/health/consumer-group.ts'
import { clickHouseCheck, s3BucketCheck } from '../../../../lib/health/dependencies.ts'
import type { CheckResult, ReadinessCheck } from '../../../../lib/health/readiness.ts'
import { createKafka } from '../../../../lib/kafka/client.ts'
import { createS3Client, ensureBuckets } from '../../../../lib/s3/client.ts'
import { waitFor } from '../../../support/wait.ts'

const config = loadConfig()
const cleanups: Array<() => Promise<void>> = []
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
})

async function until (check: ReadinessCheck, wanted: (result: CheckResult) => boolean, timeoutMs = 30_000): Promise<CheckResult> {
  let last: CheckResult | undefined
  return await waitFor(async () => {
    last = await check()
    return wanted(last) ? last : undefined
  }, { what: 'the readiness check to change', timeoutMs, progress: () => `readiness stayed ${JSON.stringify(last)}` })
}

test('a member is ready once it joined the group, with or without partitions, and not after it stopped', { timeout: 120_000 }, async () => {
  const kafka = createKafka(config, 'readiness-test')
  const topic = `sluice-readiness-${randomUUID()}`
  const groupId = `sluice-readiness-${randomUUID()}`
  const admin = kafka.admin()
  await admin.connect()
  cleanups.push(async () => {
    await admin.deleteTopics({ topics: [topic] })
    await admin.disconnect()
  })
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
  const join = async (): Promise<{ consumer: Consumer, check: ReadinessCheck }> => {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, rebalanceTimeout: 6000 })
    const check = consumerGroupCheck(consumer)
    cleanups.push(async () => consumer.disconnect())
    assert.deepEqual(await check(), { ok: false, error: 'not yet a member of the consumer group' })
    await consumer.connect()
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    await consumer.run({ eachMessage: async () => {} })
    return { consumer, check }
  }
  const first = await join()
  assert.deepEqual(await until(first.check, (result) => result.ok), { ok: true, detail: '1 partitions assigned' })
  const second = await join()
  // One partition, two members: after the rebalance one holds it and the other is idle, both ready.
  const expected = ['1 partitions assigned', 'idle: no partition assigned (the group has more members than partitions)']
  const both: ReadinessCheck = async () => {
    const details = [(await first.check()).detail, (await second.check()).detail].sort()
    return { ok: JSON.stringify(details) === JSON.stringify(expected), detail: details.join(' / ') }
  }
  await until(both, (result) => result.ok)
  await second.consumer.stop()
  assert.deepEqual(await second.check(), { ok: false, error: 'the consumer stopped' })
})

test('the S3 check passes for an existing bucket and fails for a missing one or an unreachable server', async () => {
  const s3 = createS3Client(config)
  const bucket = `sluice-readiness-${randomUUID().slice(0, 8)}`
  await ensureBuckets(s3, [bucket], config.s3.region)
  cleanups.push(async () => s3.removeBucket(bucket))
  assert.deepEqual(await s3BucketCheck(s3, bucket)(), { ok: true })
  assert.deepEqual(await s3BucketCheck(s3, `${bucket}-missing`)(), { ok: false, error: `bucket ${bucket}-missing does not exist` })
  const unreachable = createS3Client({ ...config, s3: { ...config.s3, endpoint: 'http://127.0.0.1:1' } })
  await assert.rejects(async () => s3BucketCheck(unreachable, bucket)())
})

test('the ClickHouse check passes against the server and fails against a port nobody listens on', async () => {
  const clickhouse = createClickHouse(clickHouseOptions(config))
  const unreachable = createClickHouse({ ...clickHouseOptions(config), url: 'http://127.0.0.1:1' })
  cleanups.push(async () => clickhouse.close(), async () => unreachable.close())
  assert.deepEqual(await clickHouseCheck(clickhouse)(), { ok: true })
  assert.deepEqual(await clickHouseCheck(unreachable)(), { ok: false, error: 'ClickHouse does not answer ping' })
})
