import { SluiceError } from '../errors.ts'
import { settings, type Setting } from './settings.ts'

type Settings = typeof settings
type SectionValues<S> = { readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never }
export type Config = { readonly [K in keyof Settings]: SectionValues<Settings[K]> }

/**
 * Reads every setting from the environment, applying defaults, and fails on the first
 * invalid value with an error that names the variable. Called once at start-up.
 */
export function loadConfig (env: NodeJS.ProcessEnv = process.env): Config {
  const config: Record<string, Record<string, unknown>> = {}
  for (const [sectionName, section] of Object.entries(settings)) {
    const values: Record<string, unknown> = {}
    for (const [key, definition] of Object.entries(section as Record<string, Setting<unknown>>)) {
      const raw = env[definition.env] ?? definition.default
      try {
        values[key] = definition.parse(raw)
      } catch (error) {
        throw new SluiceError('CONFIG_INVALID', `${definition.env} ${(error as Error).message}`, {
          hint: `${definition.env}: ${definition.description}. Unset it to use the default "${definition.default}".`
        })
      }
    }
    config[sectionName] = values
  }
  return config as Config
}

export { settings }
