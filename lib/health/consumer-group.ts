// The Kafka side of readiness for a consumer-group member, followed through kafkajs's
// instrumentation events (register before `consumer.run()`, or the first join is missed).
// A member that joined without partitions is ready too: with more members than partitions it is
// idle by design, and restarting it or holding a rollout for it would gain nothing.
import type { Consumer } from 'kafkajs'
import type { CheckResult, ReadinessCheck } from './readiness.ts'

export function consumerGroupCheck (consumer: Consumer): ReadinessCheck {
  let state: CheckResult = { ok: false, error: 'not yet a member of the consumer group' }
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const partitions = Object.values(payload.memberAssignment).reduce((sum, assigned) => sum + assigned.length, 0)
    state = partitions > 0
      ? { ok: true, detail: `${partitions} partitions assigned` }
      : { ok: true, detail: 'idle: no partition assigned (the group has more members than partitions)' }
  })
  consumer.on(consumer.events.REBALANCING, () => { state = { ok: false, error: 'the consumer group is rebalancing' } })
  consumer.on(consumer.events.CRASH, ({ payload }) => { state = { ok: false, error: `the consumer crashed: ${payload.error.message}` } })
  consumer.on(consumer.events.STOP, () => { state = { ok: false, error: 'the consumer stopped' } })
  return () => state
}
