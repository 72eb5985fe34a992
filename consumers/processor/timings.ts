// Assembles the per-stage timings of a DocumentProcessed event from the marks the pipeline
// takes. Stage durations come from the monotonic clock; queue and total time span hosts and
// so use wall-clock epoch milliseconds.
import type { StageTimings } from '../../lib/events/types.ts'

export interface StageDurations {
  fetchMs: number
  extractMs: number
  redactMs: number
  storeMs: number
}

export const noStageTime: StageDurations = { fetchMs: 0, extractMs: 0, redactMs: 0, storeMs: 0 }

/**
 * Queue time is receivedAt → startedAt, total is receivedAt → completedAt. Clocks of the door
 * and the processor may disagree by a few milliseconds; a negative span is reported as 0
 * rather than as a nonsensical negative duration.
 */
export function assembleTimings (receivedAt: number, startedAt: number, completedAt: number, stages: StageDurations): StageTimings {
  return {
    queueMs: Math.max(0, startedAt - receivedAt),
    fetchMs: round(stages.fetchMs),
    extractMs: round(stages.extractMs),
    redactMs: round(stages.redactMs),
    storeMs: round(stages.storeMs),
    totalMs: Math.max(0, completedAt - receivedAt)
  }
}

/** Microsecond precision is plenty and keeps the JSON summaries readable. */
function round (milliseconds: number): number {
  return Math.round(Math.max(0, milliseconds) * 1000) / 1000
}
