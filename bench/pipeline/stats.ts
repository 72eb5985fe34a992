// Small, exact statistics over measured samples (nearest-rank percentiles), so the numbers in
// a report can be recomputed by hand from the JSON it sits beside.

export interface Distribution { count: number, mean: number, p50: number, p95: number, p99: number, max: number }

/** Nearest-rank percentile of an ascending array; NaN for no samples. */
export function percentile (sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil(fraction * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number
}

export function distribution (samples: readonly number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b)
  const sum = sorted.reduce((total, value) => total + value, 0)
  return {
    count: sorted.length,
    mean: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1] as number
  }
}

/**
 * Sustained throughput: completions per second between the first and last completion,
 * ignoring the ramp before the first one. One completion has no rate.
 */
export function sustainedRate (completionTimesMs: readonly number[]): number {
  if (completionTimesMs.length < 2) return 0
  let first = Infinity
  let last = -Infinity
  for (const time of completionTimesMs) {
    if (time < first) first = time
    if (time > last) last = time
  }
  const seconds = (last - first) / 1000
  return seconds > 0 ? (completionTimesMs.length - 1) / seconds : 0
}

/** Completions per whole second from `startMs`, for the chart. */
export function perSecondSeries (completionTimesMs: readonly number[], startMs: number, seconds: number): number[] {
  const series = new Array<number>(Math.max(0, seconds)).fill(0)
  for (const time of completionTimesMs) {
    const slot = Math.floor((time - startMs) / 1000)
    if (slot >= 0 && slot < series.length) series[slot] = (series[slot] as number) + 1
  }
  return series
}
