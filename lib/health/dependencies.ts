// Readiness checks for the stores a service talks to on every document: answered by a cheap
// request each time the probe asks, so an outage shows as "not ready" while it lasts.
import type { Client } from 'minio'
import type { ClickHouse } from '../clickhouse/client.ts'
import type { ReadinessCheck } from './readiness.ts'

export function s3BucketCheck (s3: Client, bucket: string): ReadinessCheck {
  return async () => await s3.bucketExists(bucket)
    ? { ok: true }
    : { ok: false, error: `bucket ${bucket} does not exist` }
}

export function clickHouseCheck (clickhouse: ClickHouse): ReadinessCheck {
  return async () => await clickhouse.ping()
    ? { ok: true }
    : { ok: false, error: 'ClickHouse does not answer ping' }
}
