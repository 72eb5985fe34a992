import { exitCodes, type Command } from '../command.ts'
import { parseDuration, parseInstant } from '../../lib/analytics/window.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { runPrivacyCheck } from '../../lib/privacy/check.ts'
import { loadPlanted } from '../../lib/privacy/planted.ts'
import { formatReport } from '../../lib/privacy/report.ts'

export const privacyCheckCommand: Command = {
  name: 'privacy-check',
  summary: 'Look for planted personal data in every topic, output object, table, log and metric Sluice writes',
  usage: 'sluice privacy-check PLANTED-FILE [--since TIME] [--log FILE]... [--metrics-url URL]... [--quiet]',
  details: 'PLANTED-FILE is a corpus manifest (its "planted" list of {type, value}) or a text file with one value per\n' +
    'line (optionally TYPE<tab>value). Reads the received, processed, dead-letter and bucket-notification topics\n' +
    '(keys, headers, raw and decoded values), the results bucket and the inbox\'s _sluice/ prefix, every table of\n' +
    'SLUICE_CLICKHOUSE_DATABASE, $SLUICE_HOME/logs/*.log and the given log files, the /metrics endpoints\n' +
    'registered with the local Prometheus and its label values. Values are matched exactly, URL-, form- and\n' +
    'JSON-encoded, composed or decomposed, and in text with its percent-escapes decoded (docs/privacy.md). Hits are reported per place by type and hash prefix, never by value.\n' +
    'The raw object key in its one designated field (documents.received `key`, a dead letter\'s original event,\n' +
    'the object store\'s notifications) is reported as allowed. Exit code 1 on any leak or any place not fully read.',
  options: {
    since: { type: 'string', description: 'Only messages and objects written since: an ISO time or an age such as 30m, 2h (default: everything kept)' },
    log: { type: 'string', multiple: true, description: 'Another log file to read (repeatable), e.g. where `sluice up` output went' },
    'metrics-url': { type: 'string', multiple: true, description: 'Another /metrics URL to read (repeatable)' },
    quiet: { type: 'boolean', short: 'q', description: 'No progress lines on stderr' }
  },
  positionals: { min: 1, max: 1 },
  run: async ({ values, positionals }) => {
    const config = loadConfig()
    const planted = await loadPlanted(positionals[0] as string)
    const quiet = values.quiet === true
    const report = await runPrivacyCheck(config, planted, {
      sinceMs: values.since === undefined ? 0 : parseSince(String(values.since), Date.now()),
      logFiles: (values.log ?? []) as string[],
      metricsUrls: (values['metrics-url'] ?? []) as string[],
      progress: (line) => { if (!quiet) process.stderr.write(`privacy-check: ${line}\n`) }
    })
    process.stdout.write(formatReport(report))
    return report.leaks === 0 && report.incomplete === 0 ? exitCodes.ok : exitCodes.internalError
  }
}

/** --since: an age such as 30m or 2h (the stats windows' duration grammar) or a time, as `sluice stats` reads them. */
export function parseSince (raw: string, now: number): number {
  // An age starts with digits and a unit letter (30m, 1h30m); a time with a date or only digits.
  const isAge = /^\d+[a-z]/.test(raw)
  return isAge ? now - parseDuration(raw) : parseInstant(raw)
}
