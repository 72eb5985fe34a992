import type { Command } from './command.ts'
import type { CommandEntry } from './commands.ts'

export function commandHelp (command: Command): string {
  const lines = [`Usage: ${command.usage}`, '', command.summary]
  if (command.details !== undefined) lines.push('', command.details.trim())
  const options = Object.entries(command.options)
  lines.push('', 'Options:')
  for (const [name, spec] of options) {
    const flag = `${spec.short !== undefined ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ' VALUE' : ''}`
    const fallback = spec.default !== undefined ? ` (default: ${spec.default})` : ''
    lines.push(`  ${flag.padEnd(28)} ${spec.description}${fallback}`)
  }
  lines.push(`  ${'-h, --help'.padEnd(28)} Show this help`)
  return lines.join('\n') + '\n'
}

export function mainHelp (entries: CommandEntry[]): string {
  const width = Math.max(...entries.map((entry) => entry.name.length)) + 2
  return [
    'Usage: sluice <command> [options]',
    '',
    'Sluice: PDFs in through HTTP, a bucket or Kafka; text extracted and personal data redacted',
    'by partitioned consumer groups; results and timings streamed into ClickHouse.',
    '',
    'Commands:',
    ...entries.map((entry) => `  ${entry.name.padEnd(width)}${entry.summary}`),
    '',
    'Run `sluice <command> --help` for the options of a command.',
    ''
  ].join('\n')
}
