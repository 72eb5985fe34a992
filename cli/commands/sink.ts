// `sluice sink`: streams processed-document and dead-letter events into ClickHouse until
// SIGTERM/SIGINT, then writes and commits what it holds and leaves the consumer group.
import type { Command } from '../command.ts'
import { runService } from '../run-service.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { sinkOptions } from '../../consumers/sink/options.ts'
import { sinkService } from '../../consumers/sink/service.ts'

export const sinkCommand: Command = {
  name: 'sink',
  summary: 'Stream processed-document and dead-letter events into ClickHouse in batches',
  usage: 'sluice sink',
  details: [
    'Applies the ClickHouse migrations, then joins the consumer group SLUICE_SINK_GROUP on',
    'SLUICE_TOPIC_PROCESSED and SLUICE_TOPIC_DLQ. Rows are inserted every SLUICE_SINK_BATCH_ROWS rows or',
    'SLUICE_SINK_BATCH_INTERVAL, whichever comes first; offsets are committed only after ClickHouse',
    'accepted the batch. While ClickHouse is down, fetching pauses and the batch is retried with backoff.',
    'Prometheus metrics (sluice_sink_*) on SLUICE_METRICS_SINK_PORT. See docs/analytics.md.'
  ].join('\n'),
  options: {},
  run: async () => await runService(sinkService, sinkOptions(loadConfig()))
}
