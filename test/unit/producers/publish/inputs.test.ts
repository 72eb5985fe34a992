import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expandInputs, type InputEntry } from '../../../../producers/publish/inputs.ts'

test('files, directories (recursively) and globs expand lazily; missing inputs are reported', async () => {
  const root = await mkdtemp(join(tmpdir(), 'sluice-inputs-'))
  try {
    await mkdir(join(root, 'a', 'b'), { recursive: true })
    for (const name of ['one.pdf', 'a/two.pdf', 'a/b/three.PDF', 'a/b/notes.txt']) await writeFile(join(root, name), 'x')
    const collect = async (inputs: string[]): Promise<InputEntry[]> => {
      const entries: InputEntry[] = []
      for await (const entry of expandInputs(inputs)) entries.push(entry)
      return entries
    }
    const paths = (entries: InputEntry[]): string[] => entries.map((entry) => entry.path.slice(root.length + 1)).sort()
    assert.deepEqual(paths(await collect([join(root, 'one.pdf')])), ['one.pdf'])
    assert.deepEqual(paths(await collect([join(root, 'a')])), ['a/b/notes.txt', 'a/b/three.PDF', 'a/two.pdf'])
    assert.deepEqual(paths(await collect([join(root, '**/*.pdf')])), ['a/two.pdf', 'one.pdf'])
    const missing = await collect([join(root, 'nope.pdf')])
    assert.equal(missing.length, 1)
    assert.ok('problem' in (missing[0] as InputEntry))
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})
