import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRedactor, type Finding } from '../../../../lib/redaction/index.ts'
import { resolveOverlaps } from '../../../../lib/redaction/overlaps.ts'
import { parseRuleSet } from '../../../../lib/redaction/rules.ts'
import { isSluiceError } from '../../../../lib/errors.ts'

const sample = 'Contact jane.doe@example.com or (415) 555-0132. Card 4111 1111 1111 1111, SSN 078-05-1123.'

test('replace is the default operator and keeps everything else byte for byte', () => {
  const { redacted, findings } = createRedactor().redact(sample)
  assert.equal(redacted, 'Contact [EMAIL_ADDRESS] or [PHONE_NUMBER]. Card [CREDIT_CARD], SSN [US_SSN].')
  assert.deepEqual(findings.map((finding) => finding.type), ['EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD', 'US_SSN'])
  for (const finding of findings) assert.deepEqual(Object.keys(finding), ['type', 'start', 'end', 'score'], 'findings never carry the value')
})

test('everything outside the findings is copied unchanged, on generated documents', async () => {
  const { generateCorpus } = await import('../../../../bench/redaction/corpus.ts')
  const text = generateCorpus(60_000, 2, 7)
  const { redacted, findings } = createRedactor().redact(text)
  assert.ok(findings.length > 50)
  let cursor = 0
  let rebuilt = ''
  for (const finding of findings) {
    assert.ok(finding.start >= cursor && finding.end > finding.start, 'sorted, disjoint, non-empty')
    rebuilt += text.slice(cursor, finding.start) + `[${finding.type}]`
    cursor = finding.end
  }
  assert.equal(redacted, rebuilt + text.slice(cursor))
})

test('text without personal data comes back identical', () => {
  const text = 'Quarterly revenue rose 4.5% to 1,234,567 units in 2024-05; see section 3.2.1.\r\n\ttabs\u00a0and\u2028odd spaces'
  assert.equal(createRedactor().redact(text).redacted, text)
})

test('mask keeps the last N characters, per code point', () => {
  const redactor = createRedactor({ defaultOperator: { kind: 'mask', keepLast: 4 } })
  assert.equal(redactor.redact('SSN 078-05-1123').redacted, 'SSN *******1123')
  const hashMask = createRedactor({ defaultOperator: { kind: 'mask', keepLast: 0, char: '#' } })
  assert.equal(hashMask.redact('ip 10.0.0.1').redacted, 'ip ########')
})

test('keyed hash is stable across documents, differs per key and normalises formatting', () => {
  const redactor = createRedactor({ defaultOperator: { kind: 'hash' }, hmacKey: 'k1' })
  const first = redactor.redact('mail Jane@Example.com').redacted
  const second = redactor.redact('other document: jane@example.com').redacted
  assert.match(first, /^mail \[EMAIL_ADDRESS:[0-9a-f]{12}\]$/)
  assert.equal(second, `other document: ${first.slice('mail '.length)}`)
  assert.equal(redactor.redact('SSN 078-05-1123').redacted.slice(4), redactor.redact('SSN 078 05 1123').redacted.slice(4))
  const otherKey = createRedactor({ defaultOperator: { kind: 'hash' }, hmacKey: 'k2' }).redact('mail jane@example.com').redacted
  assert.notEqual(otherKey, first)
  assert.ok(!first.includes('jane'), 'the value itself never appears')
})

test('hash without a key is refused up front', () => {
  assert.throws(() => createRedactor({ defaultOperator: { kind: 'hash' } }), (error) => isSluiceError(error, 'USAGE'))
})

test('remove and per-type operators', () => {
  const redactor = createRedactor({ defaultOperator: { kind: 'remove' }, operators: { EMAIL_ADDRESS: { kind: 'replace' } } })
  assert.equal(redactor.redact('a jane@example.com b 078-05-1123 c').redacted, 'a [EMAIL_ADDRESS] b  c')
})

test('offsets are UTF-16 code units, also after emoji and astral characters', () => {
  const text = '😀𝒳 ü 日本 mail: jane@example.com'
  const [finding] = createRedactor().analyze(text)
  assert.ok(finding !== undefined)
  assert.equal(text.slice(finding.start, finding.end), 'jane@example.com')
  assert.equal(finding.start, text.indexOf('jane'))
  assert.equal(createRedactor().redact(text).redacted, '😀𝒳 ü 日本 mail: [EMAIL_ADDRESS]')
})

test('threshold hides weak candidates that context words would lift', () => {
  const redactor = createRedactor()
  assert.deepEqual(redactor.analyze('reference 078051123 attached'), [], 'a bare nine-digit number is not redacted')
  assert.deepEqual(redactor.analyze('SSN: 078051123').map((finding) => finding.type), ['US_SSN'])
  assert.equal(createRedactor({ threshold: 0, entities: ['US_SSN'] }).analyze('reference 078051123').length, 1)
})

test('context words after a value count only on its own line', () => {
  const form = 'Passport: X00664584\nDL number (driver license): M8123456'
  const findings = createRedactor().analyze(form).map((finding) => [finding.type, form.slice(finding.start, finding.end)])
  assert.deepEqual(findings, [['US_PASSPORT', 'X00664584'], ['US_DRIVER_LICENSE', 'M8123456']])
  assert.deepEqual(createRedactor().analyze('078051123 (SSN)').map((finding) => finding.type), ['US_SSN'])
})

test('the nearest context word decides between equally scored overlapping types', () => {
  const form = 'DL number (driver license): F8705060\nUS passport no. E93207062\nBank account number: 5128456811'
  const findings = createRedactor().analyze(form).map((finding) => [finding.type, form.slice(finding.start, finding.end)])
  assert.deepEqual(findings, [['US_DRIVER_LICENSE', 'F8705060'], ['US_PASSPORT', 'E93207062'], ['US_BANK_NUMBER', '5128456811']])
})

test('overlaps resolve by score, then context distance, then length, then position, then type name', () => {
  const findings: Finding[] = [
    { type: 'B', start: 0, end: 10, score: 0.5 },
    { type: 'A', start: 5, end: 8, score: 0.9 },
    { type: 'C', start: 9, end: 20, score: 0.5 },
    { type: 'D', start: 9, end: 20, score: 0.5 },
    { type: 'E', start: 20, end: 25, score: 0.1 }
  ]
  assert.deepEqual(resolveOverlaps(findings).map((finding) => finding.type), ['A', 'C', 'E'])
  assert.deepEqual(resolveOverlaps([...findings].reverse()).map((finding) => finding.type), ['A', 'C', 'E'], 'input order does not matter')
  const nearer = new Map([[findings[3]!, 2], [findings[2]!, 10]])
  assert.deepEqual(resolveOverlaps(findings, (finding) => nearer.get(finding)).map((finding) => finding.type), ['A', 'D', 'E'])
})

test('an IPv6 address with an embedded IPv4 is one finding', () => {
  const findings = createRedactor().analyze('tunnel 2001:db8::10.0.0.1 up')
  assert.equal(findings.length, 1)
  assert.equal(findings[0]!.end - findings[0]!.start, '2001:db8::10.0.0.1'.length)
})

test('allow-list drops exact strings and whole-string pattern matches', () => {
  const rules = parseRuleSet({ allow: { exact: ['support@example.com'], patterns: ['10\\.0\\.0\\.\\d+'] } }, 'inline')
  const redactor = createRedactor({ rules })
  const { redacted } = redactor.redact('support@example.com jane@example.com 10.0.0.7 10.1.0.7')
  assert.equal(redacted, 'support@example.com [EMAIL_ADDRESS] 10.0.0.7 [IP_ADDRESS]')
})

test('custom rules: pattern, validator, context words and score; default entities include them', () => {
  const rules = parseRuleSet({
    rules: [
      { name: 'EMPLOYEE_ID', pattern: 'EMP-[0-9]{6}', score: 0.3, context: ['employee'] },
      { name: 'LOYALTY_CARD', pattern: '\\bLC[0-9]{12,18}\\b', validator: 'luhn', score: 0.9 }
    ]
  }, 'inline')
  const redactor = createRedactor({ rules })
  assert.equal(redactor.redact('ticket EMP-123456').redacted, 'ticket EMP-123456', 'below threshold without context')
  assert.equal(redactor.redact('employee EMP-123456').redacted, 'employee [EMPLOYEE_ID]')
  assert.equal(redactor.redact('LC4111111111111111 LC4111111111111112').redacted, '[LOYALTY_CARD] LC4111111111111112')
  assert.deepEqual(createRedactor({ rules, entities: ['LOYALTY_CARD'] }).analyze('employee EMP-123456 jane@example.com'), [])
})

test('unknown entity names are rejected with the list of known ones', () => {
  assert.throws(() => createRedactor({ entities: ['NRP'] }), (error) => isSluiceError(error, 'USAGE') && /NRP/.test(error.message) && /EMAIL_ADDRESS/.test(error.hint ?? ''))
})

test('a hostile user pattern cannot hang the engine', () => {
  const rules = parseRuleSet({ rules: [{ name: 'HOSTILE', pattern: '(a+)+$', score: 0.9 }] }, 'inline')
  const redactor = createRedactor({ rules, entities: ['HOSTILE'] })
  const text = 'a'.repeat(50_000) + '!'
  const started = performance.now()
  assert.deepEqual(redactor.analyze(text), [])
  const elapsed = performance.now() - started
  assert.ok(elapsed < 2000, `took ${elapsed} ms`)
  // The same pattern backtracks exponentially in a backtracking engine: 2^n steps for n = 50,000.
})

test('pathological inputs stay linear', () => {
  const redactor = createRedactor({ threshold: 0 })
  const size = 100_000
  const inputs = ['7'.repeat(size), '12 '.repeat(size / 3), '1.'.repeat(size / 2), 'a:'.repeat(size / 2), 'a.'.repeat(size / 2), 'a@'.repeat(size / 2), 'A1'.repeat(size / 2), '(1) '.repeat(size / 4), 'born '.repeat(size / 5)]
  for (const input of inputs) {
    const started = performance.now()
    redactor.redact(input)
    const elapsed = performance.now() - started
    assert.ok(elapsed < 3000, `${JSON.stringify(input.slice(0, 6))}... took ${elapsed} ms`)
  }
})

test('engines are reusable: the same document gives the same findings every time', () => {
  const redactor = createRedactor()
  const first = JSON.stringify(redactor.redact(sample))
  for (let i = 0; i < 3; i++) assert.equal(JSON.stringify(redactor.redact(sample)), first)
})
