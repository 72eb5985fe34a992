// Check digits of the identifiers the corpus plants. The redaction engine validates these,
// so planted values must be valid for it to find them, exactly as in real documents.
import { createHash } from 'node:crypto'

/** The digit that makes `payload` + digit pass the Luhn check (cards). */
export function luhnCheckDigit (payload: string): string {
  let sum = 0
  for (let index = 0; index < payload.length; index++) {
    let digit = Number(payload[payload.length - 1 - index])
    if (index % 2 === 0) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return String((10 - (sum % 10)) % 10)
}

/** ISO 13616 check digits for an IBAN with country `country` and basic bank account number `bban`. */
export function ibanCheckDigits (country: string, bban: string): string {
  const remainder = mod97(`${bban}${country}00`)
  return String(98 - remainder).padStart(2, '0')
}

export function mod97 (alphanumeric: string): number {
  let remainder = 0
  for (const character of alphanumeric) {
    const value = /[A-Z]/.test(character) ? String(character.charCodeAt(0) - 55) : character
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97
  }
  return remainder
}

/** NHS number check digit (modulus 11, weights 10..2); undefined when the payload has none (remainder 10). */
export function nhsCheckDigit (payload: string): string | undefined {
  let sum = 0
  for (let index = 0; index < 9; index++) sum += Number(payload[index]) * (10 - index)
  const check = 11 - (sum % 11)
  if (check === 10) return undefined
  return String(check === 11 ? 0 : check)
}

/** ABA routing number check digit (weights 3, 7, 1). */
export function abaCheckDigit (payload: string): string {
  const weights = [3, 7, 1, 3, 7, 1, 3, 7]
  let sum = 0
  for (let index = 0; index < 8; index++) sum += Number(payload[index]) * (weights[index] as number)
  return String((10 - (sum % 10)) % 10)
}

const base58Alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** Base58Check of version byte + payload, as in Bitcoin P2PKH (version 0) addresses. */
export function base58Check (version: number, payload: Uint8Array): string {
  const body = Buffer.concat([Buffer.from([version]), payload])
  const checksum = createHash('sha256').update(createHash('sha256').update(body).digest()).digest().subarray(0, 4)
  const bytes = Buffer.concat([body, checksum])
  let number = BigInt('0x' + bytes.toString('hex'))
  let encoded = ''
  while (number > 0n) {
    encoded = base58Alphabet[Number(number % 58n)] + encoded
    number /= 58n
  }
  for (const byte of bytes) {
    if (byte !== 0) break
    encoded = '1' + encoded
  }
  return encoded
}

const bech32Alphabet = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'

function bech32Polymod (values: number[]): number {
  const generators = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
  let checksum = 1
  for (const value of values) {
    const top = checksum >>> 25
    checksum = ((checksum & 0x1ffffff) << 5) ^ value
    for (let bit = 0; bit < 5; bit++) if (((top >>> bit) & 1) === 1) checksum ^= generators[bit] as number
  }
  return checksum
}

/** BIP-173 segwit version 0 address (bech32, not bech32m) for a 20-byte witness program. */
export function segwitV0Address (hrp: string, program: Uint8Array): string {
  const data = [0, ...convertBits(program, 8, 5)]
  const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5).concat(0, [...hrp].map((c) => c.charCodeAt(0) & 31))
  const polymod = bech32Polymod([...expanded, ...data, 0, 0, 0, 0, 0, 0]) ^ 1
  const checksum = Array.from({ length: 6 }, (_, index) => (polymod >>> (5 * (5 - index))) & 31)
  return hrp + '1' + [...data, ...checksum].map((value) => bech32Alphabet[value]).join('')
}

function convertBits (bytes: Uint8Array, from: number, to: number): number[] {
  let accumulator = 0
  let bits = 0
  const result: number[] = []
  const mask = (1 << to) - 1
  for (const byte of bytes) {
    accumulator = (accumulator << from) | byte
    bits += from
    while (bits >= to) {
      bits -= to
      result.push((accumulator >>> bits) & mask)
    }
  }
  if (bits > 0) result.push((accumulator << (to - bits)) & mask)
  return result
}
