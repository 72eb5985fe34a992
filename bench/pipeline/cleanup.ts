// Removing what a benchmark run created (its buckets and their objects, its ClickHouse
// databases), so repeated runs do not fill the disk. `--keep` skips this for inspection.
import type { Client } from 'minio'
import type { ClickHouse } from '../../lib/clickhouse/client.ts'
import { sqlIdentifier } from '../../lib/clickhouse/sql.ts'

export async function removeBucket (s3: Client, bucket: string): Promise<void> {
  if (!(await s3.bucketExists(bucket))) return
  let batch: string[] = []
  for await (const item of s3.listObjectsV2(bucket, '', true)) {
    if (typeof item.name !== 'string') continue
    batch.push(item.name)
    if (batch.length === 1000) {
      await s3.removeObjects(bucket, batch)
      batch = []
    }
  }
  if (batch.length > 0) await s3.removeObjects(bucket, batch)
  await s3.removeBucket(bucket)
}

export async function dropDatabase (clickhouse: ClickHouse, database: string): Promise<void> {
  await clickhouse.exec(`DROP DATABASE IF EXISTS ${sqlIdentifier(database)}`)
}
