// The bridge's own safety net: at start and then every SLUICE_BRIDGE_RESCAN_INTERVAL, rescan the
// inbox for objects that have no result and were not published by this bridge, i.e. objects
// whose notification was lost (versitygw drops them while Kafka is unreachable) or that were
// dropped before the bridge's consumer group existed.
import type { Client } from 'minio'
import type { Config } from '../../lib/config/index.ts'
import type { ReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import type { Logger } from '../../lib/log.ts'
import type { CallerStrings } from '../../lib/privacy/caller-strings.ts'
import type { BridgeMetrics } from './metrics.ts'
import type { RecentIds } from './recent-ids.ts'
import { rescanBucket } from './rescan.ts'

export interface PeriodicRescan {
  stop: () => Promise<void>
}

export interface PeriodicRescanDependencies {
  config: Config
  s3: Client
  publisher: ReceivedPublisher
  recent: RecentIds
  metrics: BridgeMetrics
  log: Logger
  callerStrings: CallerStrings
  /** Younger objects are left to their notification, which may still be on its way. */
  minAgeMs: number
}

export function startPeriodicRescan (dependencies: PeriodicRescanDependencies): PeriodicRescan {
  const { config, s3, publisher, recent, metrics, log, callerStrings, minAgeMs } = dependencies
  let running: Promise<void> | undefined
  let stopped = false

  const rescanOnce = async (): Promise<void> => {
    const youngest = Date.now() - minAgeMs
    try {
      const summary = await rescanBucket(config, s3, publisher, {
        bucket: config.s3.inboxBucket,
        prefix: '',
        dryRun: false,
        concurrency: config.bridge.publishConcurrency,
        callerStrings,
        skip: ({ documentId, lastModified }) => recent.has(documentId) || (lastModified !== undefined && lastModified.getTime() > youngest),
        onPending: (event) => recent.add(event.documentId)
      })
      metrics.objects.inc({ outcome: 'rescanned' }, summary.published)
      if (summary.published > 0) log.warn({ published: summary.published, scanned: summary.scanned }, 'rescan found objects without a result and published them')
    } catch (error) {
      metrics.failures.inc({ reason: 'rescan_failed' })
      log.error({ error: (error as Error).message }, 'inbox rescan failed; retrying at the next interval')
    }
  }
  const tick = (): void => {
    if (stopped || running !== undefined) return
    running = rescanOnce().finally(() => { running = undefined })
  }
  const timer = setInterval(tick, config.bridge.rescanIntervalMs)
  timer.unref()
  tick()
  return {
    stop: async () => {
      stopped = true
      clearInterval(timer)
      await running
    }
  }
}
