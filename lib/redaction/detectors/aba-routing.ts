// ABA_ROUTING_NUMBER: nine digits (or 4-4-1 with dashes) with a Federal Reserve prefix and the
// 3-7-1 checksum. One random nine-digit number in about forty passes, so the score stays below
// the default threshold until a word such as "routing" is near.
import type { Detector, FindingSink } from '../types.ts'
import { abaValid } from '../validators/aba.ts'

const abaPattern = /(?<![\w.-])\d{4}(?:\d{5}|-\d{4}-\d)(?![\w]|[.-]\d)/g

export const abaRoutingDetector: Detector = {
  types: ['ABA_ROUTING_NUMBER'],
  context: { ABA_ROUTING_NUMBER: ['aba', 'routing', 'transit', 'rtn', 'bank'] },
  detect (text: string, sink: FindingSink): void {
    abaPattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = abaPattern.exec(text)) !== null) {
      if (abaValid(match[0])) sink.push({ type: 'ABA_ROUTING_NUMBER', start: match.index, end: match.index + match[0].length, score: 0.4 })
    }
  }
}
