// The demo's proof that redaction worked: every planted personal-data value of the corpus
// manifest (labelled identifiers, people's names, postal address lines) is searched for in every
// output object written for its document. Whitespace is collapsed on both sides first, because
// extraction may break a value across a line. A leak is reported by document and type only; the
// value itself is never printed. Counts per type show what was checked (PERSON and LOCATION too).

export interface PlantedValue { documentId: string, type: string, value: string }
export interface OutputObject { documentId: string, key: string, content: string }
export interface Leak { documentId: string, key: string, type: string }

export interface PrivacyReport {
  objectsChecked: number
  valuesChecked: number
  documentsChecked: number
  /** Values searched and values found, per planted type (one value counted once per output object). */
  byType: Record<string, { checked: number, leaked: number }>
  leaks: Leak[]
}

export function normalizeWhitespace (text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** JSON outputs escape some characters; search the decoded strings as well as the raw text. */
function searchableText (content: string): string {
  const trimmed = content.trimStart()
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return normalizeWhitespace(content)
  const strings: string[] = [content]
  try {
    collectStrings(JSON.parse(content), strings)
  } catch {
    // Not JSON after all: the raw text is searched.
  }
  return normalizeWhitespace(strings.join('\n'))
}

function collectStrings (value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value)
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into)
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) collectStrings(item, into)
}

export function checkPrivacy (planted: readonly PlantedValue[], outputs: readonly OutputObject[]): PrivacyReport {
  // A value planted twice in one document (on two pages) is one value to look for.
  const valuesByDocument = new Map<string, PlantedValue[]>()
  for (const entry of planted) {
    const list = valuesByDocument.get(entry.documentId) ?? []
    if (!list.some((known) => known.value === entry.value)) list.push(entry)
    valuesByDocument.set(entry.documentId, list)
  }
  const leaks: Leak[] = []
  const byType: PrivacyReport['byType'] = {}
  let valuesChecked = 0
  const documents = new Set<string>()
  for (const output of outputs) {
    documents.add(output.documentId)
    const text = searchableText(output.content)
    for (const entry of valuesByDocument.get(output.documentId) ?? []) {
      valuesChecked++
      const counts = byType[entry.type] ?? { checked: 0, leaked: 0 }
      counts.checked++
      byType[entry.type] = counts
      const needle = normalizeWhitespace(entry.value)
      if (needle !== '' && text.includes(needle)) {
        counts.leaked++
        leaks.push({ documentId: output.documentId, key: output.key, type: entry.type })
      }
    }
  }
  return { objectsChecked: outputs.length, valuesChecked, documentsChecked: documents.size, byType, leaks }
}
