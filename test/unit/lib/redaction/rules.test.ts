import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadRules } from '../../../../lib/redaction/index.ts'
import { parseRuleSet } from '../../../../lib/redaction/rules.ts'
import { isSluiceError } from '../../../../lib/errors.ts'

function rejects (document: unknown, ...fragments: RegExp[]): void {
  assert.throws(() => parseRuleSet(document, 'rules.yaml'), (error) => {
    assert.ok(isSluiceError(error, 'RULES_INVALID'), String(error))
    for (const fragment of fragments) assert.match(error.message, fragment)
    return true
  })
}

test('loads YAML and JSON rule files', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'sluice-rules-'))
  try {
    const yamlPath = join(directory, 'rules.yaml')
    await writeFile(yamlPath, [
      'allow:',
      '  exact: [support@example.com]',
      'rules:',
      '  - name: EMPLOYEE_ID',
      "    pattern: 'EMP-\\d{6}'",
      '    score: 0.7',
      '    context: [employee, staff]',
      '    validator: luhn'
    ].join('\n'))
    const fromYaml = await loadRules(yamlPath)
    assert.deepEqual(fromYaml.allow.exact, ['support@example.com'])
    assert.deepEqual(fromYaml.rules, [{ name: 'EMPLOYEE_ID', pattern: 'EMP-\\d{6}', caseInsensitive: false, validator: 'luhn', context: ['employee', 'staff'], score: 0.7 }])
    const jsonPath = join(directory, 'rules.json')
    await writeFile(jsonPath, JSON.stringify({ rules: [{ name: 'TICKET', pattern: 'T-[0-9]+', caseInsensitive: true }] }))
    const fromJson = await loadRules(jsonPath)
    assert.equal(fromJson.rules[0]!.score, 0.6, 'default score')
    assert.equal(fromJson.rules[0]!.caseInsensitive, true)
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
})

test('unreadable and unparsable files fail with RULES_INVALID naming the file', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'sluice-rules-'))
  try {
    await assert.rejects(loadRules(join(directory, 'missing.yaml')), (error) => isSluiceError(error, 'RULES_INVALID') && /missing\.yaml/.test(error.message))
    const broken = join(directory, 'broken.json')
    await writeFile(broken, '{"rules": [')
    await assert.rejects(loadRules(broken), (error) => isSluiceError(error, 'RULES_INVALID') && /broken\.json/.test(error.message) && /JSON/.test(error.message))
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
})

test('each rule problem is reported with the rule name and the problem', () => {
  rejects({ rules: [{ name: 'lower', pattern: 'x' }] }, /rule "lower"/, /upper-case/)
  rejects({ rules: [{ name: 'NO_PATTERN' }] }, /rule "NO_PATTERN"/, /pattern/)
  rejects({ rules: [{ name: 'BAD_SCORE', pattern: 'x', score: 2 }] }, /rule "BAD_SCORE"/, /score/)
  rejects({ rules: [{ name: 'BAD_VALIDATOR', pattern: 'x', validator: 'crc32' }] }, /rule "BAD_VALIDATOR"/, /validator must be one of .*luhn/)
  rejects({ rules: [{ name: 'TYPO', pattern: 'x', contxt: ['a'] }] }, /rule "TYPO"/, /unknown field "contxt"/)
  rejects({ rules: [{ name: 'CTX', pattern: 'x', context: 'employee' }] }, /rule "CTX" context/, /list/)
  rejects({ rules: [{ name: 'EMPTY', pattern: 'a*' }] }, /rule "EMPTY"/, /empty string/)
  rejects({ rules: [{ name: 'DUP', pattern: 'x' }, { name: 'DUP', pattern: 'x' }] }, /rule "DUP"/, /twice/)
  rejects({ rules: ['just a string'] }, /rule #1/)
  rejects({ rulez: [] }, /unknown top-level field "rulez"/)
  rejects({ allow: { exact: [1] } }, /allow\.exact/)
})

test('patterns RE2 cannot run in linear time are refused with a clear message', () => {
  rejects({ rules: [{ name: 'LOOKAHEAD', pattern: 'foo(?=bar)' }] }, /rule "LOOKAHEAD"/, /RE2/, /linear time/)
  rejects({ rules: [{ name: 'BACKREF', pattern: '(a)\\1' }] }, /rule "BACKREF"/, /RE2/)
  rejects({ rules: [{ name: 'UNCLOSED', pattern: '(abc' }] }, /rule "UNCLOSED"/)
  rejects({ allow: { patterns: ['(?<=x)y'] } }, /allow\.patterns\[0\]/)
})

test('catastrophic-backtracking shapes are accepted because RE2 runs them in linear time', () => {
  const rules = parseRuleSet({ rules: [{ name: 'NESTED', pattern: '(a+)+$' }, { name: 'ALTERNATION', pattern: '(a|aa)+b' }] }, 'inline')
  assert.equal(rules.rules.length, 2)
})
