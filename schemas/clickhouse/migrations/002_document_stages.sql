-- One row per document per stage, derived from document_outcomes by a materialized view so
-- the sink inserts each document exactly once, into one table.
CREATE TABLE IF NOT EXISTS {{database}}.document_stages
(
  document_id String,
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  status Enum8('processed' = 1, 'failed' = 2),
  stage Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8),
  duration_ms Float64,
  completed_at DateTime,
  completed_at_ms UInt64,
  host String,
  version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (document_id, stage);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.document_stages_mv TO {{database}}.document_stages
AS SELECT
  document_id,
  source,
  status,
  CAST(stage_name AS Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8)) AS stage,
  stage_duration_ms AS duration_ms,
  completed_at,
  completed_at_ms,
  host,
  version
FROM {{database}}.document_outcomes
ARRAY JOIN
  ['queue', 'fetch', 'extract', 'redact', 'store', 'publish', 'insert', 'total'] AS stage_name,
  [queue_ms, fetch_ms, extract_ms, redact_ms, store_ms, publish_ms, insert_ms, total_ms] AS stage_duration_ms;
