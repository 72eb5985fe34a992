// UK NHS number check digit (modulus 11 with weights 10..2). A computed check of 10 means the
// number was never issued, so it is invalid.
export function nhsMod11Valid (value: string): boolean {
  let sum = 0
  let position = 0
  let check = -1
  for (let i = 0; i < value.length; i++) {
    const digit = value.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) continue
    if (position < 9) sum += digit * (10 - position)
    else if (position === 9) check = digit
    position++
  }
  if (position !== 10) return false
  let expected = 11 - (sum % 11)
  if (expected === 11) expected = 0
  return expected !== 10 && expected === check
}
