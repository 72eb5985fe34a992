// CRYPTO: Bitcoin addresses, legacy base58check ("1...", "3...") and segwit bech32/bech32m
// ("bc1..."). Only checksum-valid strings are reported, so the score is high.
import type { Detector, FindingSink } from '../types.ts'
import { base58CheckValid } from '../validators/base58check.ts'
import { bech32Valid } from '../validators/bech32.ts'

const addressPattern = /(?<![\w])(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{11,87}|BC1[02-9AC-HJ-NP-Z]{11,87})(?!\w)/g

export const cryptoDetector: Detector = {
  types: ['CRYPTO'],
  context: { CRYPTO: ['wallet', 'bitcoin', 'btc', 'address', 'crypto'] },
  detect (text: string, sink: FindingSink): void {
    addressPattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = addressPattern.exec(text)) !== null) {
      const value = match[0]
      const valid = value.charCodeAt(0) === 98 || value.charCodeAt(0) === 66 ? bech32Valid(value) : base58CheckValid(value)
      if (valid) sink.push({ type: 'CRYPTO', start: match.index, end: match.index + value.length, score: 1 })
    }
  }
}
