// Bitcoin segwit addresses ("bc1..."): bech32 (BIP-173) for witness version 0, bech32m (BIP-350)
// for versions 1 to 16 (e.g. taproot), checked with the `bech32` package.
import { bech32, bech32m } from 'bech32'

// Segwit addresses are at most 90 characters (BIP-173).
const maxLength = 90

export function bech32Valid (address: string): boolean {
  const v0 = bech32.decodeUnsafe(address, maxLength)
  if (v0 !== undefined) return v0.words[0] === 0
  const later = bech32m.decodeUnsafe(address, maxLength)
  if (later === undefined) return false
  const witnessVersion = later.words[0]
  return witnessVersion !== undefined && witnessVersion >= 1 && witnessVersion <= 16
}
