// PERSON and LOCATION: one detector, because both read the same runs of capitalised words and
// one pass over them serves both. People come from titles, labels and name structure, places
// from postal-address shapes and city and country lexicons (lib/redaction/names/).
import { findAddresses } from '../names/addresses.ts'
import { foldKey } from '../names/fold.ts'
import { nameLexicons, type NameLexicons } from '../names/lexicons.ts'
import { evidenceBefore, findLaterMentions, findPeople, newPeopleScan } from '../names/people.ts'
import { findPlaces } from '../names/places.ts'
import { scanRuns } from '../names/runs.ts'
import type { Detector, FindingSink } from '../types.ts'

/** Verdicts of isOrdinaryWord by word as written; documents repeat their words, so most look-ups hit. */
const ordinaryWords = new Map<string, boolean>()
/** Bounds the cache (and its memory) on text with endless distinct capitalised words. */
const MAX_CACHED_WORDS = 50_000

/** An English word that is neither a given name nor a place ("Payment", "The"); cached per thread. */
function isOrdinaryWord (word: string, lexicons: NameLexicons): boolean {
  let ordinary = ordinaryWords.get(word)
  if (ordinary === undefined) {
    const key = foldKey(word)
    ordinary = lexicons.commonWords.has(key) && !lexicons.givenNames.has(key) && !lexicons.places.has(key)
    if (ordinaryWords.size >= MAX_CACHED_WORDS) ordinaryWords.clear()
    ordinaryWords.set(word, ordinary)
  }
  return ordinary
}

export const namesAndPlacesDetector: Detector = {
  types: ['PERSON', 'LOCATION'],
  context: {
    PERSON: ['name', 'patient', 'employee', 'applicant', 'tenant', 'client', 'customer', 'contact person', 'signed', 'signature', 'witness', 'mr', 'mrs', 'ms', 'dr'],
    LOCATION: ['address', 'addr', 'street', 'city', 'country', 'located', 'location', 'residence', 'resident', 'ship to', 'bill to', 'deliver to', 'postal', 'mailing', 'adresse', 'anschrift', 'wohnort', 'dirección', 'direccion', 'domicilio', 'indirizzo', 'adres', 'morada', 'adresa']
  },
  prepare (): void {
    nameLexicons()
  },
  detect (text: string, sink: FindingSink): void {
    const lexicons = nameLexicons()
    // Addresses first: the words inside an address block (its city, its country, a street
    // named after a person) are part of it, not names and places of their own.
    const addressesFrom = sink.length
    findAddresses(text, lexicons, sink)
    const addresses = sink.slice(addressesFrom).sort((a, b) => a.start - b.start)
    let nextAddress = 0
    const people = newPeopleScan()
    // One ordinary word ("The", "Payment") is neither a name nor a place, unless a title stands
    // before it ("Dr. Green"), it was part of a name found earlier, or a comma follows ("Baker, Jane").
    const skipWord = (word: string, start: number, end: number): boolean => {
      if (!isOrdinaryWord(word, lexicons) || text.charCodeAt(end) === 44) return false
      if (people.knownParts.size > 0 && people.knownParts.has(foldKey(word))) return false
      if (evidenceBefore(text, start) !== 'none') return false
      people.previousSingle = undefined
      return true
    }
    scanRuns(text, (tokens) => {
      const start = tokens[0]!.start
      while (nextAddress < addresses.length && addresses[nextAddress]!.end <= start) nextAddress++
      const address = addresses[nextAddress]
      if (address !== undefined && address.start < tokens[tokens.length - 1]!.end) return
      findPeople(text, tokens, lexicons, people, sink)
      findPlaces(text, tokens, lexicons, sink)
    }, skipWord)
    findLaterMentions(people, sink)
  }
}
