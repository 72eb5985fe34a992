// `sluice redact`: the redaction engine on stdin. The output contract is fixed (evaluation
// tools depend on it): text -> redacted text; json -> {"redacted","findings"}; jsonl -> one
// {"text"} object per input line in, one {"redacted","findings"} object per line out, streamed
// with backpressure so 100,000-line batches run in constant memory.
import { createInterface } from 'node:readline'
import { exitCodes, type Command } from '../command.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { SluiceError, isSluiceError } from '../../lib/errors.ts'
import { builtInEntities } from '../../lib/redaction/detectors/index.ts'
import { createRedactor, loadRules, type OperatorSpec, type Redactor, type RuleSet } from '../../lib/redaction/index.ts'

const formats = ['text', 'json', 'jsonl'] as const
type Format = typeof formats[number]
const DEFAULT_MASK_KEEP = 4

export const redactCommand: Command = {
  name: 'redact',
  summary: 'Redact personal data from text on stdin (text, json or jsonl batch mode)',
  usage: 'sluice redact [--format text|json|jsonl] [--rules FILE] [--entities A,B] [--threshold X] [--operator NAME]',
  details: 'Reads stdin, writes stdout. Formats:\n' +
    '  text   redacted text out\n' +
    '  json   {"redacted": "...", "findings": [{"type","start","end","score"}]}\n' +
    '  jsonl  one {"text": "..."} object per input line; one json result per output line, same order.\n' +
    '         Blank lines are skipped. A line that is not such an object yields\n' +
    '         {"error": {"line": N, "message": "..."}} in its place, processing goes on, and the exit\n' +
    `         code is ${exitCodes.badInput}.\n` +
    'Offsets are UTF-16 code units of the input (JavaScript string indices), end exclusive.\n' +
    'Operators: replace ([TYPE], default), mask (keeps the last 4 characters; mask:N keeps N),\n' +
    'hash ([TYPE:hmac], key from SLUICE_REDACTION_HMAC_KEY), remove.\n' +
    `Entities: ${builtInEntities.join(', ')} and any custom rule names.\n` +
    '--threshold 0 reports every candidate that passed validation.',
  options: {
    format: { type: 'string', short: 'f', description: 'text, json or jsonl', default: 'text' },
    rules: { type: 'string', description: 'JSON or YAML file with allow-lists and custom rules (default: SLUICE_REDACTION_RULES)' },
    entities: { type: 'string', description: 'Comma-separated entity types to detect (default: all)' },
    threshold: { type: 'string', description: 'Lowest score reported and redacted, 0 to 1 (default: SLUICE_REDACTION_THRESHOLD)' },
    operator: { type: 'string', description: 'replace, mask, mask:N, hash or remove', default: 'replace' }
  },
  async run ({ values }) {
    const config = loadConfig()
    const format = parseFormat(values.format)
    const threshold = parseThreshold(values.threshold, config.redaction.threshold)
    const operator = parseOperator(values.operator)
    const entities = typeof values.entities === 'string' ? values.entities.split(',').map((entity) => entity.trim()).filter((entity) => entity !== '') : undefined
    const rulesFile = typeof values.rules === 'string' ? values.rules : config.redaction.rulesFile
    let rules: RuleSet | undefined
    try {
      rules = rulesFile === '' ? undefined : await loadRules(rulesFile)
    } catch (error) {
      if (!isSluiceError(error, 'RULES_INVALID')) throw error
      process.stderr.write(`sluice redact: [${error.code}] ${error.message}\n${error.hint !== undefined ? `  ${error.hint}\n` : ''}`)
      return exitCodes.badInput
    }
    const redactor = createRedactor({
      threshold,
      defaultOperator: operator,
      hmacKey: config.redaction.hmacKey,
      ...(entities !== undefined ? { entities } : {}),
      ...(rules !== undefined ? { rules } : {})
    })
    const output = createOutput()
    if (format === 'jsonl') return await redactLines(redactor, output)
    const text = await readAll()
    const result = redactor.redact(text)
    await output.write(format === 'text' ? result.redacted : JSON.stringify(result) + '\n')
    return exitCodes.ok
  }
}

function parseFormat (raw: unknown): Format {
  const value = raw ?? 'text'
  if (typeof value !== 'string' || !(formats as readonly string[]).includes(value)) {
    throw new SluiceError('USAGE', `--format must be one of ${formats.join(', ')}, got "${String(value)}"`)
  }
  return value as Format
}

function parseThreshold (raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new SluiceError('USAGE', `--threshold must be a number from 0 to 1, got "${String(raw)}"`)
  }
  return value
}

function parseOperator (raw: unknown): OperatorSpec {
  const value = typeof raw === 'string' ? raw : 'replace'
  if (value === 'replace' || value === 'hash' || value === 'remove') return { kind: value }
  const mask = /^mask(?::(\d{1,3}))?$/.exec(value)
  if (mask !== null) return { kind: 'mask', keepLast: mask[1] === undefined ? DEFAULT_MASK_KEEP : Number(mask[1]) }
  throw new SluiceError('USAGE', `--operator must be replace, mask, mask:N, hash or remove, got "${value}"`)
}

async function readAll (): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

interface Output {
  /** True once the reader has gone (`sluice redact ... | head`): stop quietly, it is not an error. */
  readonly closed: boolean
  /** Writes and waits for 'drain' when the pipe is full, so a slow reader throttles us. */
  write (data: string): Promise<void>
}

function createOutput (): Output {
  let failure: NodeJS.ErrnoException | undefined
  let wake: (() => void) | undefined
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    failure = error
    wake?.()
  })
  process.stdout.on('drain', () => wake?.())
  const rethrow = (): void => {
    if (failure !== undefined && failure.code !== 'EPIPE') throw failure
  }
  return {
    get closed () { return failure?.code === 'EPIPE' },
    async write (data: string): Promise<void> {
      rethrow()
      if (failure === undefined && !process.stdout.write(data)) {
        await new Promise<void>((resolve) => { wake = resolve })
        wake = undefined
      }
      rethrow()
    }
  }
}

function textOf (line: string): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    // The parser's own message quotes the input, which may be personal data: keep it out.
    throw new Error('not valid JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { text?: unknown }).text !== 'string') {
    throw new Error('expected an object with a string field "text"')
  }
  return (parsed as { text: string }).text
}

async function redactLines (redactor: Redactor, output: Output): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
  let lineNumber = 0
  let failures = 0
  for await (const line of lines) {
    lineNumber++
    if (line.trim() === '') continue
    let result: string
    try {
      result = JSON.stringify(redactor.redact(textOf(line)))
    } catch (error) {
      failures++
      const message = (error as Error).message
      process.stderr.write(`sluice redact: line ${lineNumber}: ${message}\n`)
      result = JSON.stringify({ error: { line: lineNumber, message } })
    }
    await output.write(result + '\n')
    if (output.closed) break
  }
  if (failures > 0) {
    process.stderr.write(`sluice redact: ${failures} of ${lineNumber} line(s) could not be read; their output lines hold an "error" object.\n`)
    return exitCodes.badInput
  }
  return exitCodes.ok
}
