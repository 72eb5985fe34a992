-- Rollups that dashboards and `sluice stats` read instead of raw rows. Materialized views
-- fire once per insert into document_outcomes, so a duplicate that reached ClickHouse would
-- reach these too. Two defences keep them exact: the sink drops events already stored before
-- inserting, and document counts are uniqExact states of document_id, which a duplicate
-- cannot inflate (sums of bytes/pages/chars rely on the sink's check alone).

CREATE TABLE IF NOT EXISTS {{database}}.outcomes_per_second
(
  second DateTime,
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  status Enum8('processed' = 1, 'failed' = 2),
  failure_reason String,
  documents_state AggregateFunction(uniqExact, String),
  bytes_state AggregateFunction(sum, UInt64),
  pages_state AggregateFunction(sum, UInt32),
  chars_state AggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(second)
ORDER BY (second, source, status, failure_reason);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.outcomes_per_second_mv TO {{database}}.outcomes_per_second
AS SELECT
  completed_at AS second,
  source,
  status,
  failure_reason,
  uniqExactState(document_id) AS documents_state,
  sumState(size_bytes) AS bytes_state,
  sumState(pages) AS pages_state,
  sumState(chars) AS chars_state
FROM {{database}}.document_outcomes
GROUP BY second, source, status, failure_reason;

CREATE TABLE IF NOT EXISTS {{database}}.outcomes_per_minute
(
  minute DateTime,
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  status Enum8('processed' = 1, 'failed' = 2),
  failure_reason String,
  documents_state AggregateFunction(uniqExact, String),
  bytes_state AggregateFunction(sum, UInt64),
  pages_state AggregateFunction(sum, UInt32),
  chars_state AggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, source, status, failure_reason);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.outcomes_per_minute_mv TO {{database}}.outcomes_per_minute
AS SELECT
  toStartOfMinute(completed_at) AS minute,
  source,
  status,
  failure_reason,
  uniqExactState(document_id) AS documents_state,
  sumState(size_bytes) AS bytes_state,
  sumState(pages) AS pages_state,
  sumState(chars) AS chars_state
FROM {{database}}.document_outcomes
GROUP BY minute, source, status, failure_reason;

CREATE TABLE IF NOT EXISTS {{database}}.stage_latency_per_second
(
  second DateTime,
  stage Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8),
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  documents_state AggregateFunction(uniqExact, String),
  duration_quantiles_state AggregateFunction(quantiles(0.5, 0.95, 0.99), Float64),
  duration_sum_state AggregateFunction(sum, Float64),
  duration_max_state AggregateFunction(max, Float64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(second)
ORDER BY (second, stage, source);

-- Stage latency describes processed documents only: a failed document stops early and its
-- unreached stages are zero, which would drag the quantiles down.
CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.stage_latency_per_second_mv TO {{database}}.stage_latency_per_second
AS SELECT
  completed_at AS second,
  CAST(stage_name AS Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8)) AS stage,
  source,
  uniqExactState(document_id) AS documents_state,
  quantilesState(0.5, 0.95, 0.99)(stage_duration_ms) AS duration_quantiles_state,
  sumState(stage_duration_ms) AS duration_sum_state,
  maxState(stage_duration_ms) AS duration_max_state
FROM {{database}}.document_outcomes
ARRAY JOIN
  ['queue', 'fetch', 'extract', 'redact', 'store', 'publish', 'insert', 'total'] AS stage_name,
  [queue_ms, fetch_ms, extract_ms, redact_ms, store_ms, publish_ms, insert_ms, total_ms] AS stage_duration_ms
WHERE status = 'processed'
GROUP BY second, stage, source;

CREATE TABLE IF NOT EXISTS {{database}}.stage_latency_per_minute
(
  minute DateTime,
  stage Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8),
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  documents_state AggregateFunction(uniqExact, String),
  duration_quantiles_state AggregateFunction(quantiles(0.5, 0.95, 0.99), Float64),
  duration_sum_state AggregateFunction(sum, Float64),
  duration_max_state AggregateFunction(max, Float64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, stage, source);

-- Stage latency describes processed documents only: a failed document stops early and its
-- unreached stages are zero, which would drag the quantiles down.
CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.stage_latency_per_minute_mv TO {{database}}.stage_latency_per_minute
AS SELECT
  toStartOfMinute(completed_at) AS minute,
  CAST(stage_name AS Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8)) AS stage,
  source,
  uniqExactState(document_id) AS documents_state,
  quantilesState(0.5, 0.95, 0.99)(stage_duration_ms) AS duration_quantiles_state,
  sumState(stage_duration_ms) AS duration_sum_state,
  maxState(stage_duration_ms) AS duration_max_state
FROM {{database}}.document_outcomes
ARRAY JOIN
  ['queue', 'fetch', 'extract', 'redact', 'store', 'publish', 'insert', 'total'] AS stage_name,
  [queue_ms, fetch_ms, extract_ms, redact_ms, store_ms, publish_ms, insert_ms, total_ms] AS stage_duration_ms
WHERE status = 'processed'
GROUP BY minute, stage, source;

CREATE TABLE IF NOT EXISTS {{database}}.pii_findings_per_second
(
  second DateTime,
  pii_type String,
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  findings_state AggregateFunction(sum, UInt64),
  documents_state AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(second)
ORDER BY (second, pii_type, source);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.pii_findings_per_second_mv TO {{database}}.pii_findings_per_second
AS SELECT
  completed_at AS second,
  pii_type,
  source,
  sumState(toUInt64(pii_count)) AS findings_state,
  uniqExactState(document_id) AS documents_state
FROM {{database}}.document_outcomes
ARRAY JOIN pii_types AS pii_type, pii_counts AS pii_count
GROUP BY second, pii_type, source;
