// Check digits of national identifiers with a checksum: Polish PESEL, German tax ID
// (Steuerliche Identifikationsnummer) and South African ID numbers. Each takes the digits only.
import { luhnValid } from './luhn.ts'

function isDigits (value: string, length: number): boolean {
  return value.length === length && /^\d+$/.test(value)
}

function validDate (year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const days = [31, (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return day <= days[month - 1]!
}

/** PESEL: YYMMDD (century in the month: +20 for 2000s, +40, +60, +80 for 1800s), serial, check digit. */
export function peselValid (value: string): boolean {
  if (!isDigits(value, 11)) return false
  const digit = (index: number): number => value.charCodeAt(index) - 48
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
  let sum = 0
  for (let i = 0; i < 10; i++) sum += digit(i) * weights[i]!
  if ((10 - (sum % 10)) % 10 !== digit(10)) return false
  const encodedMonth = digit(2) * 10 + digit(3)
  const century = [1900, 2000, 2100, 2200, 1800][Math.floor(encodedMonth / 20)]
  if (century === undefined) return false
  return validDate(century + digit(0) * 10 + digit(1), encodedMonth % 20, digit(4) * 10 + digit(5))
}

/**
 * German tax ID: 11 digits, no leading zero, no digit more than three times among the first
 * ten, and an ISO 7064 MOD 11,10 check digit.
 */
export function deTaxIdValid (value: string): boolean {
  if (!isDigits(value, 11) || value[0] === '0') return false
  const counts = new Array<number>(10).fill(0)
  for (let i = 0; i < 10; i++) counts[value.charCodeAt(i) - 48]!++
  if (counts.some((count) => count > 3)) return false
  let product = 10
  for (let i = 0; i < 10; i++) {
    let sum = (value.charCodeAt(i) - 48 + product) % 10
    if (sum === 0) sum = 10
    product = (sum * 2) % 11
  }
  const check = (11 - product) % 10
  return check === value.charCodeAt(10) - 48
}

/** YYMMDD of a South African ID; the century is unknown, so 29 February needs a year that is leap in 1900s or 2000s. */
export function zaBirthDateValid (datePart: string): boolean {
  if (!isDigits(datePart, 6)) return false
  const year = Number(datePart.slice(0, 2))
  const month = Number(datePart.slice(2, 4))
  const day = Number(datePart.slice(4, 6))
  return validDate(2000 + year, month, day) || validDate(1900 + year, month, day)
}

/** South African ID: YYMMDD, gender/serial SSSS, citizenship 0-2, a digit, Luhn check digit. */
export function zaIdValid (value: string): boolean {
  if (!isDigits(value, 13)) return false
  const citizenship = value.charCodeAt(10) - 48
  return citizenship <= 2 && zaBirthDateValid(value.slice(0, 6)) && luhnValid(value)
}
