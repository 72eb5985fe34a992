import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { repositoryPath } from '../../../support/repository.ts'

const rulesDirectory = repositoryPath('infra/prometheus/rules')
const ruleFiles = readdirSync(rulesDirectory).filter((name) => name.endsWith('.yml')).map((name) => join(rulesDirectory, name))
const ruleTests = readdirSync(join(rulesDirectory, 'tests')).filter((name) => name.endsWith('.yml')).map((name) => join(rulesDirectory, 'tests', name))

function promtool (...args: string[]): { status: number | null, output: string } {
  const result = spawnSync('promtool', args, { encoding: 'utf8', timeout: 30_000 })
  if (result.error !== undefined) {
    throw new Error(`cannot run promtool (${result.error.message}); install it with: apt-get install -y --no-install-recommends prometheus`)
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

test('every rule file passes promtool check rules', () => {
  assert.ok(ruleFiles.length > 0, `no rule files in ${rulesDirectory}`)
  const { status, output } = promtool('check', 'rules', ...ruleFiles)
  assert.equal(status, 0, output)
})

test('the alerts the pipeline needs are defined', () => {
  const alerts = ruleFiles.flatMap((file) => {
    const document = parse(readFileSync(file, 'utf8')) as { groups: Array<{ rules: Array<{ alert?: string }> }> }
    return document.groups.flatMap((group) => group.rules.map((rule) => rule.alert).filter((name) => name !== undefined))
  })
  for (const required of ['SluiceProcessorStalled', 'SluiceDeadLetterRateHigh', 'SluiceEndToEndLatencyHigh', 'SluiceTargetDown']) {
    assert.ok(alerts.includes(required), `missing alert ${required}; have ${alerts.join(', ')}`)
  }
})

test('the alert unit tests pass under promtool test rules', () => {
  assert.ok(ruleTests.length > 0, 'no promtool rule tests found')
  const { status, output } = promtool('test', 'rules', ...ruleTests)
  assert.equal(status, 0, output)
  assert.match(output, /SUCCESS/)
})
