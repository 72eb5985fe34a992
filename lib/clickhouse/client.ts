// The narrow ClickHouse surface Sluice uses: run a statement, select rows, insert rows. Code
// depends on this interface rather than on @clickhouse/client so the same migrations and
// analytics queries can be proven on ClickHouse 18.16 (through this HTTP client) and on a
// modern engine (tests wrap chdb in the same interface).
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client'
import type { Config } from '../config/index.ts'
import { SluiceError } from '../errors.ts'
import { countClientRequest } from '../metrics/client-requests.ts'

export interface ClickHouse {
  /** Runs one statement that returns no rows (DDL, INSERT ... SELECT). */
  exec: (sql: string) => Promise<void>
  /** Runs one SELECT and returns its rows as objects (JSONEachRow). 64-bit integers may arrive as strings. */
  select: <Row = Record<string, unknown>>(sql: string) => Promise<Row[]>
  /** Inserts rows as JSONEachRow into `database.table` (names must already be validated). */
  insert: (table: string, rows: readonly object[]) => Promise<void>
  /** True when the server answers. */
  ping: () => Promise<boolean>
  close: () => Promise<void>
}

export interface ClickHouseOptions {
  url: string
  user: string
  password: string
  /** Milliseconds before a request is abandoned; the sink retries after that. */
  requestTimeoutMs?: number
}

export function clickHouseOptions (config: Config): ClickHouseOptions {
  return { url: config.clickhouse.url, user: config.clickhouse.user, password: config.clickhouse.password }
}

/**
 * A client without a default database: every statement names its database explicitly,
 * because migrations must be able to create the configured database first.
 */
export function createClickHouse (options: ClickHouseOptions): ClickHouse {
  const client: ClickHouseClient = createClient({
    url: options.url,
    username: options.user,
    password: options.password,
    request_timeout: options.requestTimeoutMs ?? 30_000,
    compression: { request: false, response: false },
    // Failures are raised to the caller, who logs them once with context; the client would log each twice.
    log: { level: ClickHouseLogLevel.OFF }
  })
  return {
    exec: async (sql) => {
      countClientRequest('clickhouse', 'exec')
      await wrap(options.url, client.command({ query: sql }))
    },
    select: async <Row>(sql: string) => {
      countClientRequest('clickhouse', 'select')
      const result = await wrap(options.url, client.query({ query: sql, format: 'JSONEachRow' }))
      return await result.json<Row>()
    },
    insert: async (table, rows) => {
      if (rows.length === 0) return
      countClientRequest('clickhouse', 'insert')
      await wrap(options.url, client.insert({ table, values: rows as object[], format: 'JSONEachRow' }))
    },
    ping: async () => (await client.ping()).success,
    close: async () => client.close()
  }
}

/** Connection failures become SERVICE_UNAVAILABLE (exit code 4); SQL errors keep ClickHouse's message. */
async function wrap<T> (url: string, pending: Promise<T>): Promise<T> {
  try {
    return await pending
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || (error as Error).message?.includes('Timeout error')) {
      throw new SluiceError('SERVICE_UNAVAILABLE', `ClickHouse at ${url} is not reachable (${code ?? (error as Error).message})`, {
        hint: 'Start it with `npx sluice stack up` or set SLUICE_CLICKHOUSE_URL.',
        cause: error
      })
    }
    throw error
  }
}
