// UK_NINO: National Insurance number. The prefix letters follow HMRC's allocation rules (no D,
// F, I, Q, U or V first; no D, F, I, O, Q, U or V second; never BG, GB, KN, NK, NT, TN or ZZ)
// and the suffix is A-D. Case-insensitive, optional single spaces between the pairs.
import type { Detector, FindingSink } from '../types.ts'

const ninoPattern = /(?<![\w])(?!bg|gb|kn|nk|nt|tn|zz)[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z] ?\d{2} ?\d{2} ?\d{2} ?[a-d](?!\w)/gi

export const ukNinoDetector: Detector = {
  types: ['UK_NINO'],
  context: { UK_NINO: ['national insurance', 'nino', 'ni number', 'insurance number', 'nic'] },
  detect (text: string, sink: FindingSink): void {
    ninoPattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = ninoPattern.exec(text)) !== null) {
      sink.push({ type: 'UK_NINO', start: match.index, end: match.index + match[0].length, score: 0.5 })
    }
  }
}
