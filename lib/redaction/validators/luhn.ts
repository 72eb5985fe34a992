// Luhn (mod 10) check digit, used by payment cards. Non-digits are skipped so formatted
// numbers ("4012-8888-8888-1881") validate without building a cleaned copy.
export function luhnValid (value: string): boolean {
  let sum = 0
  let digits = 0
  let double = false
  for (let i = value.length - 1; i >= 0; i--) {
    const code = value.charCodeAt(i) - 48
    if (code < 0 || code > 9) continue
    let digit = code
    if (double) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
    double = !double
    digits++
  }
  return digits > 1 && sum % 10 === 0
}
