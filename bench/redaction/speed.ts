// Speed of the redaction engine on one core: MB/s of the full default engine (all built-in
// detectors, default threshold, replace operator) over several MB of deterministic synthetic
// document text, beside one trivial regex scan over the same text in the same run. The ratio
// is the figure that travels between machines. Repeated at several PII densities.
// Usage: npx node bench/redaction/speed.ts [--mb 4] [--json]
import { createRedactor } from '../../lib/redaction/index.ts'
import { generateCorpus } from './corpus.ts'

const args = process.argv.slice(2)
const megabytes = Number(args[args.indexOf('--mb') + 1] ?? 4) || 4
const DOCUMENT_CHARS = 40_000 // a 10-15 page document, redacted as one string
const ROUNDS = 3
const densities = [0, 0.1, 1, 5]

function splitDocuments (text: string): string[] {
  const documents: string[] = []
  for (let i = 0; i < text.length; i += DOCUMENT_CHARS) documents.push(text.slice(i, i + DOCUMENT_CHARS))
  return documents
}

/** Best of ROUNDS, in MB/s of UTF-8 input. */
function measure (documents: string[], bytes: number, run: (document: string) => number): { mbPerSecond: number, count: number } {
  let best = Infinity
  let count = 0
  for (let round = 0; round < ROUNDS; round++) {
    count = 0
    const started = process.hrtime.bigint()
    for (const document of documents) count += run(document)
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9)
  }
  return { mbPerSecond: bytes / 1e6 / best, count }
}

const redactor = createRedactor()
const trivial = /\d{3}-\d{2}-\d{4}/g
const results = []
for (const density of densities) {
  const text = generateCorpus(megabytes * 1e6, density)
  const bytes = Buffer.byteLength(text)
  const documents = splitDocuments(text)
  redactor.redact(documents[0]!) // warm up the JIT and libphonenumber metadata
  const engine = measure(documents, bytes, (document) => redactor.redact(document).findings.length)
  const baseline = measure(documents, bytes, (document) => {
    let matches = 0
    trivial.lastIndex = 0
    while (trivial.exec(document) !== null) matches++
    return matches
  })
  results.push({ piiPerKilobyte: density, megabytes: bytes / 1e6, engineMBps: engine.mbPerSecond, findings: engine.count, trivialRegexMBps: baseline.mbPerSecond, ratio: engine.mbPerSecond / baseline.mbPerSecond })
}

const lines = ['PII/KB    MB  engine MB/s  findings  trivial-regex MB/s  engine/trivial']
for (const result of results) {
  lines.push(`${String(result.piiPerKilobyte).padStart(6)} ${result.megabytes.toFixed(1).padStart(5)} ${result.engineMBps.toFixed(1).padStart(12)} ${String(result.findings).padStart(9)} ${result.trivialRegexMBps.toFixed(0).padStart(19)} ${result.ratio.toFixed(3).padStart(15)}`)
}
process.stdout.write(`Node ${process.version}, one core (single thread), best of ${ROUNDS} rounds, documents of ${DOCUMENT_CHARS} chars\n`)
process.stdout.write(lines.join('\n') + '\n')
if (args.includes('--json')) process.stdout.write(JSON.stringify({ node: process.version, rounds: ROUNDS, documentChars: DOCUMENT_CHARS, results }) + '\n')
