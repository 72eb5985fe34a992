-- Rollup sums exact under redelivery. A redelivered outcome (say after a processor SIGKILL)
-- is inserted into document_outcomes again, and every materialized view fires again, possibly
-- into another second (the document completed twice). Counts were already exact (uniqExact
-- states of document_id); sums were not. Every sum now comes from a groupUniqArray state of
-- (cityHash64(document_id), value...) tuples: a duplicate tuple collapses when states merge, and
-- queries take each document's value once (lib/analytics/exact-sum.ts), even if two deliveries
-- recorded different values (stage timings); stage quantiles and maxima are computed from the
-- same per-document values. Runs on ClickHouse 18.16 and modern ClickHouse.
--
-- 18.16 has no ALTER ... IF [NOT] EXISTS, so the rollups are rebuilt rather than altered: drop
-- view and table, create them in the new shape, then refill from document_outcomes, which holds
-- every outcome. Rows inserted while this runs reach the rollup through the new view, the
-- refill, or both, and both is harmless for these states. Repeating the whole file rebuilds
-- the same result, so an interrupted run is safe to repeat.

DROP TABLE IF EXISTS {{database}}.outcomes_per_second_mv;

DROP TABLE IF EXISTS {{database}}.outcomes_per_second;

CREATE TABLE IF NOT EXISTS {{database}}.outcomes_per_second
(
  second DateTime,
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  status Enum8('processed' = 1, 'failed' = 2),
  failure_reason String,
  documents_state AggregateFunction(uniqExact, String),
  -- (document hash, size_bytes, pages, chars), one tuple per document delivery
  document_values_state AggregateFunction(groupUniqArray, Tuple(UInt64, UInt64, UInt32, UInt64))
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
  groupUniqArrayState(tuple(cityHash64(document_id), size_bytes, pages, chars)) AS document_values_state
FROM {{database}}.document_outcomes
GROUP BY second, source, status, failure_reason;

INSERT INTO {{database}}.outcomes_per_second
SELECT
  completed_at AS second,
  source,
  status,
  failure_reason,
  uniqExactState(document_id) AS documents_state,
  groupUniqArrayState(tuple(cityHash64(document_id), size_bytes, pages, chars)) AS document_values_state
FROM {{database}}.document_outcomes
GROUP BY second, source, status, failure_reason;

DROP TABLE IF EXISTS {{database}}.outcomes_per_minute_mv;

DROP TABLE IF EXISTS {{database}}.outcomes_per_minute;

CREATE TABLE IF NOT EXISTS {{database}}.outcomes_per_minute
(
  minute DateTime,
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  status Enum8('processed' = 1, 'failed' = 2),
  failure_reason String,
  documents_state AggregateFunction(uniqExact, String),
  -- (document hash, size_bytes, pages, chars), one tuple per document delivery
  document_values_state AggregateFunction(groupUniqArray, Tuple(UInt64, UInt64, UInt32, UInt64))
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
  groupUniqArrayState(tuple(cityHash64(document_id), size_bytes, pages, chars)) AS document_values_state
FROM {{database}}.document_outcomes
GROUP BY minute, source, status, failure_reason;

INSERT INTO {{database}}.outcomes_per_minute
SELECT
  toStartOfMinute(completed_at) AS minute,
  source,
  status,
  failure_reason,
  uniqExactState(document_id) AS documents_state,
  groupUniqArrayState(tuple(cityHash64(document_id), size_bytes, pages, chars)) AS document_values_state
FROM {{database}}.document_outcomes
GROUP BY minute, source, status, failure_reason;

DROP TABLE IF EXISTS {{database}}.stage_latency_per_second_mv;

DROP TABLE IF EXISTS {{database}}.stage_latency_per_second;

CREATE TABLE IF NOT EXISTS {{database}}.stage_latency_per_second
(
  second DateTime,
  stage Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8),
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  documents_state AggregateFunction(uniqExact, String),
  -- (document hash, stage duration in ms): sums, quantiles and maxima are all read from one
  -- value per document, so a redelivered document weighs once in each.
  duration_values_state AggregateFunction(groupUniqArray, Tuple(UInt64, Float64))
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
  groupUniqArrayState(tuple(cityHash64(document_id), stage_duration_ms)) AS duration_values_state
FROM {{database}}.document_outcomes
ARRAY JOIN
  ['queue', 'fetch', 'extract', 'redact', 'store', 'publish', 'insert', 'total'] AS stage_name,
  [queue_ms, fetch_ms, extract_ms, redact_ms, store_ms, publish_ms, insert_ms, total_ms] AS stage_duration_ms
WHERE status = 'processed'
GROUP BY second, stage, source;

INSERT INTO {{database}}.stage_latency_per_second
SELECT
  completed_at AS second,
  CAST(stage_name AS Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8)) AS stage,
  source,
  uniqExactState(document_id) AS documents_state,
  groupUniqArrayState(tuple(cityHash64(document_id), stage_duration_ms)) AS duration_values_state
FROM {{database}}.document_outcomes
ARRAY JOIN
  ['queue', 'fetch', 'extract', 'redact', 'store', 'publish', 'insert', 'total'] AS stage_name,
  [queue_ms, fetch_ms, extract_ms, redact_ms, store_ms, publish_ms, insert_ms, total_ms] AS stage_duration_ms
WHERE status = 'processed'
GROUP BY second, stage, source;

DROP TABLE IF EXISTS {{database}}.stage_latency_per_minute_mv;

DROP TABLE IF EXISTS {{database}}.stage_latency_per_minute;

CREATE TABLE IF NOT EXISTS {{database}}.stage_latency_per_minute
(
  minute DateTime,
  stage Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8),
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  documents_state AggregateFunction(uniqExact, String),
  -- (document hash, stage duration in ms): sums, quantiles and maxima are all read from one
  -- value per document, so a redelivered document weighs once in each.
  duration_values_state AggregateFunction(groupUniqArray, Tuple(UInt64, Float64))
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
  groupUniqArrayState(tuple(cityHash64(document_id), stage_duration_ms)) AS duration_values_state
FROM {{database}}.document_outcomes
ARRAY JOIN
  ['queue', 'fetch', 'extract', 'redact', 'store', 'publish', 'insert', 'total'] AS stage_name,
  [queue_ms, fetch_ms, extract_ms, redact_ms, store_ms, publish_ms, insert_ms, total_ms] AS stage_duration_ms
WHERE status = 'processed'
GROUP BY minute, stage, source;

INSERT INTO {{database}}.stage_latency_per_minute
SELECT
  toStartOfMinute(completed_at) AS minute,
  CAST(stage_name AS Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8)) AS stage,
  source,
  uniqExactState(document_id) AS documents_state,
  groupUniqArrayState(tuple(cityHash64(document_id), stage_duration_ms)) AS duration_values_state
FROM {{database}}.document_outcomes
ARRAY JOIN
  ['queue', 'fetch', 'extract', 'redact', 'store', 'publish', 'insert', 'total'] AS stage_name,
  [queue_ms, fetch_ms, extract_ms, redact_ms, store_ms, publish_ms, insert_ms, total_ms] AS stage_duration_ms
WHERE status = 'processed'
GROUP BY minute, stage, source;

DROP TABLE IF EXISTS {{database}}.pii_findings_per_second_mv;

DROP TABLE IF EXISTS {{database}}.pii_findings_per_second;

CREATE TABLE IF NOT EXISTS {{database}}.pii_findings_per_second
(
  second DateTime,
  pii_type String,
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  -- (document hash, findings of this type in the document)
  findings_values_state AggregateFunction(groupUniqArray, Tuple(UInt64, UInt64)),
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
  groupUniqArrayState(tuple(cityHash64(document_id), toUInt64(pii_count))) AS findings_values_state,
  uniqExactState(document_id) AS documents_state
FROM {{database}}.document_outcomes
ARRAY JOIN pii_types AS pii_type, pii_counts AS pii_count
GROUP BY second, pii_type, source;

INSERT INTO {{database}}.pii_findings_per_second
SELECT
  completed_at AS second,
  pii_type,
  source,
  groupUniqArrayState(tuple(cityHash64(document_id), toUInt64(pii_count))) AS findings_values_state,
  uniqExactState(document_id) AS documents_state
FROM {{database}}.document_outcomes
ARRAY JOIN pii_types AS pii_type, pii_counts AS pii_count
GROUP BY second, pii_type, source;
