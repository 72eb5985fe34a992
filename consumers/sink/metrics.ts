import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

export interface SinkMetrics {
  rowsInserted: Counter<'table'>
  batchesInserted: Counter
  insertSeconds: Histogram
  batchRows: Histogram
  consumerLag: Gauge<'topic' | 'partition'>
  retries: Counter
  duplicatesSkipped: Counter
  bufferedRows: Gauge
  undecodable: Counter<'topic'>
  paused: Gauge
}

export function createSinkMetrics (registry: Registry): SinkMetrics {
  const registers = [registry]
  return {
    rowsInserted: new Counter({ name: 'sluice_sink_rows_inserted_total', help: 'Rows inserted into ClickHouse, by table', labelNames: ['table'], registers }),
    batchesInserted: new Counter({ name: 'sluice_sink_batches_inserted_total', help: 'Batches ClickHouse accepted (offsets committed after each)', registers }),
    insertSeconds: new Histogram({ name: 'sluice_sink_insert_duration_seconds', help: 'Time to write one batch (its inserts), successful attempts', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers }),
    batchRows: new Histogram({ name: 'sluice_sink_batch_rows', help: 'Rows per written batch', buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000], registers }),
    consumerLag: new Gauge({ name: 'sluice_sink_consumer_lag_messages', help: 'Messages behind the partition end after the last batch the sink read', labelNames: ['topic', 'partition'], registers }),
    retries: new Counter({ name: 'sluice_sink_insert_retries_total', help: 'Failed batch writes that were retried after a backoff', registers }),
    // Only duplicates inside one batch can be known without reading ClickHouse; those stored
    // before are inserted again and collapsed by the tables and readers, uncounted here.
    duplicatesSkipped: new Counter({ name: 'sluice_sink_duplicates_skipped_total', help: 'Redelivered events left out because the same document was already in the batch being written', registers }),
    bufferedRows: new Gauge({ name: 'sluice_sink_buffered_rows', help: 'Rows held in memory waiting for an insert', registers }),
    undecodable: new Counter({ name: 'sluice_sink_undecodable_total', help: 'Messages that could not be decoded and were skipped (logged with topic/partition/offset)', labelNames: ['topic'], registers }),
    paused: new Gauge({ name: 'sluice_sink_paused', help: '1 while fetching is paused (buffer full or ClickHouse unavailable)', registers })
  }
}
