// Overlapping findings are resolved deterministically: the higher score wins, then the one
// with the nearer context word, then the longer span, then the earlier start, then the type
// name. The winners come back sorted by start.
import type { Finding } from './types.ts'

/** Distance to the finding's nearest context word; undefined when it had none. */
export type ContextDistanceOf = (finding: Finding) => number | undefined

export function resolveOverlaps (findings: Finding[], contextDistanceOf: ContextDistanceOf = () => undefined): Finding[] {
  if (findings.length < 2) return findings
  const distance = (finding: Finding): number => contextDistanceOf(finding) ?? Number.MAX_SAFE_INTEGER
  const ranked = [...findings].sort((a, b) =>
    (b.score - a.score) ||
    (distance(a) - distance(b)) ||
    ((b.end - b.start) - (a.end - a.start)) ||
    (a.start - b.start) ||
    (a.type < b.type ? -1 : a.type > b.type ? 1 : 0))
  const kept: Finding[] = [] // sorted by start, pairwise disjoint
  for (const finding of ranked) {
    let low = 0
    let high = kept.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (kept[middle]!.start < finding.start) low = middle + 1
      else high = middle
    }
    const previous = kept[low - 1]
    const next = kept[low]
    if (previous !== undefined && previous.end > finding.start) continue
    if (next !== undefined && next.start < finding.end) continue
    kept.splice(low, 0, finding)
  }
  return kept
}
