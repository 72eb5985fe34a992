// Context-word boosting. A weak candidate (a bare nine-digit number) becomes a confident one
// when a word such as "SSN" appears shortly before it (or just after it on the same line, as in
// "078051123 (SSN)"). The boost mirrors Presidio's context enhancer: +0.35, at least 0.4, at
// most 1. The distance to the nearest context word also breaks ties between overlapping
// findings: in a form, the label right before a value names it, not the one a line above.

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
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})`, 'giu')
}

/**
 * Characters between the finding and the nearest context word (before it, or after it on the
 * same line), or -1 when there is none.
 */
export function contextDistance (text: string, start: number, end: number, matcher: ContextMatcher): number {
  const windowStart = Math.max(0, start - WINDOW_BEFORE)
  const before = text.slice(windowStart, start)
  let nearestEnd = -1
  matcher.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = matcher.exec(before)) !== null) nearestEnd = match.index + match[0].length
  if (nearestEnd !== -1) return before.length - nearestEnd
  // After the value only on the same line: in forms the next line is the next field's label.
  let afterEnd = Math.min(text.length, end + WINDOW_AFTER)
  const lineBreak = text.indexOf('\n', end)
  if (lineBreak !== -1 && lineBreak < afterEnd) afterEnd = lineBreak
  if (afterEnd <= end) return -1
  matcher.lastIndex = 0
  const after = matcher.exec(text.slice(end, afterEnd))
  return after === null ? -1 : after.index
}

/** The lowest score that context words could still lift to `threshold`. */
export function lowestLiftableScore (threshold: number): number {
  return Math.min(threshold - BOOST, FLOOR_WITH_CONTEXT) - 0.005
}

/** Rounded to two decimals so 0.15 + 0.35 is exactly 0.5 and thresholds behave as written. */
export function boostedScore (score: number): number {
  return Math.min(1, Math.round(Math.max(score + BOOST, FLOOR_WITH_CONTEXT) * 100) / 100)
}
