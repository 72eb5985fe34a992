// The validators a custom rule may name in its `validator` field. Each takes the matched text.
import { abaValid } from './aba.ts'
import { base58CheckValid } from './base58check.ts'
import { bech32Valid } from './bech32.ts'
import { ibanStructureValid } from './iban-lengths.ts'
import { luhnValid } from './luhn.ts'
import { nhsMod11Valid } from './mod11.ts'
import { mod97Valid } from './mod97.ts'
import { deTaxIdValid, peselValid, zaIdValid } from './national-ids.ts'
import { itinDigitsValid, ssnDigitsValid } from './ssn.ts'

export type Validator = (value: string) => boolean

const digitsOnly = (value: string): string => value.replace(/\D/g, '')

export const validators: Readonly<Record<string, Validator>> = {
  luhn: luhnValid,
  mod97: mod97Valid,
  iban: (value) => {
    const compact = value.replace(/[\s-]/g, '').toUpperCase()
    return ibanStructureValid(compact) && mod97Valid(compact)
  },
  mod11: nhsMod11Valid,
  aba: abaValid,
  base58check: base58CheckValid,
  bech32: bech32Valid,
  us_ssn: (value) => ssnDigitsValid(digitsOnly(value)),
  us_itin: (value) => itinDigitsValid(digitsOnly(value)),
  pl_pesel: (value) => peselValid(digitsOnly(value)),
  de_tax_id: (value) => deTaxIdValid(digitsOnly(value)),
  za_id: (value) => zaIdValid(digitsOnly(value))
}
