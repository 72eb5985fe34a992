// Views of a caller string for the detectors. A caller can hide a value from a detector that
// reads the string as written: glue characters that are not word boundaries
// (`scan_536-22-8456.pdf`), percent-escapes (`jane.roe%40example.org.pdf`, as S3 keys and
// `X-File-Name` headers arrive), compatibility forms (fullwidth `＠` and digits) and invisible
// format characters (a zero-width space inside an address). Each view keeps, per UTF-16 unit
// of its text, the span of the original string it came from, so a finding in any view names a
// span of the original to redact.

export interface StringView {
  text: string
  /** Per unit of `text`: where its source starts in the original string. */
  from: Int32Array
  /** Per unit of `text`: where its source ends (exclusive) in the original string. */
  to: Int32Array
}

interface Piece { text: string, start: number, end: number }

export function identityView (value: string): StringView {
  const from = new Int32Array(value.length)
  const to = new Int32Array(value.length)
  for (let index = 0; index < value.length; index++) {
    from[index] = index
    to[index] = index + 1
  }
  return { text: value, from, to }
}

/** The span of the original string behind units [start, end) of the view. */
export function originalSpan (view: StringView, start: number, end: number): { start: number, end: number } {
  return { start: view.from[start] as number, end: view.to[end - 1] as number }
}

/** The same view with some characters replaced one for one (length kept, so the spans stay). */
export function replacedView (view: StringView, pattern: RegExp, replacement: string): StringView {
  const text = view.text.replace(pattern, replacement)
  return text === view.text ? view : { text, from: view.from, to: view.to }
}

// Plain ASCII without a percent sign has nothing to decode: most names skip the work.
const needsDecoding = /[^\x20-\x24\x26-\x7e]/

/**
 * Percent-escapes decoded (repeatedly: `%2540` is `%40` escaped once more), compatibility
 * characters folded (NFKC, so `＠` is `@` and `５` is `5`) and format characters (zero-width
 * spaces and joiners, soft hyphens, bidi controls) dropped. The original view when nothing changes.
 */
export function decodedView (written: StringView): StringView {
  let view = written
  if (!needsDecoding.test(written.text)) return view
  for (let round = 0; round < 3; round++) {
    const next = rebuild(rebuild(view, foldedPieces), percentDecodedPieces)
    if (next.text === view.text) break
    view = next
  }
  return view
}

/** A new view from pieces of the old one's text, each piece mapped to the original span of the units it replaces. */
function rebuild (view: StringView, split: (text: string) => Piece[]): StringView {
  const pieces = split(view.text)
  const length = pieces.reduce((sum, piece) => sum + piece.text.length, 0)
  const from = new Int32Array(length)
  const to = new Int32Array(length)
  let text = ''
  let at = 0
  for (const piece of pieces) {
    for (let unit = 0; unit < piece.text.length; unit++) {
      from[at] = view.from[piece.start] as number
      to[at] = view.to[piece.end - 1] as number
      at++
    }
    text += piece.text
  }
  return { text, from, to }
}

const formatCharacter = /^\p{Cf}$/u

function foldedPieces (text: string): Piece[] {
  const pieces: Piece[] = []
  let at = 0
  for (const character of text) {
    const end = at + character.length
    pieces.push({ text: formatCharacter.test(character) ? '' : character.normalize('NFKC'), start: at, end })
    at = end
  }
  return pieces
}

function percentDecodedPieces (text: string): Piece[] {
  const pieces: Piece[] = []
  let at = 0
  while (at < text.length) {
    const length = escapedCharacterLength(text, at)
    if (length > 0) {
      pieces.push({ text: decodeURIComponent(text.slice(at, at + length)), start: at, end: at + length })
      at += length
    } else {
      pieces.push({ text: text[at] as string, start: at, end: at + 1 })
      at++
    }
  }
  return pieces
}

const escapedByte = /^%[0-9A-Fa-f]{2}$/

/** Length of the percent-escaped UTF-8 character starting at `at` (3 to 12 units), 0 when there is none. */
function escapedCharacterLength (text: string, at: number): number {
  if (text[at] !== '%' || !escapedByte.test(text.slice(at, at + 3))) return 0
  const lead = Number.parseInt(text.slice(at + 1, at + 3), 16)
  const bytes = lead < 0x80 ? 1 : lead >> 5 === 0b110 ? 2 : lead >> 4 === 0b1110 ? 3 : lead >> 3 === 0b11110 ? 4 : 0
  if (bytes === 0) return 0
  const escaped = text.slice(at, at + 3 * bytes)
  for (let byte = 1; byte < bytes; byte++) {
    if (!escapedByte.test(escaped.slice(3 * byte, 3 * byte + 3))) return 0
  }
  try {
    decodeURIComponent(escaped)
    return escaped.length
  } catch {
    return 0
  }
}
