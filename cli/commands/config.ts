import type { Command } from '../command.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { settings } from '../../lib/config/settings.ts'

export const configCommand: Command = {
  name: 'config',
  summary: 'Print every setting, its environment variable and current value (secrets hidden)',
  usage: 'sluice config [--markdown]',
  options: {
    markdown: { type: 'boolean', description: 'Print the reference table used in the README' }
  },
  async run ({ values }) {
    const config = loadConfig() as unknown as Record<string, Record<string, unknown>>
    const rows: string[] = []
    if (values.markdown === true) rows.push('| Variable | Default | Meaning |', '| --- | --- | --- |')
    for (const [sectionName, section] of Object.entries(settings)) {
      for (const [key, definition] of Object.entries(section)) {
        if (values.markdown === true) {
          rows.push(`| \`${definition.env}\` | \`${definition.default}\` | ${definition.description} |`)
        } else {
          const secret = /SECRET|PASSWORD|KEY/.test(definition.env) && !definition.env.endsWith('ACCESS_KEY')
          const current = secret ? '(hidden)' : JSON.stringify(config[sectionName]?.[key])
          rows.push(`${definition.env.padEnd(36)} ${current}`)
        }
      }
    }
    process.stdout.write(rows.join('\n') + '\n')
    return 0
  }
}
