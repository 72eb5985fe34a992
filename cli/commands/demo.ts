import { exitCodes, type Command } from '../command.ts'
import { integerOption, optionValue } from '../options.ts'
import { duration } from '../../lib/config/parsers.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { printDemoReport } from '../../bench/demo/report.ts'
import { runDemo } from '../../bench/demo/run-demo.ts'

export const demoCommand: Command = {
  name: 'demo',
  summary: 'The main job end to end: sample PDFs through all three doors, analytics and a privacy check',
  usage: 'sluice demo [--documents N] [--seed TEXT] [--timeout 3m] [--no-stack]',
  details: `
On a fresh machine: brings the local stack up, applies the ClickHouse migrations, creates topics,
schemas and buckets, starts the API, bucket bridge, processor and sink, generates sample PDFs with
planted personal data (in the text, and in file names, object keys, form fields and publish
metadata), and sends them through the HTTP API, a bucket drop and a topic publish (a third
each), plus two broken files that must fail with known reasons. It waits until ClickHouse has
an outcome for every document, prints the analytics and where the redacted outputs are, and runs
the privacy check (sluice privacy-check) over every topic, output object, table, log and metric.
Exit code 0 only if every document is accounted for as expected and nothing leaked.`,
  options: {
    documents: { type: 'string', description: 'Sample documents to generate', default: '300' },
    seed: { type: 'string', description: 'Seed of the corpus generator (same seed, same documents)', default: 'sluice-demo' },
    timeout: { type: 'string', description: 'Longest wait for every document to reach ClickHouse', default: '3m' },
    concurrency: { type: 'string', description: 'Documents sent at once', default: '8' },
    'no-stack': { type: 'boolean', description: 'Use the external services configured by SLUICE_* variables instead of the local stack' }
  },
  async run ({ values }) {
    const config = loadConfig()
    // kafkajs's notice about its v2 partitioner would be printed in the middle of the progress output.
    process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1'
    const say = (line: string): void => { process.stderr.write(`demo: ${line}\n`) }
    const result = await runDemo(config, {
      documents: integerOption('documents', values.documents, 1, 100_000) ?? 300,
      seed: typeof values.seed === 'string' ? values.seed : 'sluice-demo',
      timeoutMs: optionValue('timeout', values.timeout, duration(1000, 3_600_000)) ?? 180_000,
      concurrency: integerOption('concurrency', values.concurrency, 1, 256) ?? 8,
      useStack: values['no-stack'] !== true,
      progress: process.stderr.isTTY === true
    }, say)
    const ok = await printDemoReport(config, result, (text) => process.stdout.write(text))
    return ok ? exitCodes.ok : exitCodes.internalError
  }
}
