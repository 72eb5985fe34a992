// One spelling for lexicon look-ups: lower case without accents, so "García", "GARCIA" and
// "Garcia" meet the same entry (the name lexicons are mostly written without diacritics).
// Letters that Unicode does not decompose into a base letter and a mark are mapped by hand.

const undecomposed: Record<string, string> = { ł: 'l', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', þ: 'th', ı: 'i', '’': "'" }
const undecomposedPattern = /[łøæœßđðþı’]/g
const marks = /\p{M}/gu

function isAscii (text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false
  return true
}

export function foldKey (word: string): string {
  const lower = word.toLowerCase()
  if (isAscii(lower)) return lower
  return lower.normalize('NFD').replace(marks, '').replace(undecomposedPattern, (letter) => undecomposed[letter]!)
}
