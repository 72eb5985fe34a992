import type { Command } from '../command.ts'
import { loadConfig } from '../../lib/config/index.ts'
import { configurationReference } from '../../lib/config/reference.ts'
import { settings } from '../../lib/config/settings.ts'

export const configCommand: Command = {
  name: 'config',
  summary: 'Print every setting, its environment variable and current value (secrets hidden)',
  usage: 'sluice config [--markdown]',
  options: {
    markdown: { type: 'boolean', description: 'Print the reference table used in the README' }
  },
  async run ({ values }) {
    if (values.markdown === true) {
      process.stdout.write(configurationReference() + '\n')
      return 0
    }
    const config = loadConfig() as unknown as Record<string, Record<string, unknown>>
    const rows: string[] = []
    for (const [sectionName, section] of Object.entries(settings)) {
      for (const [key, definition] of Object.entries(section)) {
        const secret = /SECRET|PASSWORD|KEY/.test(definition.env) && !definition.env.endsWith('ACCESS_KEY')
        const current = secret ? '(hidden)' : JSON.stringify(config[sectionName]?.[key])
        rows.push(`${definition.env.padEnd(36)} ${current}`)
      }
    }
    process.stdout.write(rows.join('\n') + '\n')
    return 0
  }
}
