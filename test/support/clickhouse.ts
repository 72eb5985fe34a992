// ClickHouse engines for tests. Every migration and analytics query is run on both:
// - a PRIVATE ClickHouse 18.16 server (Debian's clickhouse-server, the version of the local
//   stack) started by the test on free ports with its own temp data directory, so tests can
//   stop and restart it without touching the shared stack;
// - chdb, the modern ClickHouse engine embedded in-process (production runs a modern server).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Session } from 'chdb'
import { createClickHouse, type ClickHouse } from '../../lib/clickhouse/client.ts'
import { freePort } from './ingest.ts'
import { waitFor } from './wait.ts'

export interface Engine {
  name: string
  clickhouse: ClickHouse
  dispose: () => Promise<void>
}

export interface PrivateServer {
  url: string
  /** Kills the server process (SIGKILL: a crash, not a polite shutdown). */
  stop: () => Promise<void>
  /** Starts it again on the same ports and data directory. */
  start: () => Promise<void>
  dispose: () => Promise<void>
}

export async function startPrivateClickHouse (): Promise<PrivateServer> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-ch-'))
  const httpPort = await freePort()
  const tcpPort = await freePort()
  await writeFile(join(dir, 'config.xml'), `<?xml version="1.0"?>
<yandex>
  <logger><level>error</level><console>1</console></logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/data/tmp/</tmp_path>
  <user_files_path>${dir}/data/user_files/</user_files_path>
  <format_schema_path>${dir}/data/format_schemas/</format_schema_path>
  <mark_cache_size>67108864</mark_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
</yandex>
`)
  await writeFile(join(dir, 'users.xml'), `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`)
  const url = `http://127.0.0.1:${httpPort}`
  let child: ChildProcess | undefined
  let output = ''
  const start = async (): Promise<void> => {
    child = spawn('clickhouse-server', [`--config-file=${join(dir, 'config.xml')}`], { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout?.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4000) })
    child.stderr?.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4000) })
    const spawnError = new Promise<never>((_resolve, reject) => child?.once('error', reject))
    spawnError.catch(() => {})
    await waitFor(async () => {
      if (child?.exitCode !== null) throw new Error(`exited with code ${child?.exitCode}`)
      return await Promise.race([fetch(`${url}/ping`).then((response) => response.ok, () => false), spawnError])
    }, { what: `private clickhouse-server on ${url}`, timeoutMs: 20_000, progress: () => output })
  }
  const stop = async (): Promise<void> => {
    const running = child
    if (running === undefined || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGKILL')
    await exited
  }
  await start()
  return {
    url,
    stop,
    start,
    dispose: async () => {
      await stop()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** The 18.16 engine: a private server reached through the same HTTP client the sink uses. */
export async function serverEngine (): Promise<Engine & { server: PrivateServer }> {
  const server = await startPrivateClickHouse()
  const clickhouse = createClickHouse({ url: server.url, user: 'default', password: '' })
  return {
    name: 'clickhouse-18.16',
    server,
    clickhouse,
    dispose: async () => {
      await clickhouse.close()
      await server.dispose()
    }
  }
}

/** The modern engine: chdb (ClickHouse 26.x) in-process, wrapped in the same interface. */
export function chdbEngine (): Engine {
  const session = new Session()
  const clickhouse: ClickHouse = {
    exec: async (sql) => { (await session.queryAsync(sql)).text() },
    select: async <Row>(sql: string) => {
      const text = (await session.queryAsync(sql, { format: 'JSONEachRow' })).text()
      return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Row)
    },
    insert: async (table, rows) => {
      if (rows.length === 0) return
      await session.queryAsync(`INSERT INTO ${table} FORMAT JSONEachRow\n${rows.map((row) => JSON.stringify(row)).join('\n')}`)
    },
    ping: async () => session.open,
    close: async () => {}
  }
  return { name: 'chdb', clickhouse, dispose: async () => session.close() }
}

export function uniqueDatabase (prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
}
