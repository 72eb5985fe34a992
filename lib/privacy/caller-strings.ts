// Every string a caller controls outside the document text (file names, object keys, form
// fields, publish metadata, and messages built from them) passes through here before it is
// written anywhere beyond the original object (see docs/privacy.md). The redaction engine is
// the processor's, configured the same way, so whatever it detects in text it detects here.
import { createHmac } from 'node:crypto'
import { createConfiguredRedactor, type RedactionSettings } from '../redaction/configured.ts'
import { compileOperator } from '../redaction/operators.ts'
import type { Finding, Redactor } from '../redaction/types.ts'

export interface CallerStrings {
  /** The string with every finding replaced by `[TYPE]`, as the processor redacts text. */
  redact: (value: string) => string
  /** Keys and values both redacted (form field names are caller strings too). */
  redactMap: (map: Readonly<Record<string, string>>) => Record<string, string>
  /** A stable keyed pseudonym (HMAC-SHA256 with the redaction key, 32 hex digits): a join key that never reveals the value. */
  pseudonym: (value: string) => string
}

const replace = compileOperator({ kind: 'replace' }, undefined)
const pseudonymHexLength = 32

/**
 * Names glue their parts with characters that are not word boundaries for the detectors
 * (`scan_536-22-8456.pdf`, `reports/jane@example.org.pdf`). Each view keeps the string's length
 * and turns more of those glue characters into spaces, so the findings of every view are
 * offsets into the original; their union is what gets redacted.
 */
const views: ReadonlyArray<(value: string) => string> = [
  (value) => value,
  (value) => value.replace(/[_/\\]/g, ' '),
  (value) => extensionDots(value.replace(/[_/\\]/g, ' ')),
  (value) => extensionDots(value.replace(/[_/\\+-]/g, ' '))
]

/** The dot before a trailing extension (`.pdf`, `.tar`) of each path segment becomes a space. */
function extensionDots (value: string): string {
  return value.replace(/\.(?=[\p{L}\p{N}]{1,5}(?:[\s/\\]|$))/gu, ' ')
}

/** Overlapping findings of different views become one span, named after its longest finding. */
function mergeFindings (findings: Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end)
  const merged: Finding[] = []
  for (const finding of sorted) {
    const last = merged.at(-1)
    if (last === undefined || finding.start >= last.end) {
      merged.push({ ...finding })
      continue
    }
    if (finding.end - finding.start > last.end - last.start) last.type = finding.type
    last.end = Math.max(last.end, finding.end)
  }
  return merged
}

export function callerStrings (redactor: Redactor, hmacKey: string): CallerStrings {
  const redact = (raw: string): string => {
    // Names from macOS arrive decomposed (NFD); the detectors and the planted values are NFC.
    const value = raw.normalize('NFC')
    // A name without glue characters has one view, not four: each distinct view is analysed once.
    const distinct = new Set(views.map((view) => view(value)))
    const findings = mergeFindings([...distinct].flatMap((view) => redactor.analyze(view)))
    if (findings.length === 0) return value
    let redacted = ''
    let cursor = 0
    for (const finding of findings) {
      redacted += value.slice(cursor, finding.start) + replace(finding, value.slice(finding.start, finding.end))
      cursor = finding.end
    }
    return redacted + value.slice(cursor)
  }
  return {
    redact,
    redactMap: (map) => Object.fromEntries(Object.entries(map).map(([key, value]) => [redact(key), redact(value)])),
    pseudonym: (value) => createHmac('sha256', hmacKey).update('sluice caller string\n').update(value.normalize('NFC')).digest('hex').slice(0, pseudonymHexLength)
  }
}

/** The caller-string redaction with the configured engine (SLUICE_REDACTION_*). */
export async function createCallerStrings (settings: RedactionSettings): Promise<CallerStrings> {
  return callerStrings(await createConfiguredRedactor(settings), settings.hmacKey)
}
