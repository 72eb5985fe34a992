// `sluice stats`: throughput, latency, failures and redactions over a time window, read from
// the ClickHouse rollups. Same content as GET /v1/stats.
import { exitCodes, type Command } from '../command.ts'
import { clickHouseOptions, createClickHouse } from '../../lib/clickhouse/client.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { formatStats } from '../../lib/analytics/format.ts'
import { parseStatsRequest } from '../../lib/analytics/options.ts'
import { collectStats, throughputDefinition } from '../../lib/analytics/stats.ts'

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Throughput, per-stage latency, failures and redactions from ClickHouse',
  usage: 'sluice stats [--since DURATION | --from T [--to T]] [--slowest N] [--json]',
  details: [
    'The window is [from, to) in whole seconds; the default is --since 1h. DURATION: 30s, 15m, 1h30m, 7d.',
    'T: 2026-11-29T12:00:00Z (a zone is required), 2026-11-29 (UTC midnight) or epoch seconds.',
    `docs/s = ${throughputDefinition}.`,
    'Reads SLUICE_CLICKHOUSE_URL / SLUICE_CLICKHOUSE_DATABASE. See docs/analytics.md.'
  ].join('\n'),
  options: {
    since: { type: 'string', description: 'Window ending now, e.g. 15m, 1h, 7d', default: '1h' },
    from: { type: 'string', description: 'Window start (ISO 8601 with zone, date, or epoch seconds)' },
    to: { type: 'string', description: 'Window end (default now)' },
    slowest: { type: 'string', description: 'How many slowest documents to list (0 to 1000)', default: '10' },
    json: { type: 'boolean', description: 'Print the report as JSON (same as GET /v1/stats)' }
  },
  run: async ({ values }) => {
    const config = loadConfig()
    const request = parseStatsRequest({ since: values.since, from: values.from, to: values.to, slowest: values.slowest })
    const clickhouse = createClickHouse(clickHouseOptions(config))
    try {
      const report = await collectStats(clickhouse, config.clickhouse.database, request.window, { slowest: request.slowest })
      process.stdout.write(values.json === true ? JSON.stringify(report, null, 2) + '\n' : formatStats(report))
      return exitCodes.ok
    } finally {
      await clickhouse.close()
    }
  }
}
