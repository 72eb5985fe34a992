// Finds planted values in text. Each value is looked for as written (case-sensitive, exact
// substring) and in the forms it takes when an output encodes it without changing it: URL
// encoding (as object keys appear in S3 notifications and URLs), form encoding, JSON string
// escaping (including \uXXXX for non-ASCII), in the other Unicode normalisation form (a name
// composed or decomposed), in text whose percent-escapes are decoded (however many characters
// were escaped), and, for text whose line breaks or runs of whitespace could split a value
// (extracted PDF text), with whitespace collapsed on both sides.
// docs/privacy.md states exactly this list.
//
// Outputs can be large (topics, tables, logs), so matching must not cost values x positions:
// needles are indexed by their first three UTF-16 code units and each text position costs one
// map lookup.
import type { PlantedValue } from './planted.ts'

export type Encoding = 'exact' | 'url' | 'url-path' | 'form' | 'json' | 'json-ascii' | 'nfc' | 'nfd' | 'url-decoded' | 'whitespace'

export interface Match {
  planted: PlantedValue
  /** How the value appeared. */
  encoding: Encoding
}

export interface Matcher {
  /** Every planted value found in the text, each value once, with the first encoding it was found in. */
  find: (text: string) => Match[]
  /** How many needles (value x encoding) are looked for. */
  readonly needles: number
}

interface Needle { text: string, planted: PlantedValue, index: number, encoding: Encoding }

const gram = 3

export function collapseWhitespace (text: string): string {
  return text.replace(/\s+/g, ' ')
}

/** The forms a value takes in outputs that encode it; each distinct form once. */
export function encodingsOf (value: string): Array<{ text: string, encoding: Encoding }> {
  const json = JSON.stringify(value).slice(1, -1)
  const candidates: Array<{ text: string, encoding: Encoding }> = [
    { text: value, encoding: 'exact' },
    { text: encodeURIComponent(value), encoding: 'url' },
    // S3 keys in URLs and in notifications keep their slashes.
    { text: encodeURIComponent(value).replace(/%2F/g, '/'), encoding: 'url-path' },
    { text: new URLSearchParams({ v: value }).toString().slice(2), encoding: 'form' },
    { text: json, encoding: 'json' },
    { text: json.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`), encoding: 'json-ascii' },
    // The same characters composed or decomposed: a macOS file name arrives decomposed.
    { text: value.normalize('NFC'), encoding: 'nfc' },
    { text: value.normalize('NFD'), encoding: 'nfd' }
  ]
  const seen = new Set<string>()
  return candidates.filter((candidate) => {
    if (seen.has(candidate.text)) return false
    seen.add(candidate.text)
    return true
  })
}

const escapedRun = /(?:%[0-9A-Fa-f]{2})+/g

/** The text with every run of percent-escapes that is valid UTF-8 decoded; other runs stay as written. */
export function percentDecoded (text: string): string {
  return text.replace(escapedRun, (run) => {
    try {
      return decodeURIComponent(run)
    } catch {
      return run
    }
  })
}

function gramKey (text: string, at: number): number {
  return (text.charCodeAt(at) * 65536 + text.charCodeAt(at + 1)) * 65536 + text.charCodeAt(at + 2)
}

export function createMatcher (values: readonly PlantedValue[]): Matcher {
  const byGram = new Map<number, Needle[]>()
  const short: Needle[] = []
  const collapsed: Needle[] = []
  let needles = 0
  values.forEach((planted, index) => {
    for (const { text, encoding } of encodingsOf(planted.value)) {
      const needle = { text, planted, index, encoding }
      needles++
      if (text.length < gram) {
        short.push(needle)
        continue
      }
      const key = gramKey(text, 0)
      const list = byGram.get(key)
      if (list === undefined) byGram.set(key, [needle])
      else list.push(needle)
    }
    const squeezed = collapseWhitespace(planted.value).trim()
    if (/\s/.test(planted.value) && squeezed !== '') collapsed.push({ text: squeezed, planted, index, encoding: 'whitespace' })
  })

  function find (text: string): Match[] {
    const found = new Map<number, Match>()
    const record = (needle: Needle, encoding: Encoding = needle.encoding): void => {
      if (!found.has(needle.index)) found.set(needle.index, { planted: needle.planted, encoding })
    }
    const scan = (searched: string, encoding?: Encoding): void => {
      const last = searched.length - gram
      for (let at = 0; at <= last; at++) {
        const candidates = byGram.get(gramKey(searched, at))
        if (candidates === undefined) continue
        for (const needle of candidates) {
          if (!found.has(needle.index) && searched.startsWith(needle.text, at)) record(needle, encoding)
        }
      }
      for (const needle of short) if (!found.has(needle.index) && searched.includes(needle.text)) record(needle, encoding)
    }
    scan(text)
    // Escapes the encoded forms above do not cover (`%6A%61ne`, every character escaped).
    if (text.includes('%')) {
      const decoded = percentDecoded(text)
      if (decoded !== text) scan(decoded, 'url-decoded')
    }
    // Extraction may break a value with spaces across lines; only such values need the second pass.
    if (collapsed.length > 0 && /\s/.test(text)) {
      const squeezed = collapseWhitespace(text)
      for (const needle of collapsed) {
        if (!found.has(needle.index) && squeezed.includes(needle.text)) record(needle)
      }
    }
    return [...found.values()]
  }

  return { find, needles }
}
