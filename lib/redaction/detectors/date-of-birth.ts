// DATE_OF_BIRTH: a complete calendar date (day, month and year, numeric or with a month name)
// that has a birth-related word shortly before it. Dates without such a word are ordinary
// dates and are not reported: redacting every date would destroy documents.
import type { Detector, FindingSink } from '../types.ts'

const months = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?'
const datePattern = new RegExp(
  '(?<![\\w./-])(?:' +
  '(\\d{1,2})([./-])(\\d{1,2})\\2(\\d{4}|\\d{2})' + // 05/21/1990, 21.05.90
  '|(\\d{4})-(\\d{1,2})-(\\d{1,2})' + // 1990-05-21
  `|(\\d{1,2})(?:st|nd|rd|th)?[ -](?:of )?(${months})\\.?,?[ -](\\d{4})` + // 21 May 1990, 21-May-1990
  `|(${months})\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})` + // May 21, 1990
  ')(?![\\w]|[./-]\\d)', 'gi')

const birthWords = /\b(?:born|birth|birthday|birthdate|dob|d\.o\.b|geboren|n[ée]e? le|fecha de nacimiento)/gi
/** How far after a birth word a date may start ("Date of birth (as on passport): ..."). */
const CONTEXT_WINDOW = 48
const MAX_DATE_LENGTH = 24

function plausibleDay (day: number, month: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31
}

function plausibleDate (match: RegExpExecArray): boolean {
  if (match[1] !== undefined) {
    const first = Number(match[1])
    const second = Number(match[3])
    return plausibleDay(first, second) || plausibleDay(second, first)
  }
  if (match[5] !== undefined) return plausibleDay(Number(match[7]), Number(match[6]))
  const day = Number(match[8] ?? match[12])
  return day >= 1 && day <= 31
}

// Birth words are rare, so they are searched first and the date regex only runs just after them.
export const dateOfBirthDetector: Detector = {
  types: ['DATE_OF_BIRTH'],
  detect (text: string, sink: FindingSink): void {
    birthWords.lastIndex = 0
    let lastEnd = 0
    let word: RegExpExecArray | null
    while ((word = birthWords.exec(text)) !== null) {
      const windowStart = Math.max(word.index + word[0].length, lastEnd)
      const window = text.slice(windowStart, windowStart + CONTEXT_WINDOW + MAX_DATE_LENGTH)
      datePattern.lastIndex = 0
      let match: RegExpExecArray | null
      while ((match = datePattern.exec(window)) !== null) {
        if (match.index > CONTEXT_WINDOW) break
        if (!plausibleDate(match)) continue
        const start = windowStart + match.index
        lastEnd = start + match[0].length
        sink.push({ type: 'DATE_OF_BIRTH', start, end: lastEnd, score: 0.85 })
      }
    }
  }
}
