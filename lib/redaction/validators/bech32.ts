// Bech32 (BIP-173, segwit v0) and bech32m (BIP-350, v1+, e.g. taproot) address checksums for
// Bitcoin mainnet ("bc1...") addresses.
const charset = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
const generators = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
const BECH32 = 1
const BECH32M = 0x2bc830a3

function polymod (values: number[]): number {
  let checksum = 1
  for (const value of values) {
    const top = checksum >>> 25
    checksum = ((checksum & 0x1ffffff) << 5) ^ value
    for (let i = 0; i < 5; i++) if (((top >>> i) & 1) === 1) checksum ^= generators[i]!
  }
  return checksum >>> 0
}

export function bech32Valid (address: string): boolean {
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) return false
  const lower = address.toLowerCase()
  const separator = lower.lastIndexOf('1')
  if (separator < 1 || lower.length - separator - 1 < 6 || lower.length > 90) return false
  const prefix = lower.slice(0, separator)
  const data: number[] = []
  for (let i = separator + 1; i < lower.length; i++) {
    const value = charset.indexOf(lower[i]!)
    if (value < 0) return false
    data.push(value)
  }
  const expanded: number[] = []
  for (let i = 0; i < prefix.length; i++) expanded.push(prefix.charCodeAt(i) >> 5)
  expanded.push(0)
  for (let i = 0; i < prefix.length; i++) expanded.push(prefix.charCodeAt(i) & 31)
  const constant = polymod([...expanded, ...data])
  const witnessVersion = data[0]!
  // Segwit v0 must use bech32; v1 and later must use bech32m (BIP-350).
  if (witnessVersion === 0) return constant === BECH32
  return witnessVersion <= 16 && constant === BECH32M
}
