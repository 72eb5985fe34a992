// The stages a document passes through, in order: the one list behind the processor's stage
// histogram, the sink's `<stage>_ms` columns, the stats, the live dashboard and the benchmark.
// The ClickHouse Enum8 copies in schemas/clickhouse/migrations/ are immutable history; a unit
// test (test/unit/lib/stages.test.ts) keeps every one of them equal to this list.
export const stages = ['queue', 'fetch', 'extract', 'redact', 'store', 'publish', 'insert', 'total'] as const
export type Stage = typeof stages[number]

/** The sink times `insert`; the processor times every other stage. */
export type ProcessorStage = Exclude<Stage, 'insert'>
export const processorStages: readonly ProcessorStage[] = stages.filter((stage): stage is ProcessorStage => stage !== 'insert')

/** The ClickHouse column holding a stage's duration in milliseconds. */
export type StageColumn = `${Stage}_ms`
export function stageColumn (stage: Stage): StageColumn {
  return `${stage}_ms`
}
