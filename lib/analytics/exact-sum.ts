// The one way to read per-document values out of a rollup
// (schemas/clickhouse/migrations/005_exact_rollup_sums.sql): the rollups keep groupUniqArray
// states of (document hash, value...) tuples instead of sum or quantile states, so a redelivered
// outcome cannot inflate them. Merging the states drops identical tuples; sorting them and keeping
// the first tuple of each document hash drops the rest, so two deliveries of one document with
// different timings count once, with the smaller value (deterministic whatever the merge order). Portable: ClickHouse 18.16 and modern versions. Grafana's dashboards
// (grafana/dashboards/*.json) spell these expressions out literally;
// test/unit/observability/dashboard-rules.test.ts checks that they are this exact text.

/**
 * SQL for the array of tuple element `valueIndex` (2 or more; element 1 is the document hash)
 * of the merged `state` column, one value per document.
 */
export function perDocumentValuesSql (state: string, valueIndex: number): string {
  if (!/^[a-z_]+$/.test(state) || !Number.isInteger(valueIndex) || valueIndex < 2 || valueIndex > 9) {
    throw new Error(`perDocumentValuesSql: bad state column "${state}" or value index ${valueIndex}`)
  }
  const merged = `arraySort(groupUniqArrayMerge(${state}))`
  return `arrayFilter((value, first) -> first = 1, arrayMap(entry -> tupleElement(entry, ${valueIndex}), ${merged}), arrayEnumerateUniq(arrayMap(entry -> tupleElement(entry, 1), ${merged})))`
}

/** The sum of one value per document. */
export function exactSumSql (state: string, valueIndex: number): string {
  return `arraySum(${perDocumentValuesSql(state, valueIndex)})`
}

/** p50, p95 and p99 of one value per document (the same estimator as ClickHouse's `quantiles`). */
export function quantilesSql (state: string, valueIndex: number): string {
  return `arrayReduce('quantiles(0.5, 0.95, 0.99)', ${perDocumentValuesSql(state, valueIndex)})`
}

/** The largest value of any document (0 when there is none). */
export function maxSql (state: string, valueIndex: number): string {
  return `arrayReduce('max', ${perDocumentValuesSql(state, valueIndex)})`
}
