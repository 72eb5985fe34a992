// Bitcoin legacy addresses: base58 payload whose last four bytes are the first four bytes of
// the double SHA-256 of the rest. Version byte 0x00 (P2PKH, "1...") or 0x05 (P2SH, "3...").
import { createHash } from 'node:crypto'

const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const alphabetIndex = new Int8Array(128).fill(-1)
for (let i = 0; i < alphabet.length; i++) alphabetIndex[alphabet.charCodeAt(i)] = i

export function base58Decode (value: string): Uint8Array | undefined {
  const bytes: number[] = []
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    const digit = code < 128 ? alphabetIndex[code]! : -1
    if (digit < 0) return undefined
    let carry = digit
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58
      bytes[j] = carry & 0xff
      carry >>= 8
    }
    while (carry > 0) {
      bytes.push(carry & 0xff)
      carry >>= 8
    }
  }
  for (let i = 0; i < value.length && value[i] === '1'; i++) bytes.push(0)
  return Uint8Array.from(bytes.reverse())
}

export function base58CheckValid (value: string): boolean {
  const decoded = base58Decode(value)
  if (decoded === undefined || decoded.length !== 25) return false
  if (decoded[0] !== 0x00 && decoded[0] !== 0x05) return false
  const payload = decoded.subarray(0, 21)
  const first = createHash('sha256').update(payload).digest()
  const second = createHash('sha256').update(first).digest()
  for (let i = 0; i < 4; i++) if (second[i] !== decoded[21 + i]) return false
  return true
}
