-- Rollups that need no read before an insert. Until now the sink asked ClickHouse which documents
-- of each batch were already stored and left those out (one SELECT per batch); it now inserts
-- every outcome it receives, so a redelivery (sink crash mid-batch, a retry whose first attempt
-- succeeded, a processor SIGKILL that completed the document twice) reaches document_outcomes and
-- every materialized view again. document_outcomes collapses it (ReplacingMergeTree(version)), and
-- the rollups keep, per document delivery, a (document hash, version, value...) tuple in a
-- groupUniqArray state: identical deliveries collapse when states merge, and readers keep each
-- document's newest version only (lib/analytics/latest.ts), so every count, sum, quantile and
-- maximum sees each document once, with the values, second, status and door of its latest
-- completion, however its deliveries were batched and in whatever order they arrived. The
-- uniqExact document states of 004/005 are gone: they counted a document in every second and
-- status any of its versions had. Runs on ClickHouse 18.16 and modern ClickHouse.
--
-- As in 005, the rollups are rebuilt (drop view and table, create, refill from document_outcomes,
-- which holds every outcome): rows inserted meanwhile reach a rollup through the new view, the
-- refill, or both, and both is harmless for these states. Repeating the file is safe.

DROP TABLE IF EXISTS {{database}}.outcomes_per_second_mv;

DROP TABLE IF EXISTS {{database}}.outcomes_per_second;

CREATE TABLE IF NOT EXISTS {{database}}.outcomes_per_second
(
  second DateTime,
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  status Enum8('processed' = 1, 'failed' = 2),
  failure_reason String,
  -- (document hash, version, size_bytes, pages, chars), one tuple per distinct delivery
  document_versions_state AggregateFunction(groupUniqArray, Tuple(UInt64, UInt64, UInt64, UInt32, UInt64))
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
  groupUniqArrayState(tuple(cityHash64(document_id), version, size_bytes, pages, chars)) AS document_versions_state
FROM {{database}}.document_outcomes
GROUP BY second, source, status, failure_reason;

INSERT INTO {{database}}.outcomes_per_second
SELECT
  completed_at AS second,
  source,
  status,
  failure_reason,
  groupUniqArrayState(tuple(cityHash64(document_id), version, size_bytes, pages, chars)) AS document_versions_state
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
  -- (document hash, version, size_bytes, pages, chars), one tuple per distinct delivery
  document_versions_state AggregateFunction(groupUniqArray, Tuple(UInt64, UInt64, UInt64, UInt32, UInt64))
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
  groupUniqArrayState(tuple(cityHash64(document_id), version, size_bytes, pages, chars)) AS document_versions_state
FROM {{database}}.document_outcomes
GROUP BY minute, source, status, failure_reason;

INSERT INTO {{database}}.outcomes_per_minute
SELECT
  toStartOfMinute(completed_at) AS minute,
  source,
  status,
  failure_reason,
  groupUniqArrayState(tuple(cityHash64(document_id), version, size_bytes, pages, chars)) AS document_versions_state
FROM {{database}}.document_outcomes
GROUP BY minute, source, status, failure_reason;

-- Stage latency describes processed documents only: a failed document stops early and its
-- unreached stages are zero, which would drag the quantiles down. Readers keep a document's
-- stage values only if their version is its newest (a newer failed outcome drops them).

DROP TABLE IF EXISTS {{database}}.stage_latency_per_second_mv;

DROP TABLE IF EXISTS {{database}}.stage_latency_per_second;

CREATE TABLE IF NOT EXISTS {{database}}.stage_latency_per_second
(
  second DateTime,
  stage Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8),
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  -- (document hash, version, stage duration in ms)
  duration_versions_state AggregateFunction(groupUniqArray, Tuple(UInt64, UInt64, Float64))
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(second)
ORDER BY (second, stage, source);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.stage_latency_per_second_mv TO {{database}}.stage_latency_per_second
AS SELECT
  completed_at AS second,
  CAST(stage_name AS Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8)) AS stage,
  source,
  groupUniqArrayState(tuple(cityHash64(document_id), version, stage_duration_ms)) AS duration_versions_state
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
  groupUniqArrayState(tuple(cityHash64(document_id), version, stage_duration_ms)) AS duration_versions_state
FROM {{database}}.document_outcomes
ARRAY JOIN
  ['queue', 'fetch', 'extract', 'redact', 'store', 'publish', 'insert', 'total'] AS stage_name,
  [queue_ms, fetch_ms, extract_ms, redact_ms, store_ms, publish_ms, insert_ms, total_ms] AS stage_duration_ms
WHERE status = 'processed'
GROUP BY second, stage, source;

-- Stage latency describes processed documents only: a failed document stops early and its
-- unreached stages are zero, which would drag the quantiles down. Readers keep a document's
-- stage values only if their version is its newest (a newer failed outcome drops them).

DROP TABLE IF EXISTS {{database}}.stage_latency_per_minute_mv;

DROP TABLE IF EXISTS {{database}}.stage_latency_per_minute;

CREATE TABLE IF NOT EXISTS {{database}}.stage_latency_per_minute
(
  minute DateTime,
  stage Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8),
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  -- (document hash, version, stage duration in ms)
  duration_versions_state AggregateFunction(groupUniqArray, Tuple(UInt64, UInt64, Float64))
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, stage, source);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.stage_latency_per_minute_mv TO {{database}}.stage_latency_per_minute
AS SELECT
  toStartOfMinute(completed_at) AS minute,
  CAST(stage_name AS Enum8('queue' = 1, 'fetch' = 2, 'extract' = 3, 'redact' = 4, 'store' = 5, 'publish' = 6, 'insert' = 7, 'total' = 8)) AS stage,
  source,
  groupUniqArrayState(tuple(cityHash64(document_id), version, stage_duration_ms)) AS duration_versions_state
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
  groupUniqArrayState(tuple(cityHash64(document_id), version, stage_duration_ms)) AS duration_versions_state
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
  -- (document hash, version, findings of this type in the document)
  findings_versions_state AggregateFunction(groupUniqArray, Tuple(UInt64, UInt64, UInt64))
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(second)
ORDER BY (second, pii_type, source);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.pii_findings_per_second_mv TO {{database}}.pii_findings_per_second
AS SELECT
  completed_at AS second,
  pii_type,
  source,
  groupUniqArrayState(tuple(cityHash64(document_id), version, toUInt64(pii_count))) AS findings_versions_state
FROM {{database}}.document_outcomes
ARRAY JOIN pii_types AS pii_type, pii_counts AS pii_count
GROUP BY second, pii_type, source;

INSERT INTO {{database}}.pii_findings_per_second
SELECT
  completed_at AS second,
  pii_type,
  source,
  groupUniqArrayState(tuple(cityHash64(document_id), version, toUInt64(pii_count))) AS findings_versions_state
FROM {{database}}.document_outcomes
ARRAY JOIN pii_types AS pii_type, pii_counts AS pii_count
GROUP BY second, pii_type, source;
