// The configuration reference in Markdown, generated from the settings table: printed by
// `sluice config --markdown` and kept in the README (a test compares the two).
import { settings, type Setting } from './settings.ts'

/** The default as documentation states it: the literal value, or a rule where it depends on the machine. */
export function documentedDefault (definition: Setting<unknown>): string {
  return definition.documentedDefault ?? `\`${definition.default}\``
}

export function configurationReference (): string {
  const rows = ['| Variable | Default | Meaning |', '| --- | --- | --- |']
  for (const section of Object.values(settings)) {
    for (const definition of Object.values(section) as Array<Setting<unknown>>) {
      rows.push(`| \`${definition.env}\` | ${documentedDefault(definition)} | ${definition.description} |`)
    }
  }
  return rows.join('\n')
}
