// Accepted minus completed: the documents a door has said yes to that have no outcome yet.
// Admission control (SLUICE_ADMISSION_MAX_LAG) exists to bound it, so a flat-out phase reports it
// at the moment the load stops and at its worst during the load, beside the part of it the bound
// actually counts (the processor group's lag: accepted but not yet consumed).

export interface Backlog {
  /** Accepted by the end of the load and not completed by then. */
  atLoadEnd: number
  /** The largest value at any whole second of the load. */
  maxDuringLoad: number
  /**
   * The processor group's lag in the sample nearest to the end of the load (NaN without one):
   * about how much of atLoadEnd was not consumed yet. Sampled once a second, so not at the same instant.
   */
  processorLagAtLoadEnd: number
  /** SLUICE_ADMISSION_MAX_LAG the pipeline's doors ran with (0 = no bound). */
  admissionMaxLag: number
}

export interface BacklogInput {
  acceptedTimesMs: readonly number[]
  completedTimesMs: readonly number[]
  loadStartedAtMs: number
  loadEndedAtMs: number
  lagSamples: ReadonlyArray<{ atMs: number, processor: number }>
  admissionMaxLag: number
}

/** Accepted up to `atMs` minus completed up to `atMs`; both arrays ascending. */
function backlogAt (accepted: readonly number[], completed: readonly number[], atMs: number): number {
  return countUpTo(accepted, atMs) - countUpTo(completed, atMs)
}

/** Values ≤ limit in an ascending array (binary search). */
function countUpTo (sorted: readonly number[], limit: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((sorted[middle] as number) <= limit) low = middle + 1
    else high = middle
  }
  return low
}

export function measureBacklog (input: BacklogInput): Backlog {
  const accepted = [...input.acceptedTimesMs].sort((a, b) => a - b)
  const completed = [...input.completedTimesMs].sort((a, b) => a - b)
  let maxDuringLoad = 0
  for (let atMs = input.loadStartedAtMs + 1000; atMs < input.loadEndedAtMs; atMs += 1000) {
    maxDuringLoad = Math.max(maxDuringLoad, backlogAt(accepted, completed, atMs))
  }
  const atLoadEnd = backlogAt(accepted, completed, input.loadEndedAtMs)
  let nearest: { atMs: number, processor: number } | undefined
  for (const sample of input.lagSamples) {
    if (!Number.isFinite(sample.processor)) continue
    if (nearest === undefined || Math.abs(sample.atMs - input.loadEndedAtMs) < Math.abs(nearest.atMs - input.loadEndedAtMs)) nearest = sample
  }
  return {
    atLoadEnd,
    maxDuringLoad: Math.max(maxDuringLoad, atLoadEnd),
    processorLagAtLoadEnd: nearest?.processor ?? Number.NaN,
    admissionMaxLag: input.admissionMaxLag
  }
}
