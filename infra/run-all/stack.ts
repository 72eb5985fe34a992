// Getting the backing services ready before Sluice's own services start: either the local
// stack (`sluice stack up`, idempotent) or, with --no-stack, the configured external services,
// which are only probed so a wrong URL fails here with a clear message instead of in four logs.
import { spawn } from 'node:child_process'
import { createClient } from '@clickhouse/client'
import type { Config } from '../../lib/config/index.ts'
import { SluiceError } from '../../lib/errors.ts'
import { createKafka } from '../../lib/kafka/client.ts'
import { createS3Client } from '../../lib/s3/client.ts'
import { createClickHouse, clickHouseOptions } from '../../lib/clickhouse/client.ts'
import { migrate } from '../../lib/clickhouse/migrate.ts'
import { provisionSluice } from '../../lib/provision.ts'
import { cliPath } from './supervisor.ts'

/** Runs `sluice stack <action>` in the foreground, its progress going to our stderr. */
export async function runStackCommand (action: 'up' | 'down'): Promise<void> {
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'stack', action], { stdio: ['ignore', 'inherit', 'inherit'] })
    child.once('error', reject)
    child.once('close', resolve)
  })
  if (code !== 0) {
    throw new SluiceError('STACK_START_FAILED', `\`sluice stack ${action}\` failed with exit code ${code}`, {
      hint: 'Its output above says which service failed; `sluice stack status` shows each one.'
    })
  }
}

export async function probeServices (config: Config): Promise<void> {
  const failures: string[] = []
  const probe = async (name: string, check: () => Promise<unknown>): Promise<void> => {
    try {
      await check()
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`)
    }
  }
  const admin = createKafka(config, 'probe').admin()
  const clickhouse = createClient({ url: config.clickhouse.url, username: config.clickhouse.user, password: config.clickhouse.password })
  await Promise.all([
    probe(`Kafka ${config.kafka.brokers.join(',')}`, async () => { await admin.connect(); await admin.listTopics() }),
    probe(`S3 ${config.s3.endpoint}`, async () => createS3Client(config).listBuckets()),
    probe(`ClickHouse ${config.clickhouse.url}`, async () => {
      const result = await clickhouse.ping()
      if (!result.success) throw result.error
    }),
    probe(`schema registry ${config.registry.url}`, async () => {
      const response = await fetch(`${config.registry.url}/subjects`, { signal: AbortSignal.timeout(5000) })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
    })
  ])
  await admin.disconnect().catch(() => {})
  await clickhouse.close()
  if (failures.length > 0) {
    throw new SluiceError('SERVICE_UNAVAILABLE', `backing services unreachable:\n  ${failures.join('\n  ')}`, {
      hint: 'Check the SLUICE_* URLs (`sluice config`), or drop --no-stack to run the local stack.'
    })
  }
}

/**
 * Migrations, topics, schemas and buckets, once and in order before the services start: every
 * service also provisions at start-up, but four of them creating the same topics at the same
 * moment on a fresh broker can fail with "does not host this topic-partition" while leaders move.
 */
export async function prepareBackingServices (config: Config): Promise<void> {
  const clickhouse = createClickHouse(clickHouseOptions(config))
  try {
    await migrate(clickhouse, config.clickhouse.database)
  } finally {
    await clickhouse.close()
  }
  await provisionSluice(config)
}
