// PHONE_NUMBER. A cheap regex finds digit runs shaped like phone numbers; libphonenumber-js
// (full metadata, so numbers are checked against real numbering plans, not just lengths) then
// validates each candidate for the regions its shape allows: "+" numbers by their country
// code, national numbers only for regions whose plan can start that way. That keeps the
// expensive parse to a few calls per candidate.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'
import type { Detector, FindingSink } from '../types.ts'

// International numbers ("+" and at least 7 digits) or national ones with at least 9 digits:
// every national format accepted below has 9 or more, and requiring them keeps the many
// 6-8 digit amounts, dates and references in tables from becoming candidates.
const candidatePattern = /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,5}\)[ .-]?)?\d(?:[ .-]?\d|[ .-]?\(\d{1,5}\)){5,14}|\(\d{1,5}\)[ .-]?\d(?:[ .-]?\d){5,12}|\d(?:[ .-]?\d|[ .-]?\(\d{1,5}\)){8,16})(?!\w)/g

/** Regions tried for numbers written in national format (North America, Europe, Asia-Pacific). */
const trunkPrefixRegions: CountryCode[] = ['GB', 'DE', 'FR', 'IL', 'IN', 'BR', 'JP']
// Shapes that are dates or US SSNs, never phone numbers; skipping them avoids several failed
// (and costly) libphonenumber parses per European date in a document.
const notPhoneShape = /^(?:\d{1,2}([.-])\d{1,2}\1\d{2,4}|\d{4}-\d{2}-\d{2}|\d{3}-\d{2}-\d{4})$/

const INTERNATIONAL_SCORE = 0.7
const FORMATTED_NATIONAL_SCORE = 0.6
const PLAIN_SCORE = 0.4

const noRegions: CountryCode[] = []
/** "+" numbers carry their country code, so no default region is needed. */
const anyRegion = [undefined]
const northAmerica: CountryCode[] = ['US', 'CA']
const northAmericaOrChina: CountryCode[] = ['US', 'CA', 'CN']
const northAmericaOrIndia: CountryCode[] = ['US', 'CA', 'IN']

/** Regions whose national numbers can have this many digits starting with this digit. */
function regionsFor (count: number, first: number): CountryCode[] {
  if (first === 0) return count >= 9 && count <= 12 ? trunkPrefixRegions : noRegions
  if (count === 10 && first >= 2) return first >= 6 ? northAmericaOrIndia : northAmerica
  if (count === 11 && first === 1) return northAmericaOrChina
  return noRegions
}

export const phoneDetector: Detector = {
  types: ['PHONE_NUMBER'],
  context: { PHONE_NUMBER: ['phone', 'telephone', 'tel', 'mobile', 'cell', 'call', 'fax', 'contact', 'whatsapp'] },
  detect (text: string, sink: FindingSink): void {
    candidatePattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = candidatePattern.exec(text)) !== null) {
      const candidate = match[0]
      let count = 0
      let first = -1
      for (let i = 0; i < candidate.length; i++) {
        const code = candidate.charCodeAt(i) - 48
        if (code < 0 || code > 9) continue
        if (count === 0) first = code
        count++
      }
      if (count < 7 || count > 15 || notPhoneShape.test(candidate)) continue
      const international = candidate.charCodeAt(0) === 43
      const regions: ReadonlyArray<CountryCode | undefined> = international ? anyRegion : regionsFor(count, first)
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
