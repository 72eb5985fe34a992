// PHONE_NUMBER. A cheap regex finds digit runs shaped like phone numbers; libphonenumber-js
// (full metadata, so numbers are checked against real numbering plans, not just lengths) then
// validates each candidate for the regions its shape allows: "+" numbers by their country
// code, national numbers only for regions whose plan can start that way. That keeps the
// expensive parse to a few calls per candidate.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'
import type { Detector, FindingSink } from '../types.ts'

// International numbers ("+" and at least 7 digits) or national ones with at least 9 digits:
// every national format accepted below has 9 or more, and requiring them keeps the many
// 6-8 digit amounts, dates and references in tables from becoming candidates. The upper bound
// is generous on purpose: numbers that run together in a table row become one candidate that
// findInside splits, instead of being cut at an arbitrary digit.
const candidatePattern = /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,5}\)[ .-]?)?\d(?:[ .-]?\d|[ .-]?\(\d{1,5}\)){5,40}|\(\d{1,5}\)[ .-]?\d(?:[ .-]?\d|[ .-]?\(\d{1,5}\)){5,40}|\d(?:[ .-]?\d|[ .-]?\(\d{1,5}\)){8,40})(?!\w)/g

/** Regions tried for numbers written in national format (North America, Europe, Asia-Pacific). */
const trunkPrefixRegions: CountryCode[] = ['GB', 'DE', 'FR', 'IL', 'IN', 'BR', 'JP']
// Shapes that are dates, US SSNs (3-2-4) or ABA routing numbers (4-4-1), never phone numbers;
// skipping them avoids several failed (and costly) parses per European date in a document, and
// German numbering, which accepts almost any 0-leading digits, cannot claim an SSN.
const notPhoneShape = /^(?:\d{1,2}([.-])\d{1,2}\1\d{2,4}|\d{4}-\d{2}-\d{2}|\d{3}([ .-])\d{2}\2\d{4}|\d{4}-\d{4}-\d)$/

const INTERNATIONAL_SCORE = 0.7
const FORMATTED_NATIONAL_SCORE = 0.6
// A bare digit run is the weakest evidence of a phone: numbering plans accept most 9-12 digit
// runs that start with 0, so without a phone word nearby it is more likely an identifier. It
// scores below the bare shapes of identifiers with stricter rules (a bare SSN scores 0.3), so an
// overlap resolves to them; a context word such as "tel" still lifts it over the threshold.
const PLAIN_SCORE = 0.25

// What the document says a number is. A number printed right after an identifier's label is
// that identifier: a numbering word ("No.", "Nr.", "#", "number", "code", "ID", German compounds
// in "-nummer"/"-nr", "N° de ...", "número de ...") or a noun that names an identifier ("Order",
// "Invoice", "Ref", "Account", "Policy", "Tracking"). Only separators may stand between label and
// number, so "Account manager: Jo, +44 ..." and "My number is ..." are still phones, and a phone
// word in the label ("Phone number:", "Tel. Nr.", "Fax no.") keeps it a phone. Amounts carry a
// currency sign or code next to them, or decimal cents after them. Checked on the candidate's own
// line, before any parse.
const LABEL_WINDOW = 48
const identifierLabel = /(?<![\p{L}\p{N}])(?:(?:numéro|número|numero|number|n°|nº|no)\.?\s+(?:de|del|di|du|of)\s+\p{L}+|order|invoice|inv|ref|reference|account|acct|a\/c|policy|claim|ticket|case|tracking|serial|transaction|txn|booking|reservation|receipt|contract|loan|part|sku|isbn|ean|po|batch|lot|shipment|parcel|voucher|licen[cs]e|id|no|nr|n°|nº|#|№|number|num|code|key|\p{L}*nummer|\p{L}+nr)[\s.:#№°-]*$/iu
const phoneWord = /(?<![\p{L}])(?:phone|telephone|tel|mobile|cell|call|fax|contact|whatsapp|hotline|helpline|handy|telefon|téléphone|teléfono|telefono|portable|móvil|cellulare)/iu
/** The label and the two words before it: where a phone word would make it a phone's label. */
const labelPhrase = /(?:\S+\s+){0,2}$/u
const currencyBefore = /(?:[$€£¥₹]|(?<![\p{L}])(?:usd|eur|gbp|chf|jpy|inr|aud|cad|sek|nok|dkk|pln|rs)\.?)\s*$/iu
const amountAfter = /^(?:[.,]\d{2}(?!\d))?\s*(?:[$€£¥₹]|(?:usd|eur|gbp|chf|jpy|inr|aud|cad|sek|nok|dkk|pln)(?![\p{L}]))|^[.,]\d{2}(?!\d)/iu

const noRegions: CountryCode[] = []
/** "+" numbers carry their country code, so no default region is needed. */
const anyRegion: ReadonlyArray<CountryCode | undefined> = [undefined]
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
      if (labelledAsOtherNumber(text, match.index, match.index + candidate.length)) continue
      if (validateCandidate(candidate, match.index, sink)) continue
      if (candidate.includes(' ')) findInside(candidate, match.index, sink)
    }
  }
}

/** True when the line says the number at [start, end) is an identifier or an amount. */
function labelledAsOtherNumber (text: string, start: number, end: number): boolean {
  let from = Math.max(0, start - LABEL_WINDOW)
  const lineStart = text.lastIndexOf('\n', start - 1)
  if (lineStart >= from) from = lineStart + 1
  const before = text.slice(from, start)
  if (currencyBefore.test(before)) return true
  const label = identifierLabel.exec(before)
  if (label !== null && !phoneWord.test(labelPhrase.exec(before.slice(0, label.index))![0] + label[0])) return true
  return amountAfter.test(text.slice(end, end + 8))
}

/**
 * Neighbouring numbers in a table row ("45.157.114.165 (602) 770-9792") merge into one
 * candidate. Runs of its space-separated parts are tried, longest first from each starting
 * part, and the ones that validate on their own are reported. National numbers with a trunk
 * prefix ("0...") are not tried here: they need up to seven failed parses each, and rows of
 * IBAN or card digit groups are full of "0" groups.
 */
function findInside (candidate: string, offset: number, sink: FindingSink): void {
  const starts = [0]
  const ends: number[] = []
  for (let i = candidate.indexOf(' '); i !== -1; i = candidate.indexOf(' ', i + 1)) {
    ends.push(i)
    starts.push(i + 1)
  }
  ends.push(candidate.length)
  // digitsBefore[k]: digits in the parts before part k, so a run's digit count is one subtraction
  // and runs that cannot be a national number (fewer than 9 or more than 15 digits) cost nothing.
  const digitsBefore = [0]
  for (let part = 0; part < starts.length; part++) {
    let digits = 0
    for (let i = starts[part]!; i < ends[part]!; i++) if (candidate.charCodeAt(i) >= 48 && candidate.charCodeAt(i) <= 57) digits++
    digitsBefore.push(digitsBefore[part]! + digits)
  }
  for (let first = 0; first < starts.length; first++) {
    const start = starts[first]!
    const minimum = candidate.charCodeAt(start) === 43 ? 7 : 9
    for (let last = ends.length - 1; last >= first; last--) {
      if (first === 0 && last === ends.length - 1) continue
      const digits = digitsBefore[last + 1]! - digitsBefore[first]!
      if (digits < minimum || digits > 15) continue
      // Later starts are still tried: a number found from here may borrow a group of the column
      // before it ("... 5745 1 (919) 965-1093" after an IBAN), and overlap resolution then keeps
      // the IBAN and the phone number without the borrowed group.
      if (validateCandidate(candidate.slice(start, ends[last]), offset + start, sink, false)) break
    }
  }
}

/** Digits after the last separator, or -1 when the number is written without separators. */
function lastGroupLength (candidate: string): number {
  const lastSeparator = Math.max(candidate.lastIndexOf(' '), candidate.lastIndexOf('-'), candidate.lastIndexOf('.'), candidate.lastIndexOf(')'))
  return lastSeparator === -1 ? -1 : candidate.length - lastSeparator - 1
}

/**
 * Printed North American numbers end in a four-digit line number (555-0132); Indian and Chinese
 * ones in groups of four or five. A shorter last group ("1 855.70 855.70") is an amount.
 */
function plausibleGrouping (region: CountryCode, lastGroup: number): boolean {
  if (lastGroup === -1) return true
  if (region === 'US' || region === 'CA') return lastGroup === 4
  return lastGroup >= 4
}

/**
 * National numbers with a trunk prefix end in a group of three or more digits, or are written
 * in pairs the French way (01 42 68 53 00). German numbering accepts almost any digits after a
 * 0, so without this "078-05-1123 1" (an SSN and a line number) would pass as a phone number.
 */
const frenchPairs = /^0\d(?:[ .-]?\d\d){4}$/
function plausibleTrunkGrouping (candidate: string, lastGroup: number): boolean {
  return lastGroup === -1 || lastGroup >= 3 || (lastGroup === 2 && frenchPairs.test(candidate))
}

function scoreFor (value: string): number {
  if (value.charCodeAt(0) === 43) return INTERNATIONAL_SCORE
  return /[ ().-]/.test(value) ? FORMATTED_NATIONAL_SCORE : PLAIN_SCORE
}

/** Validates the whole candidate for the regions its shape allows; true if it was a phone number. */
function validateCandidate (candidate: string, offset: number, sink: FindingSink, trunkPrefixAllowed = true): boolean {
  let count = 0
  let first = -1
  for (let i = 0; i < candidate.length; i++) {
    const code = candidate.charCodeAt(i) - 48
    if (code < 0 || code > 9) continue
    if (count === 0) first = code
    count++
  }
  if (count < 7 || count > 15 || notPhoneShape.test(candidate)) return false
  const international = candidate.charCodeAt(0) === 43
  if (!international && first === 0 && !trunkPrefixAllowed) return false
  const regions = international ? anyRegion : regionsFor(count, first)
  const lastGroup = international ? -1 : lastGroupLength(candidate)
  if (regions === trunkPrefixRegions && !plausibleTrunkGrouping(candidate, lastGroup)) return false
  // One strict parse per region (about half the cost of libphonenumber's find-in-text).
  for (const region of regions) {
    if (region !== undefined && regions !== trunkPrefixRegions && !plausibleGrouping(region, lastGroup)) continue
    const parsed = parsePhoneNumberFromString(candidate, region === undefined ? undefined : { defaultCountry: region })
    if (parsed === undefined || !parsed.isValid()) continue
    sink.push({ type: 'PHONE_NUMBER', start: offset, end: offset + candidate.length, score: scoreFor(candidate) })
    return true
  }
  return false
}
