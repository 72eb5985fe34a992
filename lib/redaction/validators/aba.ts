// ABA routing transit number: weights 3-7-1 must sum to a multiple of 10, and the first two
// digits must be a Federal Reserve routing symbol (00-12, 21-32, 61-72, 80).
export function abaValid (value: string): boolean {
  const digits = value.replace(/\D/g, '')
  if (digits.length !== 9) return false
  const prefix = Number(digits.slice(0, 2))
  const knownPrefix = prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80
  if (!knownPrefix) return false
  const weights = [3, 7, 1]
  let sum = 0
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * weights[i % 3]!
  return sum % 10 === 0
}
