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

export interface RescanWindow {
  /** Objects modified before this were looked at by an earlier pass; undefined on the first. */
  oldestMs: number | undefined
  /** Objects modified after this are left to their notification, which may still be on its way. */
  youngestMs: number
}

/**
 * The objects a pass looks at: those modified since the last successful pass's window ended, less
 * a minimum age of overlap for clocks that disagree, so a large inbox costs one HEAD per object
 * once rather than once per pass. A failed pass does not move the window on.
 */
export function rescanWindow (nowMs: number, minAgeMs: number, coveredUntilMs: number | undefined): RescanWindow {
  return { oldestMs: coveredUntilMs === undefined ? undefined : coveredUntilMs - minAgeMs, youngestMs: nowMs - minAgeMs }
}

/** An object without a modification time is always looked at. */
export function inRescanWindow (window: RescanWindow, lastModified: Date | undefined): boolean {
  if (lastModified === undefined) return true
  const modifiedMs = lastModified.getTime()
  return modifiedMs <= window.youngestMs && (window.oldestMs === undefined || modifiedMs >= window.oldestMs)
}

export function startPeriodicRescan (dependencies: PeriodicRescanDependencies): PeriodicRescan {
  const { config, s3, publisher, recent, metrics, log, callerStrings, minAgeMs } = dependencies
  let running: Promise<void> | undefined
  let stopped = false

  let coveredUntilMs: number | undefined
  const rescanOnce = async (): Promise<void> => {
    const window = rescanWindow(Date.now(), minAgeMs, coveredUntilMs)
    try {
      const summary = await rescanBucket(config, s3, publisher, {
        bucket: config.s3.inboxBucket,
        prefix: '',
        dryRun: false,
        concurrency: config.bridge.publishConcurrency,
        callerStrings,
        skip: ({ documentId, lastModified }) => recent.has(documentId) || !inRescanWindow(window, lastModified),
        onPending: (event) => recent.add(event.documentId)
      })
      coveredUntilMs = window.youngestMs
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
