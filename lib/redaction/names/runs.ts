// Runs of capitalised words: the candidates for person and place names. A run is a sequence
// of capitalised words and initials separated by single spaces, with lower-case name particles
// allowed inside ("Jane A. Roe", "Ludwig van der Berg", "Rio de Janeiro"). Runs are found by
// one regex pass; each is then cut into tokens with fold keys for the lexicons.
import { foldKey } from './fold.ts'
import { nameParticles } from './words.ts'

export interface Token {
  start: number
  end: number
  /** Fold key (lower case, no accents); for initials the letter. */
  key: string
  kind: 'word' | 'initial' | 'particle'
  /** Written in capitals throughout and longer than one letter ("ROE"). */
  allCaps: boolean
}

const word = "\\p{Lu}[\\p{L}\\p{M}]*(?:['’-]\\p{L}[\\p{L}\\p{M}]*)*"
const initial = '\\p{Lu}\\.(?:-?\\p{Lu}\\.)*'
const token = `(?:${initial}|${word})`
const space = '[ \\u00A0]'
const runPattern = new RegExp(`${token}(?:${space}(?:(?:${nameParticles})${space})*${token})*`, 'yu')
/**
 * Where a run can start: capital letters of the Latin, Greek and Cyrillic blocks (with some
 * lower-case letters among them, which the run pattern then rejects). A regex without Unicode
 * property classes finds these several times faster than the run pattern can; the run pattern
 * then runs anchored at each one.
 */
const runStart = /[A-Z\u00C0-\u00DE\u0100-\u024F\u0370-\u03FF\u0400-\u04FF\u1E00-\u1EFF]/g

const particleSet = new Set(nameParticles.split('|'))
const possessive = /['’]s$/

/** Characters that glue a run to an identifier, path or e-mail address on its left. */
function gluedBefore (code: number): boolean {
  return code === 64 || code === 46 || code === 47 || code === 92 || code === 95 || code === 35 || code === 45 || (code >= 48 && code <= 57) ||
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code > 127 && /[\p{L}\p{M}\p{N}]/u.test(String.fromCharCode(code)))
}

function isAlphanumeric (code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code > 127 && /[\p{L}\p{N}]/u.test(String.fromCharCode(code)))
}

/** A run followed by "@", "_", a digit, or "." / "/" / ":" glued to more text is part of an identifier, address or URL. */
function gluedAfter (text: string, end: number): boolean {
  if (end >= text.length) return false
  const code = text.charCodeAt(end)
  if (code === 64 || code === 95 || (code >= 48 && code <= 57)) return true
  if (code === 46 || code === 47 || code === 58) return end + 1 < text.length && (isAlphanumeric(text.charCodeAt(end + 1)) || text.charCodeAt(end + 1) === 47)
  return false
}

/**
 * Calls `onRun` for each run that is not glued to an identifier, with its tokens. The token
 * array is reused between calls: copy what must outlive the call. A run of one word is first
 * offered to `skipWord` (as written, with offsets): most runs are one ordinary word starting a
 * sentence, and skipping them before building tokens is most of the detector's speed.
 */
export function scanRuns (text: string, onRun: (tokens: Token[]) => void, skipWord: (word: string, start: number, end: number) => boolean): void {
  const tokens: Token[] = []
  runStart.lastIndex = 0
  let hint: RegExpExecArray | null
  while ((hint = runStart.exec(text)) !== null) {
    const start = hint.index
    if (start > 0 && gluedBefore(text.charCodeAt(start - 1))) continue
    runPattern.lastIndex = start
    const match = runPattern.exec(text)
    if (match === null) continue
    let value = match[0]
    runStart.lastIndex = start + value.length
    // A last word glued to an identifier ("Lucas Dubois FR76 3000 ...", an IBAN in the next
    // column) belongs to the identifier; the words before it are still a run.
    while (gluedAfter(text, start + value.length)) {
      const lastSpace = Math.max(value.lastIndexOf(' '), value.lastIndexOf('\u00A0'))
      if (lastSpace === -1) break
      value = value.slice(0, lastSpace)
    }
    const end = start + value.length
    if (gluedAfter(text, end)) continue
    if (value.indexOf(' ') === -1 && value.indexOf('\u00A0') === -1 && !value.endsWith('.') && skipWord(value, start, end)) continue
    tokens.length = 0
    let offset = 0
    for (const part of value.split(/[ \u00A0]/)) {
      const partStart = start + offset
      offset += part.length + 1
      if (particleSet.has(part)) {
        tokens.push({ start: partStart, end: partStart + part.length, key: part, kind: 'particle', allCaps: false })
        continue
      }
      let partEnd = partStart + part.length
      let written = part
      if (part.length > 3 && possessive.test(part)) {
        written = part.slice(0, -2)
        partEnd -= 2
      }
      const isInitial = written.endsWith('.')
      const key = foldKey(isInitial ? written.slice(0, -1) : written)
      tokens.push({ start: partStart, end: partEnd, key, kind: isInitial ? 'initial' : 'word', allCaps: written.length > 1 && !isInitial && written === written.toUpperCase() })
    }
    onRun(tokens)
  }
}
