// US_SSN and US_ITIN share one shape (3-2-4 digits); the first digit decides which one it can
// be (ITINs start with 9, SSNs never do). Consistently delimited numbers score 0.5, bare
// nine-digit runs 0.3 and odd splits (078-051121) 0.1, so bare or oddly split numbers need a
// context word such as "SSN" nearby to pass the default threshold.
import type { Detector, FindingSink } from '../types.ts'
import { itinDigitsValid, ssnDigitsValid } from '../validators/ssn.ts'

const shapePattern = /(?<![\w.-])\d{3}(?:([- .])\d{2}\1\d{4}|\d{6}|-\d{6}|\d{2}-\d{4})(?![\w]|[.-]\d)/g

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
    while ((match = shapePattern.exec(text)) !== null) {
      const value = match[0]
      const digits = value.length === 9 ? value : value.replace(/\D/g, '')
      const score = match[1] !== undefined ? DELIMITED_SCORE : value.length === 9 ? BARE_SCORE : ODD_SPLIT_SCORE
      const start = match.index
      const end = start + value.length
      if (ssnDigitsValid(digits)) sink.push({ type: 'US_SSN', start, end, score })
      else if (itinDigitsValid(digits)) sink.push({ type: 'US_ITIN', start, end, score })
    }
  }
}
