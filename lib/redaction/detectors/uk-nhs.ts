// UK_NHS: ten digits as 3-3-4 (space, dash or none) with a valid modulus-11 check digit.
import type { Detector, FindingSink } from '../types.ts'
import { nhsMod11Valid } from '../validators/mod11.ts'

// One random ten-digit number in eleven passes mod 11, so without a word such as "NHS" nearby
// the score sits at the threshold and loses ties to findings that have their context.
const NHS_SCORE = 0.5
const nhsPattern = /(?<![\w.-])\d{3}([- ]?)\d{3}\1\d{4}(?![\w]|[.-]\d)/g

export const ukNhsDetector: Detector = {
  types: ['UK_NHS'],
  context: { UK_NHS: ['nhs', 'health', 'patient', 'hospital', 'medical', 'national health'] },
  detect (text: string, sink: FindingSink): void {
    nhsPattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = nhsPattern.exec(text)) !== null) {
      if (!nhsMod11Valid(match[0])) {
        nhsPattern.lastIndex = match.index + 1
        continue
      }
      sink.push({ type: 'UK_NHS', start: match.index, end: match.index + match[0].length, score: NHS_SCORE })
    }
  }
}
