// US Social Security Number plausibility. The SSA never issues area 000, 666 or 900-999
// (the 9xx range is ITIN), group 00 or serial 0000. Numbers made of one repeated digit, the
// 123-45-6789 sequence and the numbers the SSA voided after they were printed in advertising
// (078-05-1120 from a wallet insert, 219-09-9999) are rejected too; the 987-65-432x block the
// SSA reserves for advertisements is already excluded by the 9xx rule.
export function ssnDigitsValid (digits: string): boolean {
  if (digits.length !== 9) return false
  const area = digits.slice(0, 3)
  if (area === '000' || area === '666' || digits.charCodeAt(0) === 57) return false
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false
  if (/^(\d)\1{8}$/.test(digits)) return false
  return digits !== '123456789' && digits !== '078051120' && digits !== '219099999'
}

/** ITIN: 9xx area with group 50-65, 70-88, 90-92 or 94-99. */
export function itinDigitsValid (digits: string): boolean {
  if (digits.length !== 9 || digits.charCodeAt(0) !== 57) return false
  const group = Number(digits.slice(3, 5))
  return (group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94
}
