// Bucket bridge metrics; labels are bounded (outcome words and reason codes).
import { Counter, Histogram, type Registry } from 'prom-client'

export interface BridgeMetrics {
  notifications: Counter<'outcome'>
  objects: Counter<'outcome'>
  failures: Counter<'reason'>
  batchSeconds: Histogram
}

export function createBridgeMetrics (registry: Registry): BridgeMetrics {
  return {
    notifications: new Counter({ name: 'sluice_bridge_notifications_total', help: 'Bucket notifications read, by outcome (records, test_event, undecodable)', labelNames: ['outcome'], registers: [registry] }),
    objects: new Counter({ name: 'sluice_bridge_objects_total', help: 'Objects named by notifications, by outcome (emitted, duplicate, not_create, other_bucket, reserved_prefix, invalid_key, missing, rescanned)', labelNames: ['outcome'], registers: [registry] }),
    failures: new Counter({ name: 'sluice_bridge_failures_total', help: 'Undecodable notifications and failed batches, by reason', labelNames: ['reason'], registers: [registry] }),
    batchSeconds: new Histogram({ name: 'sluice_bridge_batch_duration_seconds', help: 'Time to turn one fetched batch of notifications into acknowledged events', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] })
  }
}
