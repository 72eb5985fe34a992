// ISO 7064 mod 97-10 as used by IBAN: move the first four characters to the end, turn letters
// into numbers (A=10 ... Z=35) and require the remainder 1. Spaces are ignored.
export function mod97Valid (value: string): boolean {
  const compact = value.replace(/[\s-]/g, '').toUpperCase()
  if (compact.length < 5 || !/^[A-Z0-9]+$/.test(compact)) return false
  const rearranged = compact.slice(4) + compact.slice(0, 4)
  let remainder = 0
  for (let i = 0; i < rearranged.length; i++) {
    const code = rearranged.charCodeAt(i)
    if (code >= 65) {
      remainder = (remainder * 100 + (code - 55)) % 97
    } else {
      remainder = (remainder * 10 + (code - 48)) % 97
    }
  }
  return remainder === 1
}
