import type { Admin } from 'kafkajs'
import { Gauge, type Registry } from 'prom-client'
import { retry } from '../retry/retry.ts'

export const consumerLagMetricName = 'sluice_kafka_consumer_lag_messages'

/** Offsets as kafkajs reports them: decimal strings, '-1' when a group has committed nothing. */
export interface CommittedOffset { partition: number, offset: string }
export interface PartitionWatermarks { partition: number, high: string, low: string }
export interface PartitionLag { partition: number, lag: number }

/**
 * Messages a group still has to consume per partition: the high watermark minus the committed
 * offset. A partition without a commit (or whose commit fell below the log start after retention)
 * counts every retained message, so a group that has not started yet shows its backlog instead of
 * hiding it; that is the backlog the "no throughput while lag grows" alert has to see.
 */
export function computeLag (committed: CommittedOffset[], watermarks: PartitionWatermarks[]): PartitionLag[] {
  const committedByPartition = new Map(committed.map((entry) => [entry.partition, Number(entry.offset)]))
  return watermarks
    .map(({ partition, high, low }) => {
      const highOffset = Number(high)
      const lowOffset = Number(low)
      const commit = committedByPartition.get(partition) ?? -1
      const consumedUpTo = commit < 0 ? lowOffset : Math.max(commit, lowOffset)
      return { partition, lag: Math.max(0, highOffset - consumedUpTo) }
    })
    .sort((a, b) => a.partition - b.partition)
}

export interface ConsumerLagExporterOptions {
  admin: Admin
  groupId: string
  topics: string[]
  registry: Registry
  /** How often offsets are read; keep it at or below the Prometheus scrape interval. */
  intervalMs?: number
  /** Called when a refresh fails (broker down, group being rebalanced); the next tick retries. */
  onError?: (error: Error) => void
}

export interface ConsumerLagExporter {
  /** Reads offsets now and updates the gauge; resolves once the gauge holds the new values. */
  refresh: () => Promise<void>
  stop: () => void
}

/**
 * A group the broker has just started coordinating (a new group, or after a coordinator
 * move) answers NOT_COORDINATOR for a moment; kafkajs marks such errors retriable but its
 * admin client does not retry offset fetches, so one refresh retries briefly itself.
 */
async function withRetries<T> (work: () => Promise<T>): Promise<T> {
  return await retry(work, {
    attempts: 5,
    delayMs: (attempt) => 200 * attempt,
    retryable: (error) => (error as { retriable?: boolean }).retriable === true
  })
}

/**
 * The group's lag per partition of each topic, read from the broker (two admin requests per
 * topic plus one), so it is right even while the group's consumers are stuck or gone.
 */
export async function readGroupLag (admin: Admin, groupId: string, topics: string[]): Promise<Map<string, PartitionLag[]>> {
  const committedByTopic = await withRetries(async () => admin.fetchOffsets({ groupId, topics }))
  const lagByTopic = new Map<string, PartitionLag[]>()
  for (const topic of topics) {
    const watermarks = await withRetries(async () => admin.fetchTopicOffsets(topic))
    const committed = committedByTopic.find((entry) => entry.topic === topic)?.partitions ?? []
    lagByTopic.set(topic, computeLag(committed, watermarks))
  }
  return lagByTopic
}

/** The group's total lag on one topic: the sum over its partitions of readGroupLag. */
export async function readTopicLag (admin: Admin, groupId: string, topic: string): Promise<number> {
  const lagByTopic = await readGroupLag(admin, groupId, [topic])
  return (lagByTopic.get(topic) ?? []).reduce((total, entry) => total + entry.lag, 0)
}

function lagGauge (registry: Registry): Gauge<'group' | 'topic' | 'partition'> {
  const existing = registry.getSingleMetric(consumerLagMetricName)
  if (existing !== undefined) return existing as Gauge<'group' | 'topic' | 'partition'>
  return new Gauge({
    name: consumerLagMetricName,
    help: 'Messages a consumer group has not consumed yet per partition (high watermark minus committed offset)',
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry]
  })
}

/**
 * Exports `sluice_kafka_consumer_lag_messages{group,topic,partition}` for one consumer group,
 * refreshed every `intervalMs` from the broker's view (fetchOffsets vs fetchTopicOffsets), so the
 * lag is right even while the consumer itself is stuck. The admin client must be connected.
 */
export function startConsumerLagExporter (options: ConsumerLagExporterOptions): ConsumerLagExporter {
  const { admin, groupId, topics, registry, intervalMs = 5000, onError } = options
  const gauge = lagGauge(registry)
  let exported = new Set<string>()
  let inFlight: Promise<void> | undefined

  async function readAndSet (): Promise<void> {
    const lagByTopic = await readGroupLag(admin, groupId, topics)
    const current = new Set<string>()
    for (const topic of topics) {
      for (const { partition, lag } of lagByTopic.get(topic) ?? []) {
        const labels = { group: groupId, topic, partition: String(partition) }
        gauge.set(labels, lag)
        current.add(JSON.stringify(labels))
      }
    }
    for (const stale of exported) {
      if (!current.has(stale)) gauge.remove(JSON.parse(stale) as Record<string, string>)
    }
    exported = current
  }

  function refresh (): Promise<void> {
    inFlight ??= readAndSet().finally(() => { inFlight = undefined })
    return inFlight
  }

  const timer = setInterval(() => {
    refresh().catch((error: Error) => onError?.(error))
  }, intervalMs)
  timer.unref()
  refresh().catch((error: Error) => onError?.(error))

  return {
    refresh,
    stop: () => clearInterval(timer)
  }
}
