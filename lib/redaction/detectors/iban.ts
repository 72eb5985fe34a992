// IBAN_CODE: country code, two check digits and the country's exact length, written compact or
// in groups of four with one consistent separator (space or dash), then mod-97. The character
// right after the last one must not continue the token, so a longer string is not cut to fit;
// a following column in a table ("... 3350 00 2a02:...") is fine.
import type { Detector, FindingSink } from '../types.ts'
import { charAt, isDigit, isWordChar } from './chars.ts'
import { ibanLength } from '../validators/iban-lengths.ts'
import { mod97Valid } from '../validators/mod97.ts'

const startPattern = /(?<![\w-])[A-Z]{2}\d{2}(?=[ -]?[0-9A-Z])/g

function isIbanChar (code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90)
}

/** Returns the end of an IBAN of `length` characters starting at `start`, or -1. */
export function readIban (text: string, start: number, length: number): number {
  const separator = charAt(text, start + 4)
  const grouped = separator === 32 || separator === 45
  let position = start
  let count = 0
  while (count < length) {
    if (grouped && count > 0 && count % 4 === 0) {
      if (charAt(text, position) !== separator) return -1
      position++
    }
    if (!isIbanChar(charAt(text, position))) return -1
    position++
    count++
  }
  const next = charAt(text, position)
  return next !== -1 && isWordChar(next) ? -1 : position
}

export const ibanDetector: Detector = {
  types: ['IBAN_CODE'],
  context: { IBAN_CODE: ['iban', 'bank', 'account', 'transfer', 'swift', 'bic'] },
  detect (text: string, sink: FindingSink): void {
    startPattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = startPattern.exec(text)) !== null) {
      const length = ibanLength(match[0].slice(0, 2))
      if (length === undefined) continue
      const end = readIban(text, match.index, length)
      if (end === -1 || !mod97Valid(text.slice(match.index, end))) continue
      sink.push({ type: 'IBAN_CODE', start: match.index, end, score: 1 })
      startPattern.lastIndex = end
    }
  }
}
