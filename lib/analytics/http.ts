// GET /v1/stats: the `sluice stats --json` report over HTTP. Query string: since, or from
// (and optionally to), and slowest, with the same validation as the CLI. Register it with
// `app.register(statsRoutes, { clickhouse, database })`; authentication is the host app's job.
import type { FastifyPluginAsync } from 'fastify'
import type { ClickHouse } from '../clickhouse/client.ts'
import { isSluiceError } from '../errors.ts'
import { parseStatsRequest, type RawStatsRequest } from './options.ts'
import { collectStats } from './stats.ts'

export interface StatsRoutesOptions {
  clickhouse: ClickHouse
  database: string
  /** For tests: the clock that "now" and --since are measured from. */
  now?: () => number
}

export const statsRoutes: FastifyPluginAsync<StatsRoutesOptions> = async (app, options) => {
  const now = options.now ?? Date.now
  app.get('/v1/stats', async (request, reply) => {
    let parsed
    try {
      parsed = parseStatsRequest(request.query as RawStatsRequest, now())
    } catch (error) {
      if (!isSluiceError(error, 'USAGE')) throw error
      return await reply.code(400).send({ error: { code: 'INVALID_STATS_QUERY', message: `${error.message}. ${error.hint ?? ''}`.trim() } })
    }
    try {
      return await collectStats(options.clickhouse, options.database, parsed.window, { slowest: parsed.slowest })
    } catch (error) {
      if (isSluiceError(error, 'CLICKHOUSE_SCHEMA_MISSING')) {
        return await reply.code(503).send({ error: { code: 'CLICKHOUSE_SCHEMA_MISSING', message: `${error.message}. ${error.hint ?? ''}`.trim() } })
      }
      if (!isSluiceError(error, 'SERVICE_UNAVAILABLE')) throw error
      request.log.warn({ error: error.message }, 'stats: ClickHouse unavailable')
      return await reply.code(503).send({ error: { code: 'CLICKHOUSE_UNAVAILABLE', message: 'ClickHouse is not reachable; retry later.' } })
    }
  })
}
