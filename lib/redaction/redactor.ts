// The engine: runs the requested detectors over a document, lifts scores with context words,
// applies the threshold and allow-list, resolves overlaps and applies operators. Everything
// that can be prepared (detector selection, context regexes, allow-list patterns, operators)
// is prepared once in createRedactor; analyze/redact only scan.
import type { RE2JS } from 're2js'
import { SluiceError } from '../errors.ts'
import { boostedScore, compileContext, contextDistance, lowestLiftableScore, type ContextMatcher } from './context.ts'
import { customRulesDetector } from './custom-rules.ts'
import { builtInDetectors, builtInEntities } from './detectors/index.ts'
import { compileOperator, type ApplyOperator } from './operators.ts'
import { resolveOverlaps } from './overlaps.ts'
import { compileUserPattern } from './rules.ts'
import type { Detector, Finding, Redactor, RedactorOptions } from './types.ts'

const DEFAULT_THRESHOLD = 0.5

function selectEntities (requested: string[] | undefined, available: readonly string[]): Set<string> {
  if (requested === undefined) return new Set(available)
  const unknown = requested.filter((entity) => !available.includes(entity))
  if (unknown.length > 0) {
    throw new SluiceError('USAGE', `unknown entity type(s): ${unknown.join(', ')}`, { hint: `Known types: ${available.join(', ')}` })
  }
  return new Set(requested)
}

export function createRedactor (options: RedactorOptions = {}): Redactor {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new SluiceError('USAGE', `threshold must be a number from 0 to 1, got ${String(threshold)}`)
  }
  const rules = options.rules?.rules ?? []
  const candidates: Detector[] = [...builtInDetectors]
  if (rules.length > 0) candidates.push(customRulesDetector(rules))
  const available = [...new Set([...builtInEntities, ...rules.map((rule) => rule.name)])]
  const entities = selectEntities(options.entities, available)
  for (const entity of options.rules?.disable ?? []) entities.delete(entity)
  const detectors = candidates.filter((detector) => detector.types.some((type) => entities.has(type)))
  for (const detector of detectors) detector.prepare?.()

  // Custom rules may add context words to a built-in type, so words are merged per type.
  const contextByType = new Map<string, ContextMatcher>()
  for (const type of new Set(detectors.flatMap((detector) => Object.keys(detector.context ?? {})))) {
    const matcher = compileContext(detectors.flatMap((detector) => [...(detector.context?.[type] ?? [])]))
    if (matcher !== undefined) contextByType.set(type, matcher)
  }

  const liftable = lowestLiftableScore(threshold)
  const allowExact = new Set(options.rules?.allow.exact ?? [])
  const allowPatterns: RE2JS[] = (options.rules?.allow.patterns ?? []).map((pattern, index) => compileUserPattern(pattern, false, `allow.patterns[${index}]`))

  const defaultOperator = compileOperator(options.defaultOperator ?? { kind: 'replace' }, options.hmacKey)
  const operatorByType = new Map<string, ApplyOperator>()
  for (const [type, spec] of Object.entries(options.operators ?? {})) operatorByType.set(type, compileOperator(spec, options.hmacKey))

  function allowed (text: string, finding: Finding): boolean {
    if (allowExact.size === 0 && allowPatterns.length === 0) return false
    const value = text.slice(finding.start, finding.end)
    if (allowExact.has(value)) return true
    return allowPatterns.some((pattern) => pattern.testExact(value))
  }

  function analyze (text: string): Finding[] {
    const raw: Finding[] = []
    for (const detector of detectors) detector.detect(text, raw, liftable)
    const accepted: Finding[] = []
    const distances = new Map<Finding, number>()
    for (const finding of raw) {
      if (!entities.has(finding.type)) continue
      // Context words are looked for only when they could lift the finding over the threshold.
      if (finding.score < liftable) continue
      const context = contextByType.get(finding.type)
      const distance = context === undefined ? -1 : contextDistance(text, finding.start, finding.end, context)
      if (distance !== -1) {
        finding.score = boostedScore(finding.score)
        distances.set(finding, distance)
      }
      if (finding.score < threshold || allowed(text, finding)) continue
      accepted.push(finding)
    }
    return resolveOverlaps(accepted, (finding) => distances.get(finding))
  }

  function redact (text: string): { redacted: string, findings: Finding[] } {
    const findings = analyze(text)
    if (findings.length === 0) return { redacted: text, findings }
    const parts: string[] = []
    let cursor = 0
    for (const finding of findings) {
      parts.push(text.slice(cursor, finding.start))
      const apply = operatorByType.get(finding.type) ?? defaultOperator
      parts.push(apply(finding, text.slice(finding.start, finding.end)))
      cursor = finding.end
    }
    parts.push(text.slice(cursor))
    return { redacted: parts.join(''), findings }
  }

  return { analyze, redact }
}
