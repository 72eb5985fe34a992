-- One row per document outcome event. Redelivered events carry the same document_id and
-- version, so ReplacingMergeTree collapses them on merge; queries add FINAL (or group by
-- document_id) to collapse rows not merged yet. The table is not partitioned on purpose:
-- ReplacingMergeTree only collapses rows within one partition, and a document reprocessed
-- in another month must still end as one row.
CREATE TABLE IF NOT EXISTS {{database}}.document_outcomes
(
  document_id String,
  source Enum8('api' = 1, 'bucket' = 2, 'topic' = 3),
  status Enum8('processed' = 1, 'failed' = 2),
  failure_reason String,
  failure_message String,
  bucket String,
  object_key String,
  size_bytes UInt64,
  sha256 String,
  pages UInt32,
  chars UInt64,
  pii_types Array(String),
  pii_counts Array(UInt32),
  result_bucket String,
  result_key String,
  received_at_ms UInt64,
  started_at_ms UInt64,
  completed_at_ms UInt64,
  published_at_ms UInt64,
  inserted_at_ms UInt64,
  completed_at DateTime,
  queue_ms Float64,
  fetch_ms Float64,
  extract_ms Float64,
  redact_ms Float64,
  store_ms Float64,
  publish_ms Float64,
  insert_ms Float64,
  total_ms Float64,
  host String,
  received_partition UInt32,
  received_offset UInt64,
  attempt UInt32,
  event_partition UInt32,
  event_offset UInt64,
  version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY document_id;
