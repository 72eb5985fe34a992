-- Events the processor could not handle, one row per dead-lettered source message. The
-- original payload is not stored (it stays in the dead-letter topic for replay); its size is.
CREATE TABLE IF NOT EXISTS {{database}}.dead_letters
(
  document_id String,
  source_topic String,
  source_partition UInt32,
  source_offset UInt64,
  error_code String,
  error_message String,
  attempts UInt32,
  first_failure_at_ms UInt64,
  last_failure_at_ms UInt64,
  last_failure_at DateTime,
  original_bytes UInt64,
  host String,
  event_partition UInt32,
  event_offset UInt64,
  inserted_at_ms UInt64
)
ENGINE = ReplacingMergeTree(last_failure_at_ms)
ORDER BY (source_topic, source_partition, source_offset);
