import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { settings } from '../../../lib/config/settings.ts'
import { commands } from '../../../cli/commands.ts'

const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8')

test('the README documents every setting with its default', () => {
  for (const section of Object.values(settings)) {
    for (const definition of Object.values(section)) {
      assert.ok(readme.includes(`| \`${definition.env}\` | \`${definition.default}\` |`), `${definition.env} (default ${definition.default}) is missing from the README; regenerate the table with \`npx sluice config --markdown\``)
    }
  }
})

test('the README lists every command', () => {
  for (const command of commands) {
    assert.ok(readme.includes(`\`sluice ${command.name}`), `sluice ${command.name} is missing from the README's command table`)
  }
})
