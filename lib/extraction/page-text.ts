// Turns pdf.js text items into one page of plain text. pdf.js returns items in content-stream
// order (the order the producer wrote them, which is reading order for nearly every generator)
// and marks most line ends itself (`hasEOL`). Positions fill the gaps it leaves: items drawn
// as separate text objects on one line get a space when there is a visible gap between them,
// and a change of writing direction or a jump to another line starts a new line. Everything is
// measured along the item's own baseline direction, so rotated pages and rotated or vertical
// text are handled the same way as ordinary horizontal text.

export interface PositionedText {
  str: string
  /** pdf.js text matrix [a, b, c, d, e, f] in PDF user space. */
  transform: number[]
  /** Advance of the item along its baseline, in user space (pdf.js puts it in `height` for vertical fonts). */
  width: number
  height: number
  hasEOL: boolean
  /** The font writes top to bottom (CJK vertical writing mode). */
  vertical: boolean
}

interface Placement {
  directionX: number
  directionY: number
  /** Position along the baseline where the item starts and ends. */
  along: number
  alongEnd: number
  /** Position of the baseline itself, perpendicular to the writing direction. */
  across: number
  size: number
}

/** A gap wider than this share of the font size between two items on one line is a space. */
const spaceGapRatio = 0.2
/** Baselines further apart than this share of the font size are always different lines. */
const lineShiftRatio = 1.5
/** Smaller baseline shifts count as a new line only when the text also moves back along the line. */
const subscriptShiftRatio = 0.5
/** Control characters, the non-characters pdf.js uses for unmapped glyphs, and form feeds (our page separator). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const unprintable = /[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]/g

export function joinTextItems (items: Iterable<PositionedText>): string {
  let text = ''
  let previous: Placement | undefined
  for (const item of items) {
    const str = removeUnprintable(item.str)
    if (str.length > 0) {
      const placement = place(item)
      if (previous !== undefined && !text.endsWith('\n')) text += separator(previous, placement, text, str)
      text += str
      previous = placement
    }
    if (item.hasEOL && text.length > 0 && !text.endsWith('\n')) text = text.trimEnd() + '\n'
  }
  return text.replace(/[ \t]+\n/g, '\n').trimEnd()
}

export function removeUnprintable (text: string): string {
  return text.replace(unprintable, '')
}

function place (item: PositionedText): Placement {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform
  const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 1
  // Horizontal text advances along the text matrix's x axis; vertical text down its y axis.
  const rawX = item.vertical ? -c : a
  const rawY = item.vertical ? -d : b
  const length = Math.hypot(rawX, rawY) || 1
  const directionX = rawX / length
  const directionY = rawY / length
  const along = e * directionX + f * directionY
  const advance = item.vertical ? item.height : item.width
  return { directionX, directionY, along, alongEnd: along + advance, across: f * directionX - e * directionY, size }
}

function separator (previous: Placement, current: Placement, text: string, next: string): string {
  const sameDirection = previous.directionX * current.directionX + previous.directionY * current.directionY > 0.99
  const size = Math.max(previous.size, current.size)
  const shift = Math.abs(current.across - previous.across)
  const gap = current.along - previous.alongEnd
  // Moving to another baseline AND back towards the line start is a new line; moving up or down
  // while carrying on forwards is a superscript or subscript unless the jump is large.
  const newLine = shift > lineShiftRatio * size || (shift > subscriptShiftRatio * size && gap < 0)
  if (!sameDirection || newLine) return '\n'
  if (/\s$/.test(text) || /^\s/.test(next)) return ''
  // A jump backwards along the line (a later column or an out-of-order cell) also separates words.
  return gap > spaceGapRatio * size || gap < -size ? ' ' : ''
}
