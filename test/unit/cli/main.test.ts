// The CLI as a production image has it: a copy of the repository without bench/ (the Dockerfile
// leaves it out). Commands whose code lives there must say so with a stable code, and the
// others must not need it.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { commands } from '../../../cli/commands.ts'
import { repositoryRoot as repoRoot } from '../../support/repository.ts'

const run = promisify(execFile)
// What the Dockerfile copies into the image (`COPY <folder> ./<folder>`), dependencies aside.
const dockerfile = await readFile(path.join(repoRoot, 'Dockerfile'), 'utf8')
const imageFolders = [...dockerfile.matchAll(/^COPY (\S+) \.\/\S*$/gm)].map((match) => match[1] as string)
let image: string

before(async () => {
  assert.ok(imageFolders.includes('cli') && !imageFolders.includes('bench'), `the image copies ${imageFolders.join(', ')}`)
  image = await mkdtemp(path.join(os.tmpdir(), 'sluice-image-'))
  for (const folder of imageFolders) await cp(path.join(repoRoot, folder), path.join(image, folder), { recursive: true })
  await cp(path.join(repoRoot, 'package.json'), path.join(image, 'package.json'))
  await symlink(path.join(repoRoot, 'node_modules'), path.join(image, 'node_modules'))
})

after(async () => { await rm(image, { recursive: true, force: true }) })

async function sluice (args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(image, 'bin/sluice.js'), ...args], { timeout: 30_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number, stdout: string, stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

test('the commands whose code lives in bench/ are the ones marked so', () => {
  const marked = commands.filter((entry) => entry.optionalFolder === 'bench').map((entry) => entry.name).sort()
  assert.deepEqual(marked, ['bench', 'corpus', 'demo'])
})

test('without bench/, its commands answer COMMAND_NOT_INSTALLED with the usage exit code', async () => {
  for (const name of ['bench', 'corpus', 'demo']) {
    const result = await sluice([name])
    assert.equal(result.code, 2, name)
    assert.match(result.stderr, new RegExp(`sluice ${name}: \\[COMMAND_NOT_INSTALLED\\] .*bench/`), name)
  }
})

test('without bench/, the other commands still load', async () => {
  const help = await sluice(['--help'])
  assert.equal(help.code, 0)
  for (const entry of commands.filter((candidate) => candidate.optionalFolder === undefined)) {
    const result = await sluice([entry.name, '--help'])
    assert.equal(result.code, 0, `${entry.name}: ${result.stderr}`)
    assert.match(result.stdout, /^Usage: sluice /, entry.name)
  }
})
