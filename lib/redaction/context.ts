// Context-word boosting. A weak candidate (a bare nine-digit number) becomes a confident one
// when a word such as "SSN" appears shortly before it (or just after, as in table headers read
// right to left). The boost mirrors Presidio's context enhancer: +0.35, at least 0.4, at most 1.

const WINDOW_BEFORE = 48
const WINDOW_AFTER = 24
const BOOST = 0.35
const FLOOR_WITH_CONTEXT = 0.4

export type ContextMatcher = RegExp

export function compileContext (words: readonly string[]): ContextMatcher | undefined {
  const cleaned = words.map((word) => word.trim().toLowerCase()).filter((word) => word.length > 0)
  if (cleaned.length === 0) return undefined
  const escaped = cleaned.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[\\s_-]+'))
  // Word start only, so "tel" matches "tel:" and "telephone" but not "hotel".
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})`, 'iu')
}

export function hasContext (text: string, start: number, end: number, matcher: ContextMatcher): boolean {
  const before = text.slice(Math.max(0, start - WINDOW_BEFORE), start)
  if (matcher.test(before)) return true
  return matcher.test(text.slice(end, end + WINDOW_AFTER))
}

/** The lowest score that context words could still lift to `threshold`. */
export function lowestLiftableScore (threshold: number): number {
  return Math.min(threshold - BOOST, FLOOR_WITH_CONTEXT) - 0.005
}

/** Rounded to two decimals so 0.15 + 0.35 is exactly 0.5 and thresholds behave as written. */
export function boostedScore (score: number): number {
  return Math.min(1, Math.round(Math.max(score + BOOST, FLOOR_WITH_CONTEXT) * 100) / 100)
}
