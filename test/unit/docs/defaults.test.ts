// Every default the README and docs/*.md state for a SLUICE_* setting, in a table with a
// "default" column or in prose ("`SLUICE_X` (default 30 s)", "default `SLUICE_X` of 10 s", ...),
// must be the default of lib/config/settings.ts; and every Node.js version the README names must
// be the one the project pins. A "default" next to a setting in a form this test cannot read
// fails too, so a stated default cannot escape the check by its wording.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import { test } from 'node:test'
import { settings, type Setting } from '../../../lib/config/settings.ts'
import { repositoryPath } from '../../support/repository.ts'

const documents = ['README.md', ...readdirSync(repositoryPath('docs')).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)]
const text = new Map(documents.map((file) => [file, readFileSync(repositoryPath(file), 'utf8')]))
const byEnv = new Map(Object.values(settings).flatMap((section) => Object.values(section) as Array<Setting<unknown>>).map((definition) => [definition.env, definition]))

/** Whether a default as the docs state it ("30 s", "`50MiB`", "empty", "number of cores") is the setting's. */
function agrees (definition: Setting<unknown>, stated: string): boolean {
  const value = stated.replace(/`/g, '').trim()
  if (definition.documentedDefault !== undefined) return /\bcores?\b/.test(value) && /\bcores?\b/.test(definition.documentedDefault)
  if (value === 'empty') return definition.default === ''
  const compact = value.replace(/^(\d+(?:\.\d+)?) (?=[A-Za-z]+$)/, '$1')
  try {
    return JSON.stringify(definition.parse(compact)) === JSON.stringify(definition.parse(definition.default))
  } catch {
    return false
  }
}

interface Statement { file: string, env: string, stated: string }

/** Rows of Markdown tables that have a column named "Default". */
function tableStatements (file: string, body: string): Statement[] {
  const statements: Statement[] = []
  let defaultColumn = -1
  for (const line of body.split('\n')) {
    if (!line.startsWith('|')) { defaultColumn = -1; continue }
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim())
    if (defaultColumn === -1) { defaultColumn = cells.findIndex((cell) => cell.toLowerCase() === 'default'); continue }
    if (/^-+$/.test(cells[0]?.replace(/[ :]/g, '') ?? '')) continue
    const names = cells.map((cell) => /^`(SLUICE_[A-Z0-9_]+)`(?: \/ `_[A-Z0-9_]+`)*$/.exec(cell)).find((match) => match !== null)
    if (names === undefined) continue
    const envs = [...(names[0] as string).matchAll(/`(_?[A-Z0-9_]+)`/g)].map((match) => match[1] as string)
    const prefix = (envs[0] as string).replace(/_[A-Z0-9]+$/, '')
    const values = (cells[defaultColumn] ?? '').split(' / ')
    envs.forEach((env, index) => statements.push({ file, env: env.startsWith('_') ? prefix + env : env, stated: values[index] ?? '' }))
  }
  return statements
}

const value = '(`[^`]*`|\\d[\\d.]*(?: ?[A-Za-z]+\\b)?|empty|number of cores|one per core)'
const proseForms = [
  new RegExp(`\`(SLUICE_[A-Z0-9_]+)\`[^().|]{0,30}?\\((?:[^()]{0,40}?[;,] )?default ${value}[,;)]`, 'g'),
  new RegExp(`\`(SLUICE_[A-Z0-9_]+)\`, default ${value}`, 'g'),
  new RegExp(`\`(SLUICE_[A-Z0-9_]+)\`, ${value} by default`, 'g'),
  new RegExp(`default \`(SLUICE_[A-Z0-9_]+)\`(?: of|,) ${value}`, 'g')
]

/** Stated defaults in prose, and every "default" next to a setting that none of the forms read. */
function proseStatements (file: string, body: string): { statements: Statement[], unread: string[] } {
  const prose = body.split('\n').filter((line) => !line.startsWith('|')).join(' ').replace(/\s+/g, ' ')
  const statements: Statement[] = []
  const read: Array<[number, number]> = []
  for (const form of proseForms) {
    for (const match of prose.matchAll(form)) {
      statements.push({ file, env: match[1] as string, stated: match[2] as string })
      read.push([match.index, match.index + match[0].length])
    }
  }
  const unread: string[] = []
  for (const match of prose.matchAll(/\bdefault\b/g)) {
    const around = prose.slice(Math.max(0, match.index - 40), match.index + 50)
    const covered = read.some(([start, end]) => match.index >= start && match.index < end)
    // "default `SLUICE_X` = cores" names the setting as an option's default; that is not a value.
    if (!covered && /`SLUICE_[A-Z0-9_]+`/.test(around) && !/default `SLUICE_[A-Z0-9_]+`(?! of|,)/.test(prose.slice(match.index, match.index + 60))) unread.push(`${file}: …${around}…`)
  }
  return { statements, unread }
}

const statements: Statement[] = []
const unread: string[] = []
for (const [file, body] of text) {
  statements.push(...tableStatements(file, body))
  const prose = proseStatements(file, body)
  statements.push(...prose.statements)
  unread.push(...prose.unread)
}

test('every default the docs state for a setting is the default in lib/config/settings.ts', () => {
  assert.ok(statements.length >= 40, `only ${statements.length} stated defaults found; is the reader broken?`)
  for (const { file, env, stated } of statements) {
    const definition = byEnv.get(env)
    assert.ok(definition !== undefined, `${file}: ${env} is not a setting`)
    assert.ok(agrees(definition, stated), `${file}: ${env} is documented with default "${stated}", but its default is "${definition.documentedDefault ?? definition.default}"`)
  }
})

test('every default stated next to a setting is in a form the check above reads', () => {
  assert.deepEqual(unread, [], 'write it as "`SLUICE_X` (default V)", "`SLUICE_X`, default V" or "default `SLUICE_X` of V"')
})

test('a default that depends on the machine is documented as a rule, and the rule holds here', () => {
  const workers = settings.processor.workers
  assert.equal(workers.documentedDefault, 'one per core')
  assert.equal(workers.parse(workers.default), os.availableParallelism())
})

test('the Node.js versions the README and docs name are the pinned one', () => {
  const pkg = JSON.parse(readFileSync(repositoryPath('package.json'), 'utf8')) as { engines: { node: string }, devDependencies: { node: string } }
  const pinnedMajor = Number(pkg.devDependencies.node.split('.')[0])
  const enginesMinimum = Number(/^>=(\d+)$/.exec(pkg.engines.node)?.[1])
  assert.ok(enginesMinimum <= pinnedMajor, `engines ${pkg.engines.node} admits the pinned Node ${pkg.devDependencies.node}`)
  let named = 0
  for (const [file, body] of text) {
    for (const match of body.replace(/\s+/g, ' ').matchAll(/\bNode(?:\.js)? (\d+)(?:\.(\d+))?/g)) {
      named++
      assert.equal(Number(match[1]), pinnedMajor, `${file}: "${match[0]}" but the project pins node ${pkg.devDependencies.node}`)
    }
  }
  assert.ok(named > 0)
  const readme = text.get('README.md') as string
  const bootstrap = /Node\.js with npm \(any version from (\d+)/.exec(readme.replace(/\s+/g, ' '))
  assert.ok(bootstrap !== null, 'the README says which Node.js runs `npm install`')
  assert.ok(Number(bootstrap[1]) <= enginesMinimum)
})
