// The redaction contract shared with the processor and the CLI (see the team brief), plus the
// internal shapes detectors use to report candidates.

/** One detected span. Offsets are UTF-16 code units of the input, end exclusive; never the value. */
export interface Finding { type: string, start: number, end: number, score: number }

export type OperatorSpec =
  | { kind: 'replace' }
  | { kind: 'mask', keepLast: number, char?: string }
  | { kind: 'hash' }
  | { kind: 'remove' }

export interface CustomRule {
  /** Entity type reported for matches, e.g. EMPLOYEE_ID. */
  name: string
  /** RE2 syntax; compiled with re2js so matching is linear in the input. */
  pattern: string
  caseInsensitive: boolean
  validator: string | undefined
  context: string[]
  score: number
}

export interface AllowList {
  exact: string[]
  /** RE2 patterns; a finding whose whole text matches one is dropped. */
  patterns: string[]
}

export interface RuleSet {
  allow: AllowList
  rules: CustomRule[]
  /** Built-in entity types switched off (e.g. PERSON, LOCATION); never detected, even when listed in `entities`. */
  disable: string[]
}

export interface RedactorOptions {
  entities?: string[]
  threshold?: number
  rules?: RuleSet
  operators?: Record<string, OperatorSpec>
  defaultOperator?: OperatorSpec
  hmacKey?: string
}

export interface Redactor {
  analyze (text: string): Finding[]
  redact (text: string): { redacted: string, findings: Finding[] }
}

/** Where detectors push candidates; a plain array keeps the hot path allocation-light. */
export type FindingSink = Finding[]

export interface Detector {
  /** Entity types this detector can emit (used to skip it when none is requested). */
  types: readonly string[]
  /** Words that raise a candidate's score when found near it (lower case, matched as word prefixes). */
  context?: Readonly<Record<string, readonly string[]>>
  /**
   * Pushes candidates to `sink`. Candidates whose best possible score (with context) is below
   * `minScore` may be skipped: they could never pass the threshold.
   */
  detect (text: string, sink: FindingSink, minScore: number): void
  /** Loads what the detector needs (lexicons) once, so createRedactor pays for it, not the first document. */
  prepare?: () => void
}
