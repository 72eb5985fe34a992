// A second, private copy of the local stack (Kafka, schema registry, S3 server, ClickHouse) for
// the fault suite, started by the same code as `sluice stack up` from the binaries it already
// installed, on free ports and with throwaway data. A fault test can then really stop one of its
// services for half a minute and start it again, while the shared stack the other tests use is
// never touched. Prometheus is left out: no fault case reads it.
import { mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig, type Config } from '../../lib/config/index.ts'
import type { LocalService, StackContext } from '../../infra/local-stack/service.ts'
import { stackServices } from '../../infra/local-stack/services.ts'
import { createStackContext, stackDown, stackUp } from '../../infra/local-stack/stack.ts'
import { freePort } from '../support/ingest.ts'

export type FaultService = 'kafka' | 'registry' | 's3' | 'clickhouse'

export interface FaultStack {
  /** The settings that point a Sluice process at this stack (merged over process.env). */
  env: NodeJS.ProcessEnv
  config: Config
  /** Stops one service as `sluice stack down` would (SIGTERM, then SIGKILL after its grace). */
  stop: (service: FaultService) => Promise<void>
  /** Starts it again on the same ports and data; resolves once it answers a real request. */
  start: (service: FaultService) => Promise<void>
  dispose: () => Promise<void>
}

function service (name: FaultService): LocalService {
  const found = stackServices.find((candidate) => candidate.name === name)
  if (found === undefined) throw new Error(`no local-stack service named ${name}`)
  return found
}

export async function startFaultStack (): Promise<FaultStack> {
  const shared = loadConfig()
  const home = await mkdtemp(join(tmpdir(), 'sluice-faults-'))
  // Downloads and builds are shared; data, logs and pid files are this stack's own.
  await symlink(join(shared.stack.home, 'cache'), join(home, 'cache'))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SLUICE_HOME: home,
    SLUICE_KAFKA_BROKERS: `127.0.0.1:${await freePort()}`,
    SLUICE_STACK_KAFKA_CONTROLLER_PORT: String(await freePort()),
    SLUICE_SCHEMA_REGISTRY_URL: `http://127.0.0.1:${await freePort()}/apis/ccompat/v7`,
    SLUICE_S3_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
    SLUICE_CLICKHOUSE_URL: `http://127.0.0.1:${await freePort()}`,
    SLUICE_STACK_CLICKHOUSE_TCP_PORT: String(await freePort()),
    SLUICE_PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}`,
    SLUICE_KAFKA_PARTITIONS: '4',
    SLUICE_API_PORT: String(await freePort()),
    SLUICE_METRICS_BRIDGE_PORT: String(await freePort()),
    SLUICE_METRICS_PROCESSOR_PORT: String(await freePort()),
    SLUICE_METRICS_SINK_PORT: String(await freePort())
  }
  const config = loadConfig(env)
  const context: StackContext = createStackContext(config, { step: () => {} })
  const services = (['kafka', 'registry', 's3', 'clickhouse'] as const).map(service)
  try {
    await stackUp(context, services, [])
  } catch (error) {
    await stackDown(context, services).catch(() => {})
    await rm(home, { recursive: true, force: true })
    throw error
  }
  return {
    env,
    config,
    stop: async (name) => stackDown(context, [service(name)]),
    start: async (name) => stackUp(context, [service(name)], []),
    dispose: async () => {
      await stackDown(context, services)
      await rm(home, { recursive: true, force: true })
    }
  }
}
