// GET /v1/stats: the `sluice stats --json` report over HTTP. Query string: since, or from
// (and optionally to), and slowest, with the same validation as the CLI. Register it with
// `app.register(statsRoutes, { clickhouse, database })`; authentication is the host app's job.
// Its error codes are the upload API's (../errors.ts); it answers them itself, so it replies the
// same when registered on an app without the API's error handler.
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { parseStatsRequest, type RawStatsRequest } from '../../../lib/analytics/options.ts'
import { collectStats } from '../../../lib/analytics/stats.ts'
import type { ClickHouse } from '../../../lib/clickhouse/client.ts'
import { isSluiceError, type SluiceError } from '../../../lib/errors.ts'
import { ApiError, errorBody } from '../errors.ts'

export interface StatsRoutesOptions {
  clickhouse: ClickHouse
  database: string
  /** For tests: the clock that "now" and --since are measured from. */
  now?: () => number
}

/** The error's message with its hint, which says what to write instead. */
function explained (error: SluiceError): string {
  return `${error.message}. ${error.hint ?? ''}`.trim()
}

async function refuse (reply: FastifyReply, error: ApiError): Promise<FastifyReply> {
  return await reply.code(error.status).send(errorBody(error))
}

export const statsRoutes: FastifyPluginAsync<StatsRoutesOptions> = async (app, options) => {
  const now = options.now ?? Date.now
  app.get('/v1/stats', async (request, reply) => {
    let parsed
    try {
      parsed = parseStatsRequest(request.query as RawStatsRequest, now())
    } catch (error) {
      if (!isSluiceError(error, 'USAGE')) throw error
      return await refuse(reply, new ApiError('INVALID_STATS_QUERY', explained(error)))
    }
    try {
      return await collectStats(options.clickhouse, options.database, parsed.window, { slowest: parsed.slowest })
    } catch (error) {
      if (isSluiceError(error, 'CLICKHOUSE_SCHEMA_MISSING')) return await refuse(reply, new ApiError('CLICKHOUSE_SCHEMA_MISSING', explained(error)))
      if (!isSluiceError(error, 'SERVICE_UNAVAILABLE')) throw error
      request.log.warn({ error: error.message }, 'stats: ClickHouse unavailable')
      return await refuse(reply, new ApiError('CLICKHOUSE_UNAVAILABLE'))
    }
  })
}
