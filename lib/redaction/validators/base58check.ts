// Bitcoin legacy addresses: base58check (bs58check: base58 with a double-SHA-256 checksum) of a
// version byte and a 20-byte hash. Version 0x00 (P2PKH, "1...") or 0x05 (P2SH, "3...").
import bs58check from 'bs58check'

export function base58CheckValid (value: string): boolean {
  const payload = bs58check.decodeUnsafe(value)
  return payload !== undefined && payload.length === 21 && (payload[0] === 0x00 || payload[0] === 0x05)
}
