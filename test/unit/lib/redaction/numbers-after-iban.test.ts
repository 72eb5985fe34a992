import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRedactor } from '../../../../lib/redaction/index.ts'

// Found by the demo's privacy check: in a table row a card number followed an IBAN whose last
// digit groups, together with the card's first group, passed Luhn as a (Discover-range) card.
// That false candidate lost to the IBAN, and the real card behind it was never considered.
test('a card right after an IBAN in a table row is still found', () => {
  const text = 'ES30 9015 6285 6993 0800 5825 5165 2798 3012 3493'
  const { redacted, findings } = createRedactor().redact(text)
  assert.equal(redacted, '[IBAN_CODE] [CREDIT_CARD]')
  assert.deepEqual(findings.map((finding) => [finding.type, finding.start, finding.end]), [['IBAN_CODE', 0, 29], ['CREDIT_CARD', 30, 49]])
})

// Found by the demo's privacy check too: the IBAN's last group "1" and a North American number in
// the next column read as "+1 (919) 965-1093"; that candidate lost to the IBAN, and the number
// without the borrowed group was never tried.
test('a phone number right after an IBAN ending in a lone 1 is still found', () => {
  const text = 'Omar Okafor CH32 5659 7546 9778 5745 1 (919) 965-1093'
  const { findings } = createRedactor().redact(text)
  assert.deepEqual(findings.filter((finding) => finding.type !== 'PERSON').map((finding) => [finding.type, text.slice(finding.start, finding.end)]), [['IBAN_CODE', 'CH32 5659 7546 9778 5745 1'], ['PHONE_NUMBER', '(919) 965-1093']])
})
