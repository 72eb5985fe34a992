// US_PASSPORT, US_BANK_NUMBER and US_DRIVER_LICENSE have no checksum: their formats are
// generic digit or letter+digit runs, so they are reported with low scores that only a
// context word ("passport", "account", "driver's license") lifts over the default threshold.
// One scan over alphanumeric tokens serves all three.
import type { Detector, FindingSink } from '../types.ts'
import { execWithLeftBoundary, isNumberGlue } from './chars.ts'

// Every format below starts with one to three letters and a digit, or with two digits.
const tokenPattern = /(?:[A-Z]{1,3}\d|\d{2})[A-Z0-9]{3,17}(?![\w]|[.-]\d)/g

// State formats compiled from the AAMVA list; digit-only formats are kept apart because they
// collide with every other number and get the lowest score.
const licenseLetters = /^(?:[A-Z]\d{4,14}|[A-Z]\d{18}|[A-Z]{2}\d{3,7}|[A-Z]{2}\d{6}[A-Z]|\d{2}[A-Z]{3}\d{5,6}|[A-Z]\d{6}R|\d{9}[A-Z]|\d{8}[A-Z]{2}|\d{3}[A-Z]{2}\d{4}|\d{7,8}[A-Z]|[A-Z]\d[A-Z]\d[A-Z]|[A-Z]{3}\d{6,7})$/
const licenseDigits = /^(?:\d{6,14}|\d{16})$/
const passportPattern = /^(?:[A-Z]\d{8}|\d{9})$/
const bankPattern = /^\d{8,17}$/

const PASSPORT_LETTER_SCORE = 0.3
const PASSPORT_DIGITS_SCORE = 0.15
const BANK_SCORE = 0.15
const LICENSE_LETTERS_SCORE = 0.3
const LICENSE_DIGITS_SCORE = 0.01

export const usWeakNumbersDetector: Detector = {
  types: ['US_PASSPORT', 'US_BANK_NUMBER', 'US_DRIVER_LICENSE'],
  context: {
    US_PASSPORT: ['passport', 'travel document', 'passport number', 'passport no'],
    US_BANK_NUMBER: ['bank', 'account', 'acct', 'checking', 'savings', 'deposit', 'routing'],
    US_DRIVER_LICENSE: ['driver', 'license', 'licence', 'driving', 'dl', 'permit', 'dmv']
  },
  detect (text: string, sink: FindingSink, minScore: number): void {
    // Short digit runs can only be driver's licences at the lowest score: skip them when that
    // score cannot reach the threshold (the common case), as tables are full of them.
    const shortDigitsUseless = LICENSE_DIGITS_SCORE < minScore
    tokenPattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = execWithLeftBoundary(tokenPattern, text, isNumberGlue)) !== null) {
      const token = match[0]
      const start = match.index
      const end = start + token.length
      const allDigits = /^\d+$/.test(token)
      if (allDigits && token.length < 8 && shortDigitsUseless) continue
      if (passportPattern.test(token)) sink.push({ type: 'US_PASSPORT', start, end, score: allDigits ? PASSPORT_DIGITS_SCORE : PASSPORT_LETTER_SCORE })
      if (allDigits && bankPattern.test(token)) sink.push({ type: 'US_BANK_NUMBER', start, end, score: BANK_SCORE })
      if (allDigits ? licenseDigits.test(token) : licenseLetters.test(token)) {
        sink.push({ type: 'US_DRIVER_LICENSE', start, end, score: allDigits ? LICENSE_DIGITS_SCORE : LICENSE_LETTERS_SCORE })
      }
    }
  }
}
