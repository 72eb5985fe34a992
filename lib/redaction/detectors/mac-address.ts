// MAC_ADDRESS: six hex pairs joined by one consistent ':' or '-', or Cisco's three dotted
// quads. The broadcast and all-zero addresses identify no device and are skipped.
import type { Detector, FindingSink } from '../types.ts'

// The full pattern is tried only where a separator sits between hex pairs: starting a regex
// at every hex letter of prose costs more than the rest of the detector.
const separatorHint = /[:-][0-9A-Fa-f]{2}[:-]|\.[0-9A-Fa-f]{4}\./g
const macPattern = /(?<![\w:.-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![\w:-]|\.\w)/y

function identifiesNoDevice (value: string): boolean {
  const hex = value.replace(/[^0-9A-Fa-f]/g, '').toLowerCase()
  return hex === 'ffffffffffff' || hex === '000000000000'
}

export const macAddressDetector: Detector = {
  types: ['MAC_ADDRESS'],
  context: { MAC_ADDRESS: ['mac', 'hardware', 'physical', 'ethernet', 'wifi', 'bssid', 'address'] },
  detect (text: string, sink: FindingSink): void {
    separatorHint.lastIndex = 0
    let hint: RegExpExecArray | null
    while ((hint = separatorHint.exec(text)) !== null) {
      macPattern.lastIndex = hint.index - (hint[0].charCodeAt(0) === 46 ? 4 : 2)
      const match = macPattern.exec(text)
      if (match === null) {
        separatorHint.lastIndex = hint.index + 1
        continue
      }
      separatorHint.lastIndex = match.index + match[0].length
      if (identifiesNoDevice(match[0])) continue
      sink.push({ type: 'MAC_ADDRESS', start: match.index, end: match.index + match[0].length, score: 0.6 })
    }
  }
}
