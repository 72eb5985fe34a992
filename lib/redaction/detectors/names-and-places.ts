// PERSON and LOCATION: one detector, because both read the same runs of capitalised words and
// one pass over them serves both. People come from titles, labels and name structure, places
// from postal-address shapes and city and country lexicons (lib/redaction/names/).
import { findAddresses } from '../names/addresses.ts'
import { nameLexicons } from '../names/lexicons.ts'
import { findLaterMentions, findPeople, newPeopleScan } from '../names/people.ts'
import { findPlaces } from '../names/places.ts'
import { scanRuns } from '../names/runs.ts'
import type { Detector, FindingSink } from '../types.ts'

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
    const people = newPeopleScan()
    scanRuns(text, (tokens) => {
      findPeople(text, tokens, lexicons, people, sink)
      findPlaces(text, tokens, lexicons, sink)
    })
    findLaterMentions(people, sink)
    findAddresses(text, lexicons, sink)
  }
}
