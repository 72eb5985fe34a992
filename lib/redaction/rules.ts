// Rule files: allow-lists and custom rules in JSON or YAML. Everything is validated here, at the
// edge, so a bad file fails once with RULES_INVALID naming the rule and the problem instead of
// misbehaving per document. Patterns are compiled with re2js (a linear-time RE2 port): no user
// pattern can backtrack catastrophically, and constructs RE2 cannot run in linear time
// (lookaround, backreferences) are rejected with a clear message.
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { RE2JS } from 're2js'
import { parse as parseYaml } from 'yaml'
import { SluiceError } from '../errors.ts'
import { builtInEntities } from './detectors/index.ts'
import type { CustomRule, RuleSet } from './types.ts'
import { validators } from './validators/index.ts'

const ruleKeys = new Set(['name', 'pattern', 'validator', 'context', 'score', 'caseInsensitive'])
const namePattern = /^[A-Z][A-Z0-9_]{0,63}$/
const DEFAULT_RULE_SCORE = 0.6

function invalid (where: string, problem: string): SluiceError {
  return new SluiceError('RULES_INVALID', `${where}: ${problem}`, {
    hint: 'Fix the rules file (see docs/redaction.md, "Rule files") and run again.'
  })
}

/** Compiles an RE2 pattern or explains, naming `where`, why it cannot be used. */
export function compileUserPattern (pattern: string, caseInsensitive: boolean, where: string): RE2JS {
  let compiled: RE2JS
  try {
    compiled = RE2JS.compile(pattern, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0)
  } catch (error) {
    const reason = (error as Error).message
    throw invalid(where, `pattern is not valid RE2 syntax (${reason}). Lookahead, lookbehind and backreferences are not supported because they cannot run in linear time.`)
  }
  if (compiled.matches('')) throw invalid(where, 'pattern matches the empty string; it must match at least one character')
  return compiled
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function stringList (value: unknown, where: string): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.length > 0)) {
    throw invalid(where, 'must be a list of non-empty strings')
  }
  return value as string[]
}

function parseRule (raw: unknown, index: number): CustomRule {
  const label = isRecord(raw) && typeof raw.name === 'string' ? `rule "${raw.name}"` : `rule #${index + 1}`
  if (!isRecord(raw)) throw invalid(label, 'must be an object with name and pattern')
  for (const key of Object.keys(raw)) {
    if (!ruleKeys.has(key)) throw invalid(label, `unknown field "${key}" (allowed: ${[...ruleKeys].join(', ')})`)
  }
  if (typeof raw.name !== 'string' || !namePattern.test(raw.name)) {
    throw invalid(label, 'name must be an upper-case entity type such as EMPLOYEE_ID (A-Z, 0-9, _)')
  }
  if (typeof raw.pattern !== 'string' || raw.pattern.length === 0) throw invalid(label, 'pattern must be a non-empty string')
  const caseInsensitive = raw.caseInsensitive ?? false
  if (typeof caseInsensitive !== 'boolean') throw invalid(label, 'caseInsensitive must be true or false')
  compileUserPattern(raw.pattern, caseInsensitive, label)
  const score = raw.score ?? DEFAULT_RULE_SCORE
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) throw invalid(label, 'score must be a number from 0 to 1')
  let validator: string | undefined
  if (raw.validator !== undefined) {
    if (typeof raw.validator !== 'string' || !(raw.validator in validators)) {
      throw invalid(label, `validator must be one of ${Object.keys(validators).join(', ')}`)
    }
    validator = raw.validator
  }
  return { name: raw.name, pattern: raw.pattern, caseInsensitive, validator, context: stringList(raw.context, `${label} context`), score }
}

/** Validates an already parsed rules document. `source` names the file in messages. */
export function parseRuleSet (document: unknown, source: string): RuleSet {
  if (document === null || document === undefined) return { allow: { exact: [], patterns: [] }, rules: [], disable: [] }
  if (!isRecord(document)) throw invalid(source, 'the top level must be an object with "allow", "rules" and/or "disable"')
  for (const key of Object.keys(document)) {
    if (key !== 'allow' && key !== 'rules' && key !== 'disable') throw invalid(source, `unknown top-level field "${key}" (allowed: allow, rules, disable)`)
  }
  const disable = stringList(document.disable, 'disable')
  const unknown = disable.filter((entity) => !builtInEntities.includes(entity))
  if (unknown.length > 0) throw invalid('disable', `unknown built-in entity type(s) ${unknown.join(', ')} (known: ${builtInEntities.join(', ')})`)
  const allowRaw = document.allow ?? {}
  if (!isRecord(allowRaw)) throw invalid(`${source} allow`, 'must be an object with "exact" and/or "patterns"')
  for (const key of Object.keys(allowRaw)) {
    if (key !== 'exact' && key !== 'patterns') throw invalid(`${source} allow`, `unknown field "${key}" (allowed: exact, patterns)`)
  }
  const exact = stringList(allowRaw.exact, 'allow.exact')
  const patterns = stringList(allowRaw.patterns, 'allow.patterns')
  patterns.forEach((pattern, index) => compileUserPattern(pattern, false, `allow.patterns[${index}]`))
  const rulesRaw = document.rules ?? []
  if (!Array.isArray(rulesRaw)) throw invalid(`${source} rules`, 'must be a list of rules')
  const rules = rulesRaw.map(parseRule)
  const seen = new Set<string>()
  for (const rule of rules) {
    const key = `${rule.name}\u0000${rule.pattern}`
    if (seen.has(key)) throw invalid(`rule "${rule.name}"`, 'is defined twice with the same pattern')
    seen.add(key)
  }
  return { allow: { exact, patterns }, rules, disable }
}

export async function loadRules (path: string): Promise<RuleSet> {
  let content: string
  try {
    content = await readFile(path, 'utf8')
  } catch (error) {
    throw new SluiceError('RULES_INVALID', `cannot read rules file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      hint: 'Check the path given with --rules or SLUICE_REDACTION_RULES.'
    })
  }
  let document: unknown
  try {
    document = extname(path).toLowerCase() === '.json' ? JSON.parse(content) : parseYaml(content)
  } catch (error) {
    throw invalid(path, `is not valid ${extname(path).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`)
  }
  return parseRuleSet(document, path)
}
