// The built-in detectors and the entity types they report, in Presidio's naming.
import type { Detector } from '../types.ts'
import { abaRoutingDetector } from './aba-routing.ts'
import { creditCardDetector } from './credit-card.ts'
import { cryptoDetector } from './crypto.ts'
import { dateOfBirthDetector } from './date-of-birth.ts'
import { emailDetector } from './email.ts'
import { ibanDetector } from './iban.ts'
import { ipAddressDetector } from './ip-address.ts'
import { macAddressDetector } from './mac-address.ts'
import { namesAndPlacesDetector } from './names-and-places.ts'
import { nationalIdsDetector } from './national-ids.ts'
import { phoneDetector } from './phone.ts'
import { ukNhsDetector } from './uk-nhs.ts'
import { ukNinoDetector } from './uk-nino.ts'
import { urlDetector } from './url.ts'
import { usSsnItinDetector } from './us-ssn-itin.ts'
import { usWeakNumbersDetector } from './us-weak-numbers.ts'

export const builtInDetectors: readonly Detector[] = [
  emailDetector,
  urlDetector,
  ipAddressDetector,
  macAddressDetector,
  cryptoDetector,
  creditCardDetector,
  ibanDetector,
  usSsnItinDetector,
  ukNhsDetector,
  ukNinoDetector,
  abaRoutingDetector,
  usWeakNumbersDetector,
  nationalIdsDetector,
  phoneDetector,
  dateOfBirthDetector,
  namesAndPlacesDetector
]

export const builtInEntities: readonly string[] = builtInDetectors.flatMap((detector) => detector.types)
