// MAC_ADDRESS: six hex pairs joined by one consistent ':' or '-', or Cisco's three dotted
// quads. The broadcast and all-zero addresses identify no device and are skipped.
import type { Detector, FindingSink } from '../types.ts'

const macPattern = /(?<![\w:.-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![\w:-]|\.\w)/g

function identifiesNoDevice (value: string): boolean {
  const hex = value.replace(/[^0-9A-Fa-f]/g, '').toLowerCase()
  return hex === 'ffffffffffff' || hex === '000000000000'
}

export const macAddressDetector: Detector = {
  types: ['MAC_ADDRESS'],
  context: { MAC_ADDRESS: ['mac', 'hardware', 'physical', 'ethernet', 'wifi', 'bssid', 'address'] },
  detect (text: string, sink: FindingSink): void {
    macPattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = macPattern.exec(text)) !== null) {
      if (identifiesNoDevice(match[0])) continue
      sink.push({ type: 'MAC_ADDRESS', start: match.index, end: match.index + match[0].length, score: 0.6 })
    }
  }
}
