// PL_PESEL, DE_TAX_ID and ZA_ID_NUMBER: fixed-length digit runs with a check digit (and a
// birth date for PESEL and the South African ID). One digit-run scan serves all three. A check
// digit alone passes one random number in ten, so scores stay at or below the threshold until
// a context word is near.
import type { Detector, FindingSink } from '../types.ts'
import { deTaxIdValid, peselValid, zaIdValid } from '../validators/national-ids.ts'

const runPattern = /(?<![\w.,-])\d{11}(?:\d{2})?(?![\w]|[.,-]\d)/g

const PESEL_SCORE = 0.5
const DE_TAX_ID_SCORE = 0.4
const ZA_ID_SCORE = 0.5

export const nationalIdsDetector: Detector = {
  types: ['PL_PESEL', 'DE_TAX_ID', 'ZA_ID_NUMBER'],
  context: {
    PL_PESEL: ['pesel', 'numer pesel', 'identification'],
    DE_TAX_ID: ['steuer', 'steuer-id', 'steuerid', 'idnr', 'identifikationsnummer', 'tax id', 'tin'],
    ZA_ID_NUMBER: ['id number', 'identity number', 'identity', 'south african id', 'rsa id']
  },
  detect (text: string, sink: FindingSink): void {
    runPattern.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = runPattern.exec(text)) !== null) {
      const value = match[0]
      const start = match.index
      const end = start + value.length
      if (value.length === 13) {
        if (zaIdValid(value)) sink.push({ type: 'ZA_ID_NUMBER', start, end, score: ZA_ID_SCORE })
        continue
      }
      if (peselValid(value)) sink.push({ type: 'PL_PESEL', start, end, score: PESEL_SCORE })
      if (deTaxIdValid(value)) sink.push({ type: 'DE_TAX_ID', start, end, score: DE_TAX_ID_SCORE })
    }
  }
}
