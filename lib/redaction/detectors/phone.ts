// PHONE_NUMBER. A cheap regex finds digit runs shaped like phone numbers; libphonenumber-js
// (full metadata, so numbers are checked against real numbering plans, not just lengths) then
// validates each candidate for the regions its shape allows: "+" numbers by their country
// code, national numbers only for regions whose plan can start that way. That keeps the
// expensive parse to a few calls per candidate.
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max'
import type { Detector, FindingSink } from '../types.ts'
import { charAt, isWordChar } from './chars.ts'

const candidatePattern = /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d(?:[ .-]?\d|[ .-]?\(\d{1,5}\)){5,16}(?!\w)/g

/** Regions tried for numbers written in national format (North America, Europe, Asia-Pacific). */
const trunkPrefixRegions: CountryCode[] = ['GB', 'DE', 'FR', 'IT', 'ES', 'NL', 'IL', 'IN', 'BR', 'JP', 'AU']

const INTERNATIONAL_SCORE = 0.7
const FORMATTED_NATIONAL_SCORE = 0.6
const PLAIN_SCORE = 0.4

function regionsFor (digits: string): CountryCode[] {
  const first = digits.charCodeAt(0) - 48
  if (first === 0) return trunkPrefixRegions
  const regions: CountryCode[] = []
  if ((digits.length === 10 && first >= 2) || (digits.length === 11 && first === 1)) regions.push('US', 'CA')
  if (digits.length === 11 && first === 1) regions.push('CN')
  if (digits.length === 10 && first >= 6) regions.push('IN')
  return regions
}

function countDigits (value: string): string {
  let digits = ''
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code >= 48 && code <= 57) digits += value[i]
  }
  return digits
}

export const phoneDetector: Detector = {
  types: ['PHONE_NUMBER'],
  context: { PHONE_NUMBER: ['phone', 'telephone', 'tel', 'mobile', 'cell', 'call', 'fax', 'contact', 'whatsapp', 'number'] },
  detect (text: string, sink: FindingSink): void {
    candidatePattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = candidatePattern.exec(text)) !== null) {
      const candidate = match[0]
      const digits = countDigits(candidate)
      if (digits.length < 7 || digits.length > 15) continue
      const international = candidate.charCodeAt(0) === 43
      const regions: Array<CountryCode | undefined> = international ? [undefined] : regionsFor(digits)
      for (const region of regions) {
        const found = findPhoneNumbersInText(candidate, region === undefined ? undefined : { defaultCountry: region })
        if (found.length === 0) continue
        for (const number of found) {
          const start = match.index + number.startsAt
          const end = match.index + number.endsAt
          if (isWordChar(charAt(text, start - 1)) || isWordChar(charAt(text, end))) continue
          const formatted = /[ ().-]/.test(text.slice(start, end))
          const score = international ? INTERNATIONAL_SCORE : formatted ? FORMATTED_NATIONAL_SCORE : PLAIN_SCORE
          sink.push({ type: 'PHONE_NUMBER', start, end, score })
        }
        break
      }
    }
  }
}
