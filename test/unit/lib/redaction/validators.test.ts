import { test } from 'node:test'
import assert from 'node:assert/strict'
import { abaValid } from '../../../../lib/redaction/validators/aba.ts'
import { base58CheckValid } from '../../../../lib/redaction/validators/base58check.ts'
import { bech32Valid } from '../../../../lib/redaction/validators/bech32.ts'
import { validators } from '../../../../lib/redaction/validators/index.ts'
import { luhnValid } from '../../../../lib/redaction/validators/luhn.ts'
import { nhsMod11Valid } from '../../../../lib/redaction/validators/mod11.ts'
import { mod97Valid } from '../../../../lib/redaction/validators/mod97.ts'
import { deTaxIdValid, peselValid, zaBirthDateValid, zaIdValid } from '../../../../lib/redaction/validators/national-ids.ts'
import { itinDigitsValid, ssnDigitsValid } from '../../../../lib/redaction/validators/ssn.ts'

test('luhn accepts valid card numbers with or without separators and rejects one changed digit', () => {
  assert.equal(luhnValid('4012888888881881'), true)
  assert.equal(luhnValid('4012-8888-8888-1881'), true)
  assert.equal(luhnValid('371449635398431'), true)
  assert.equal(luhnValid('4012888888881882'), false)
  assert.equal(luhnValid('7'), false, 'a single digit is not a checksummed number')
})

test('mod97 accepts IBANs (spaces ignored) and rejects a changed check digit', () => {
  assert.equal(mod97Valid('GB82 WEST 1234 5698 7654 32'), true)
  assert.equal(mod97Valid('DE89370400440532013000'), true)
  assert.equal(mod97Valid('DE89370400440532013001'), false)
  assert.equal(mod97Valid('GB82 WEST 1234 5698 7654 3!'), false)
})

test('iban validator also checks the country length', () => {
  assert.equal(validators.iban!('DE89 3704 0044 0532 0130 00'), true)
  assert.equal(validators.iban!('DE89 3704 0044 0532 0130 0'), false)
  assert.equal(validators.iban!('QQ89370400440532013000'), false, 'unknown country')
})

test('NHS mod 11 accepts issued numbers and rejects check digit failures and check value 10', () => {
  assert.equal(nhsMod11Valid('401 023 2137'), true)
  assert.equal(nhsMod11Valid('0032698674'), true)
  assert.equal(nhsMod11Valid('401-023-2138'), false)
  assert.equal(nhsMod11Valid('123456789'), false, 'nine digits')
  // 00000001 0 x: weighted sum 1*3 = 3, 11 - 3 = 8, so the check digit is 8.
  assert.equal(nhsMod11Valid('0000000108'), true)
  // 00000000 6 x: weighted sum 6*2 = 12, 11 - (12 % 11) = 10: never issued, whatever the last digit.
  for (let check = 0; check <= 9; check++) assert.equal(nhsMod11Valid(`000000006${check}`), false)
})

test('ABA routing numbers need the 3-7-1 checksum and a Federal Reserve prefix', () => {
  assert.equal(abaValid('121000358'), true)
  assert.equal(abaValid('0711-0130-7'), true)
  assert.equal(abaValid('421042111'), false)
  assert.equal(abaValid('1234-0000-0'), false)
})

test('base58check validates Bitcoin legacy and P2SH addresses', () => {
  assert.equal(base58CheckValid('16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ'), true)
  assert.equal(base58CheckValid('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy'), true)
  assert.equal(base58CheckValid('16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyY'), false, 'changed last character')
  assert.equal(base58CheckValid('16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1Boy0'), false, '0 is not base58')
})

test('bech32 (v0) and bech32m (v1) checksums', () => {
  assert.equal(bech32Valid('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'), true)
  assert.equal(bech32Valid('BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ'), true)
  assert.equal(bech32Valid('bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297'), true)
  assert.equal(bech32Valid('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp'), false, 'changed checksum character')
  assert.equal(bech32Valid('bc1Qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'), false, 'mixed case')
})

test('SSN rules reject impossible areas, groups, serials and voided numbers', () => {
  assert.equal(ssnDigitsValid('078051123'), true)
  for (const invalid of ['000123456', '666123456', '912701234', '078001123', '078050000', '111111111', '123456789', '078051120']) {
    assert.equal(ssnDigitsValid(invalid), false, invalid)
  }
})

test('ITIN needs a 9xx area and a group in the issued ranges', () => {
  assert.equal(itinDigitsValid('911701234'), true)
  assert.equal(itinDigitsValid('911531234'), true)
  assert.equal(itinDigitsValid('911891234'), false)
  assert.equal(itinDigitsValid('811701234'), false)
})

test('PESEL: weighted check digit and a real birth date (century encoded in the month)', () => {
  assert.equal(peselValid('44051401458'), true)
  assert.equal(peselValid('02270803624'), true, 'born 2002: month + 20')
  assert.equal(peselValid('44051401459'), false, 'check digit')
  assert.equal(peselValid('11110021111'), false, 'month 00')
  assert.equal(peselValid('44-051401458'), false, 'separators are not part of a PESEL')
})

test('German tax ID: MOD 11,10 check digit, no leading zero, no digit more than three times', () => {
  assert.equal(deTaxIdValid('12345678903'), true)
  assert.equal(deTaxIdValid('12345678901'), false)
  assert.equal(deTaxIdValid('02345678903'), false)
  assert.equal(deTaxIdValid('11112345678'), false)
})

test('South African ID: birth date (leap years), citizenship digit and Luhn', () => {
  assert.equal(zaIdValid('8001015009087'), true)
  assert.equal(zaIdValid('8001015009086'), false, 'Luhn')
  assert.equal(zaIdValid('9913326789285'), false, 'month 13')
  assert.equal(zaIdValid('8001015009376'), false, 'citizenship 3 (Luhn is fine)')
  assert.equal(zaBirthDateValid('000229'), true)
  assert.equal(zaBirthDateValid('990229'), false)
})

test('every validator a rule can name is registered', () => {
  assert.deepEqual(Object.keys(validators).sort(), ['aba', 'base58check', 'bech32', 'de_tax_id', 'iban', 'luhn', 'mod11', 'mod97', 'pl_pesel', 'us_itin', 'us_ssn', 'za_id'])
})
