// EMAIL_ADDRESS. Only '@' positions are inspected (indexOf is far cheaper than running an
// e-mail regex over all text); the local part and domain are grown outwards from there and the
// domain must end in a known top-level domain.
import type { Detector, FindingSink } from '../types.ts'
import { isAsciiLetter, isDigit } from './chars.ts'
import { isKnownTld } from './tlds.ts'

function isLocalChar (code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || code === 46 || code === 95 || code === 37 || code === 43 || code === 45
}

function isDomainChar (code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || code === 46 || code === 45
}

const labelPattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i

export function validDomain (domain: string): boolean {
  const labels = domain.split('.')
  if (labels.length < 2) return false
  for (const label of labels) if (!labelPattern.test(label)) return false
  const tld = labels[labels.length - 1]!.toLowerCase()
  return !/^\d+$/.test(tld) && isKnownTld(tld)
}

export const emailDetector: Detector = {
  types: ['EMAIL_ADDRESS'],
  context: { EMAIL_ADDRESS: ['email', 'e-mail', 'mail', 'contact'] },
  detect (text: string, sink: FindingSink): void {
    let at = text.indexOf('@')
    while (at !== -1) {
      let start = at
      while (start > 0 && isLocalChar(text.charCodeAt(start - 1))) start--
      while (start < at && text.charCodeAt(start) === 46) start++
      let end = at + 1
      while (end < text.length && isDomainChar(text.charCodeAt(end))) end++
      while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--
      if (start < at && end > at + 1 && text.charCodeAt(at - 1) !== 46 && validDomain(text.slice(at + 1, end))) {
        sink.push({ type: 'EMAIL_ADDRESS', start, end, score: 1 })
        at = text.indexOf('@', end)
      } else {
        at = text.indexOf('@', at + 1)
      }
    }
  }
}
