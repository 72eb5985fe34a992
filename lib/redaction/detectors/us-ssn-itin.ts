// US_SSN and US_ITIN share one shape (3-2-4 digits); the first digit decides which one it can
// be (ITINs start with 9, SSNs never do). Consistently delimited numbers score 0.5, bare
// nine-digit runs 0.3 and odd splits (078-051121) 0.1, so bare or oddly split numbers need a
// context word such as "SSN" nearby to pass the default threshold.
import type { Detector, FindingSink } from '../types.ts'
import { execWithLeftBoundary, isNumberGlue } from './chars.ts'
import { itinDigitsValid, ssnDigitsValid } from '../validators/ssn.ts'

const shapePattern = /(?:(\d{3})([- .])(\d{2})\2(\d{4})|(\d{9})|(\d{3})-(\d{6})|(\d{5})-(\d{4}))(?![\w]|[.-]\d)/g

const DELIMITED_SCORE = 0.5
const BARE_SCORE = 0.3
const ODD_SPLIT_SCORE = 0.1

export const usSsnItinDetector: Detector = {
  types: ['US_SSN', 'US_ITIN'],
  context: {
    US_SSN: ['ssn', 'social security', 'social', 'security number', 'ssns'],
    US_ITIN: ['itin', 'taxpayer', 'tax id', 'tax identification', 'individual taxpayer']
  },
  detect (text: string, sink: FindingSink): void {
    shapePattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = execWithLeftBoundary(shapePattern, text, isNumberGlue)) !== null) {
      let digits: string
      let score: number
      if (match[1] !== undefined) {
        digits = match[1] + match[3]! + match[4]!
        score = DELIMITED_SCORE
      } else if (match[5] !== undefined) {
        digits = match[5]
        score = BARE_SCORE
      } else {
        digits = match[0].replace('-', '')
        score = ODD_SPLIT_SCORE
      }
      const start = match.index
      const end = start + match[0].length
      if (ssnDigitsValid(digits)) sink.push({ type: 'US_SSN', start, end, score })
      else if (itinDigitsValid(digits)) sink.push({ type: 'US_ITIN', start, end, score })
    }
  }
}
