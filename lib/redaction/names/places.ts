// LOCATION in prose: cities and countries named in a run of capitalised words ("she moved to
// Lisbon", "offices in Germany", "Rio de Janeiro"). The longest known place name wins. Countries
// are confident on their own; a city needs to be big, or to follow a preposition, and a city
// whose name is also an English word or a given name ("Reading", "Florence") needs a place cue
// such as "moved to" or "based in".
import type { FindingSink } from '../types.ts'
import type { NameLexicons } from './lexicons.ts'
import type { Token } from './runs.ts'
import { labelBefore, isSpace } from './text.ts'
import { ambiguousPlaceWords, notNameWords, organisationWords, placeCuePattern, placeLabelWords, placePrepositions } from './words.ts'

const PLACE_SCORES = {
  afterLabel: 0.85,
  afterCue: 0.8,
  severalWords: 0.8,
  country: 0.7,
  countryAmbiguous: 0.4,
  cityAfterPreposition: 0.65,
  bigCity: 0.6,
  smallCity: 0.4,
  ambiguousCity: 0.3
} as const

const BIG_CITY_POPULATION = 100_000
const LOOK_BEHIND = 32
const wordBefore = /([\p{L}]+)[ \u00A0]*$/u

/** Up to this many words after "City:" or "Country:" are taken as the place, known or not. */
const MAX_LABELLED_WORDS = 5

/** True when the run at `start` follows a place label such as "City:" (on the same line). */
function afterPlaceLabel (text: string, start: number): boolean {
  let cursor = start
  while (cursor > 0 && isSpace(text.charCodeAt(cursor - 1))) cursor--
  if (cursor === 0 || text.charCodeAt(cursor - 1) !== 58) return false
  const label = labelBefore(text, cursor - 1)
  return label !== undefined && placeLabelWords.has(label.key)
}

export function findPlaces (text: string, tokens: Token[], lexicons: NameLexicons, sink: FindingSink): void {
  const { places, commonWords, givenNames, longestPlaceWords } = lexicons
  // "Riverside Clinic", "Berlin Bank": a place name inside an organisation's name is not a place of its own.
  for (const token of tokens) if (token.kind === 'word' && organisationWords.has(token.key)) return
  const lastToken = tokens[tokens.length - 1]!
  // A labelled run is taken whole, unless it starts a name such as "Democratic Republic of the Congo" (matched below).
  if (!lexicons.linkedPlaceNames.has(tokens[0]!.key) && tokens.length <= MAX_LABELLED_WORDS && lastToken.kind === 'word' && afterPlaceLabel(text, tokens[0]!.start)) {
    sink.push({ type: 'LOCATION', start: tokens[0]!.start, end: lastToken.end, score: PLACE_SCORES.afterLabel })
    return
  }
  let index = 0
  while (index < tokens.length) {
    if (tokens[index]!.kind !== 'word') {
      index++
      continue
    }
    const linked = lexicons.linkedPlaceNames.get(tokens[index]!.key)
    if (linked !== undefined) {
      const start = tokens[index]!.start
      const name = linked.find((candidate) => text.slice(start, start + candidate.length).toLowerCase() === candidate)
      if (name !== undefined) {
        sink.push({ type: 'LOCATION', start, end: start + name.length, score: PLACE_SCORES.severalWords })
        return
      }
    }
    let matched = 0
    for (let length = Math.min(longestPlaceWords, tokens.length - index); length >= 1 && matched === 0; length--) {
      const last = tokens[index + length - 1]!
      if (last.kind !== 'word') continue
      let key = tokens[index]!.key
      for (let next = index + 1; next < index + length; next++) key += ' ' + tokens[next]!.key
      const place = places.get(key)
      if (place === undefined) continue
      if (length === 1 && notNameWords.has(key) && place.kind === 'city') continue
      // Short capitals are acronyms ("US dollars", "ABA number"); USA, UK and UAE are in the country list on purpose.
      if (length === 1 && tokens[index]!.allCaps && key.length <= 3 && (place.kind === 'city' || commonWords.has(key))) continue
      matched = length
      const start = tokens[index]!.start
      const ambiguous = length === 1 && (commonWords.has(key) || givenNames.has(key) || ambiguousPlaceWords.has(key))
      let score: number
      const before = index === 0 ? text.slice(Math.max(0, start - LOOK_BEHIND), start) : ''
      if (index === 0 && placeCuePattern.test(before)) score = PLACE_SCORES.afterCue
      else {
        const preposition = index === 0 ? wordBefore.exec(before)?.[1]?.toLowerCase() : undefined
        const afterPreposition = preposition !== undefined && placePrepositions.has(preposition)
        // Countries that are also given names ("Jordan", "Brazil") stay countries; a surname after one makes a person.
        if (place.kind === 'country') score = commonWords.has(key) ? (afterPreposition ? PLACE_SCORES.cityAfterPreposition : PLACE_SCORES.countryAmbiguous) : PLACE_SCORES.country
        else if (commonWords.has(key) || ambiguousPlaceWords.has(key)) continue // an ordinary word: only a place cue makes it a place
        else if (ambiguous) score = afterPreposition ? PLACE_SCORES.cityAfterPreposition : PLACE_SCORES.ambiguousCity
        else if (length > 1) score = PLACE_SCORES.severalWords
        else if (afterPreposition) score = PLACE_SCORES.cityAfterPreposition
        else score = place.population >= BIG_CITY_POPULATION ? PLACE_SCORES.bigCity : PLACE_SCORES.smallCity
      }
      sink.push({ type: 'LOCATION', start, end: last.end, score })
    }
    index += matched === 0 ? 1 : matched
  }
}
