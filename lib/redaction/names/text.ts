// Small text look-ups shared by the name and place rules: the word before a position, the
// label before a colon. They work on char codes and build at most one short string.
import { foldKey } from './fold.ts'

export function isLetter (code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code > 127 && /[\p{L}\p{M}]/u.test(String.fromCharCode(code)))
}

export function isSpace (code: number): boolean {
  return code === 32 || code === 160 || code === 9
}

/** The fold key of the word that ends at `end` (exclusive), and where it starts. */
export function wordEndingAt (text: string, end: number): { key: string, start: number } | undefined {
  let start = end
  while (start > 0 && isLetter(text.charCodeAt(start - 1))) start--
  if (start === end) return undefined
  return { key: foldKey(text.slice(start, end)), start }
}

/** The fold key of the label word before a colon at `colon`, skipping a "(s)" as in "First name(s):". */
export function labelBefore (text: string, colon: number): { key: string, start: number } | undefined {
  let end = colon
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--
  if (end > 0 && text.charCodeAt(end - 1) === 41) {
    const open = text.lastIndexOf('(', end)
    if (open !== -1 && end - open <= 4) end = open
  }
  return wordEndingAt(text, end)
}
