// PHONE_NUMBER. A cheap regex finds digit runs shaped like phone numbers; libphonenumber-js
// (full metadata, so numbers are checked against real numbering plans, not just lengths) then
// validates each candidate for the regions its shape allows: "+" numbers by their country
// code, national numbers only for regions whose plan can start that way. That keeps the
// expensive parse to a few calls per candidate.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'
import type { Detector, FindingSink } from '../types.ts'
import { execWithLeftBoundary, isWordChar } from './chars.ts'

const candidatePattern = /(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d(?:[ .-]?\d|[ .-]?\(\d{1,5}\)){5,16}(?!\w)/g

/** Regions tried for numbers written in national format (North America, Europe, Asia-Pacific). */
const trunkPrefixRegions: CountryCode[] = ['GB', 'DE', 'FR', 'IL', 'IN', 'BR', 'JP']
// Shapes that are dates or US SSNs, never phone numbers; skipping them avoids several failed
// (and costly) libphonenumber parses per European date in a document.
const notPhoneShape = /^(?:\d{1,2}([.-])\d{1,2}\1\d{2,4}|\d{4}-\d{2}-\d{2}|\d{3}-\d{2}-\d{4})$/

const INTERNATIONAL_SCORE = 0.7
const FORMATTED_NATIONAL_SCORE = 0.6
const PLAIN_SCORE = 0.4

function isPhoneGlue (code: number): boolean {
  return code === 43 || isWordChar(code)
}

function regionsFor (digits: string): CountryCode[] {
  const first = digits.charCodeAt(0) - 48
  if (first === 0) return digits.length >= 9 && digits.length <= 12 ? trunkPrefixRegions : []
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
  context: { PHONE_NUMBER: ['phone', 'telephone', 'tel', 'mobile', 'cell', 'call', 'fax', 'contact', 'whatsapp'] },
  detect (text: string, sink: FindingSink): void {
    candidatePattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = execWithLeftBoundary(candidatePattern, text, isPhoneGlue)) !== null) {
      const candidate = match[0]
      const digits = countDigits(candidate)
      if (digits.length < 7 || digits.length > 15 || notPhoneShape.test(candidate)) continue
      const international = candidate.charCodeAt(0) === 43
      const regions: Array<CountryCode | undefined> = international ? [undefined] : regionsFor(digits)
      // The candidate regex already isolates the number, so one strict parse per region is
      // enough (about half the cost of libphonenumber's own find-in-text matcher).
      for (const region of regions) {
        const parsed = parsePhoneNumberFromString(candidate, region === undefined ? undefined : { defaultCountry: region })
        if (parsed === undefined || !parsed.isValid()) continue
        const start = match.index
        const end = start + candidate.length
        const score = international ? INTERNATIONAL_SCORE : /[ ().-]/.test(candidate) ? FORMATTED_NATIONAL_SCORE : PLAIN_SCORE
        sink.push({ type: 'PHONE_NUMBER', start, end, score })
        break
      }
    }
  }
}
