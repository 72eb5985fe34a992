// Command-line option values, parsed with the same parsers as the settings (lib/config/parsers.ts)
// so `--workers 4` and `SLUICE_PROCESSOR_WORKERS=4` accept the same text. A bad value is a
// USAGE error naming the option.
import { integer, type Parser } from '../lib/config/parsers.ts'
import { SluiceError } from '../lib/errors.ts'

/** The parsed value of `--name`, or undefined when it is absent. */
export function optionValue<T> (name: string, raw: unknown, parser: Parser<T>): T | undefined {
  if (raw === undefined) return undefined
  try {
    if (typeof raw !== 'string') throw new Error(`must be a value, got ${String(raw)}`)
    return parser(raw)
  } catch (error) {
    throw new SluiceError('USAGE', `--${name} ${(error as Error).message}`)
  }
}

/** A whole number from min to max, or undefined when the option is absent. */
export function integerOption (name: string, raw: unknown, min: number, max: number): number | undefined {
  return optionValue(name, raw, integer(min, max))
}
