import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { configurationReference } from '../../../lib/config/reference.ts'
import { commands } from '../../../cli/commands.ts'
import { repositoryPath } from '../../support/repository.ts'

const readme = await readFile(repositoryPath('README.md'), 'utf8')

test('the README\'s configuration reference is the one generated from the settings table', () => {
  // Machine-dependent defaults are generated as a rule ("one per core"), so this holds on any machine.
  assert.ok(readme.includes(configurationReference() + '\n'), 'the README\'s configuration table is out of date; regenerate it with `npx sluice config --markdown`')
})

test('the README lists every command', () => {
  for (const command of commands) {
    assert.ok(readme.includes(`\`sluice ${command.name}`), `sluice ${command.name} is missing from the README's command table`)
  }
})
