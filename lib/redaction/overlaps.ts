// Overlapping findings are resolved deterministically: the higher score wins, then the longer
// span, then the earlier start, then the type name. The winners come back sorted by start.
import type { Finding } from './types.ts'

function priority (a: Finding, b: Finding): number {
  return (b.score - a.score) || ((b.end - b.start) - (a.end - a.start)) || (a.start - b.start) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)
}

export function resolveOverlaps (findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings
  const ranked = [...findings].sort(priority)
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
