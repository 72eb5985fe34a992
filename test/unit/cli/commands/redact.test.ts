// Runs the real CLI (bin/sluice.js on the project's Node 24) with text on stdin.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { repositoryPath } from '../../../support/repository.ts'
import { runSluice, type ProcessRun } from '../../../support/run-process.ts'

const bin = repositoryPath('bin/sluice.js')

async function sluice (args: string[], input: string | Readable, env: NodeJS.ProcessEnv = {}): Promise<ProcessRun> {
  return await runSluice(['redact', ...args], { input, env: { ...process.env, ...env } })
}

// Each test spawns its own processes; running them side by side keeps the file fast.
describe('sluice redact', { concurrency: true }, () => {
  test('text format: redacted text out, exit 0', async () => {
    const run = await sluice([], 'Mail jane@example.com now.\nSecond line stays.\n')
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stdout, 'Mail [EMAIL_ADDRESS] now.\nSecond line stays.\n')
  })

  test('json format: redacted text and findings with UTF-16 offsets', async () => {
    const input = '😀 SSN 078-05-1123'
    const run = await sluice(['--format', 'json'], input)
    assert.equal(run.code, 0, run.stderr)
    const result = JSON.parse(run.stdout) as { redacted: string, findings: Array<{ type: string, start: number, end: number, score: number }> }
    assert.equal(result.redacted, '😀 SSN [US_SSN]')
    assert.equal(result.findings.length, 1)
    const [finding] = result.findings
    assert.deepEqual(Object.keys(finding!), ['type', 'start', 'end', 'score'])
    assert.equal(input.slice(finding!.start, finding!.end), '078-05-1123')
  })

  test('jsonl: one result per line in order; a bad line gets an error object and exit 3', async () => {
    const lines = [
      JSON.stringify({ text: 'ip 192.168.1.1' }),
      'not json {"text": "jane@example.com"}',
      '',
      JSON.stringify({ notText: 1 }),
      JSON.stringify({ text: 'card 4111 1111 1111 1111' })
    ]
    const run = await sluice(['--format', 'jsonl'], lines.join('\n') + '\n')
    assert.equal(run.code, 3)
    const output = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    assert.equal(output.length, 4, 'blank lines are skipped')
    assert.equal(output[0]!.redacted, 'ip [IP_ADDRESS]')
    assert.deepEqual(output[1], { error: { line: 2, message: 'not valid JSON' } })
    assert.equal((output[2]!.error as { line: number }).line, 4)
    assert.equal(output[3]!.redacted, 'card [CREDIT_CARD]')
    assert.match(run.stderr, /line 2: not valid JSON/)
    assert.ok(!run.stderr.includes('jane@example.com'), 'input text never reaches stderr')
  })

  test('jsonl streams 100,000 lines', async () => {
    const total = 100_000
    let produced = 0
    const input = new Readable({
      read () {
        for (let i = 0; i < 1000 && produced < total; i++, produced++) this.push(JSON.stringify({ text: `row ${produced} SSN 078-05-${String(1000 + (produced % 9000))}` }) + '\n')
        if (produced === total) this.push(null)
      }
    })
    const run = await sluice(['--format', 'jsonl', '--entities', 'US_SSN'], input)
    assert.equal(run.code, 0, run.stderr)
    const output = run.stdout.trimEnd().split('\n')
    assert.equal(output.length, total)
    assert.equal(JSON.parse(output[total - 1]!).redacted, `row ${total - 1} SSN [US_SSN]`)
  })

  test('a reader that stops early (| head) ends the run quietly with exit 0', async () => {
    const child = spawn(process.execPath, [bin, 'redact', '--format', 'jsonl'], { stdio: ['pipe', 'pipe', 'pipe'] })
    const stderr: Buffer[] = []
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    const line = JSON.stringify({ text: 'mail jane@example.com' }) + '\n'
    child.stdin.on('error', () => {})
    child.stdin.end(line.repeat(20_000))
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
    child.stdout.destroy()
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    assert.equal(code, 0, Buffer.concat(stderr).toString())
    assert.equal(Buffer.concat(stderr).toString(), '')
  })

  test('--threshold 0 reports weak candidates, --entities limits types, --operator applies', async () => {
    const weak = await sluice(['--format', 'json', '--threshold', '0', '--entities', 'US_BANK_NUMBER'], 'ref 945456787654 jane@example.com')
    assert.equal(weak.code, 0, weak.stderr)
    const result = JSON.parse(weak.stdout) as { findings: Array<{ type: string, score: number }> }
    assert.deepEqual(result.findings.map((finding) => finding.type), ['US_BANK_NUMBER'])
    assert.ok(result.findings[0]!.score < 0.5)
    const [masked, hashed] = await Promise.all([
      sluice(['--operator', 'mask:2'], 'SSN 078-05-1123'),
      sluice(['--operator', 'hash'], 'SSN 078-05-1123', { SLUICE_REDACTION_HMAC_KEY: 'test-key' })
    ])
    assert.equal(masked.stdout, 'SSN *********23')
    assert.match(hashed.stdout, /^SSN \[US_SSN:[0-9a-f]{12}\]$/)
  })

  test('rules file: custom rule applied; invalid file exits 3 naming the rule', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sluice-redact-'))
    try {
      const good = join(directory, 'good.yaml')
      await writeFile(good, "rules:\n  - name: EMPLOYEE_ID\n    pattern: 'EMP-[0-9]{6}'\n    score: 0.8\n")
      const applied = await sluice(['--rules', good], 'badge EMP-123456')
      assert.equal(applied.stdout, 'badge [EMPLOYEE_ID]')
      const bad = join(directory, 'bad.yaml')
      await writeFile(bad, "rules:\n  - name: BROKEN\n    pattern: '(a)\\1'\n")
      const refused = await sluice(['--rules', bad], 'text')
      assert.equal(refused.code, 3)
      assert.match(refused.stderr, /RULES_INVALID.*rule "BROKEN"/)
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
  })

  test('usage errors exit 2', async () => {
    const runs = await Promise.all([['--format', 'xml'], ['--threshold', '2'], ['--entities', 'NRP'], ['--operator', 'scramble']].map(async (args) => await sluice(args, '')))
    for (const run of runs) assert.equal(run.code, 2, run.stderr)
  })
})
