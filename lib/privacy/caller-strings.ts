// Every string a caller controls outside the document text (file names, object keys, form
// fields, publish metadata, and messages built from them) passes through here before it is
// written anywhere beyond the original object (see docs/privacy.md). The redaction engine is
// the processor's, configured the same way, so whatever it detects in text it detects here.
import { createHmac } from 'node:crypto'
import { createConfiguredRedactor, type RedactionSettings } from '../redaction/configured.ts'
import { compileOperator } from '../redaction/operators.ts'
import type { Finding, Redactor } from '../redaction/types.ts'
import { decodedView, identityView, originalSpan, replacedView, type StringView } from './string-views.ts'

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
 * (`scan_536-22-8456.pdf`, `reports/jane@example.org.pdf`). Each glue view keeps the length of
 * the view it starts from and turns more of those glue characters into spaces. They are taken
 * of the string as written and of its decoded view (percent-escapes, compatibility forms and
 * format characters undone: lib/privacy/string-views.ts), so every finding names a span of the
 * original; their union is what gets redacted.
 */
const glueViews: ReadonlyArray<(view: StringView) => StringView> = [
  (view) => view,
  (view) => replacedView(view, /[_/\\]/g, ' '),
  (view) => extensionDots(replacedView(view, /[_/\\]/g, ' ')),
  (view) => extensionDots(replacedView(view, /[_/\\+-]/g, ' '))
]

/** The dot before a trailing extension (`.pdf`, `.tar`) of each path segment becomes a space. */
function extensionDots (view: StringView): StringView {
  return replacedView(view, /\.(?=[\p{L}\p{N}]{1,5}(?:[\s/\\]|$))/gu, ' ')
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
    // A name without glue or escapes has one view, not eight: each distinct view is analysed once.
    const distinct = new Map<string, StringView>()
    const written = identityView(value)
    const decoded = decodedView(written)
    for (const base of decoded === written ? [written] : [written, decoded]) {
      for (const glue of glueViews) {
        const view = glue(base)
        if (!distinct.has(view.text)) distinct.set(view.text, view)
      }
    }
    const findings = mergeFindings([...distinct.values()].flatMap((view) => redactor.analyze(view.text).map((finding) => ({ ...finding, ...originalSpan(view, finding.start, finding.end) }))))
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
