// Context-word boosting. A weak candidate (a bare nine-digit number) becomes a confident one
// when a word such as "SSN" appears shortly before it (or just after it on the same line, as in
// "078051123 (SSN)"). The boost mirrors Presidio's context enhancer: +0.35, at least 0.4, at most 1.

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
  // After the value only on the same line: in forms the next line is the next field's label.
  let afterEnd = Math.min(text.length, end + WINDOW_AFTER)
  const lineBreak = text.indexOf('\n', end)
  if (lineBreak !== -1 && lineBreak < afterEnd) afterEnd = lineBreak
  return afterEnd > end && matcher.test(text.slice(end, afterEnd))
}

/** The lowest score that context words could still lift to `threshold`. */
export function lowestLiftableScore (threshold: number): number {
  return Math.min(threshold - BOOST, FLOOR_WITH_CONTEXT) - 0.005
}

/** Rounded to two decimals so 0.15 + 0.35 is exactly 0.5 and thresholds behave as written. */
export function boostedScore (score: number): number {
  return Math.min(1, Math.round(Math.max(score + BOOST, FLOOR_WITH_CONTEXT) * 100) / 100)
}
