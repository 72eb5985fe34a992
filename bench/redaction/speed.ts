// Speed of the redaction engine on one core: MB/s of the full default engine (all built-in
// detectors, default threshold, replace operator) over several MB of deterministic synthetic
// document text, beside one trivial regex scan over the same text in the same run. The ratio
// is the figure that travels between machines. Repeated at PII densities from none to 15 items
// per KB (dense forms), with names and postal addresses among the items.
// Throughput is computed from the CPU time of this single-threaded process (process.cpuUsage),
// so other load on a shared machine distorts it far less than wall time; wall-clock MB/s is
// printed too. Engine and baseline rounds alternate so both see the same conditions.
// Usage: npx node bench/redaction/speed.ts [--mb 4] [--document-chars 40000] [--json]
import { createRedactor } from '../../lib/redaction/index.ts'
import { builtInEntities } from '../../lib/redaction/detectors/index.ts'
import { generateCorpus } from './corpus.ts'

const args = process.argv.slice(2)
const megabytes = Number(args.includes('--mb') ? args[args.indexOf('--mb') + 1] : 4) || 4
/** The processor redacts page by page (a few KB); 40,000 is a 10-15 page document as one string. */
const DOCUMENT_CHARS = Number(args.includes('--document-chars') ? args[args.indexOf('--document-chars') + 1] : 40_000) || 40_000
const ROUNDS = 5
const densities = [0, 0.1, 1, 5, 10, 15]

function splitDocuments (text: string): string[] {
  const documents: string[] = []
  for (let i = 0; i < text.length; i += DOCUMENT_CHARS) documents.push(text.slice(i, i + DOCUMENT_CHARS))
  return documents
}

interface Timing { cpuSeconds: number, wallSeconds: number, count: number }

function timeOnce (documents: string[], run: (document: string) => number): Timing {
  let count = 0
  const cpuStarted = process.cpuUsage()
  const wallStarted = process.hrtime.bigint()
  for (const document of documents) count += run(document)
  const wallSeconds = Number(process.hrtime.bigint() - wallStarted) / 1e9
  const cpu = process.cpuUsage(cpuStarted)
  return { cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds, count }
}

/** Best of ROUNDS for each runner, the runners alternating round by round. */
function compare (documents: string[], runners: Array<(document: string) => number>): Timing[] {
  const best = (a: Timing | undefined, b: Timing): Timing => a === undefined ? b : { cpuSeconds: Math.min(a.cpuSeconds, b.cpuSeconds), wallSeconds: Math.min(a.wallSeconds, b.wallSeconds), count: b.count }
  const bests: Array<Timing | undefined> = runners.map(() => undefined)
  for (let round = 0; round < ROUNDS; round++) {
    runners.forEach((runner, index) => { bests[index] = best(bests[index], timeOnce(documents, runner)) })
  }
  return bests.map((timing) => timing!)
}

const redactor = createRedactor()
// The same engine without people's names and places, to show what they cost in the same run.
const namesAndPlaces = ['PERSON', 'LOCATION']
const withoutNames = createRedactor({ entities: builtInEntities.filter((type) => !namesAndPlaces.includes(type)) })
const trivial = /\d{3}-\d{2}-\d{4}/g
const results = []
for (const density of densities) {
  const text = generateCorpus(megabytes * 1e6, density)
  const bytes = Buffer.byteLength(text)
  const documents = splitDocuments(text)
  redactor.redact(documents[0]!) // warm up the JIT, libphonenumber metadata and the name lexicons
  withoutNames.redact(documents[0]!)
  const [engine, engineWithoutNames, baseline] = compare(documents, [
    (document) => redactor.redact(document).findings.length,
    (document) => withoutNames.redact(document).findings.length,
    (document) => {
      let matches = 0
      trivial.lastIndex = 0
      while (trivial.exec(document) !== null) matches++
      return matches
    }
  ]) as [Timing, Timing, Timing]
  const megabytesOfText = bytes / 1e6
  results.push({
    piiPerKilobyte: density,
    megabytes: megabytesOfText,
    findings: engine.count,
    engineMBps: megabytesOfText / engine.cpuSeconds,
    withoutNamesMBps: megabytesOfText / engineWithoutNames.cpuSeconds,
    trivialRegexMBps: megabytesOfText / baseline.cpuSeconds,
    ratio: baseline.cpuSeconds / engine.cpuSeconds,
    engineWallMBps: megabytesOfText / engine.wallSeconds
  })
}

const lines = ['PII/KB    MB  findings  engine MB/s (CPU)  without names MB/s (CPU)  trivial regex MB/s (CPU)  engine/trivial  engine MB/s (wall)']
for (const result of results) {
  lines.push([
    String(result.piiPerKilobyte).padStart(6),
    result.megabytes.toFixed(1).padStart(5),
    String(result.findings).padStart(9),
    result.engineMBps.toFixed(1).padStart(18),
    result.withoutNamesMBps.toFixed(1).padStart(25),
    result.trivialRegexMBps.toFixed(0).padStart(25),
    result.ratio.toFixed(4).padStart(15),
    result.engineWallMBps.toFixed(1).padStart(19)
  ].join(' '))
}
process.stdout.write(`Node ${process.version}, single thread, best of ${ROUNDS} alternating rounds, documents of ${DOCUMENT_CHARS} chars, MB = 10^6 bytes of UTF-8\n`)
process.stdout.write(lines.join('\n') + '\n')
if (args.includes('--json')) process.stdout.write(JSON.stringify({ node: process.version, rounds: ROUNDS, documentChars: DOCUMENT_CHARS, results }) + '\n')
