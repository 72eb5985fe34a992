// The values a privacy check looks for: whatever a run planted (in document text, file names,
// object keys, form fields, metadata). Read from a corpus manifest (`planted: [{type, value}]`,
// as `sluice corpus` and the demo write it) or from a plain list file, one value per line,
// optionally `TYPE<tab>value`.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { SluiceError } from '../errors.ts'

export interface PlantedValue {
  /** What kind of value it is (EMAIL_ADDRESS, PERSON, ...); printed instead of the value. */
  type: string
  value: string
}

/** Printed in place of a value: its type and the first 12 hex digits of its SHA-256. */
export function valueLabel (planted: PlantedValue): string {
  return `${planted.type} sha256:${createHash('sha256').update(planted.value).digest('hex').slice(0, 12)}`
}

/** One entry per distinct value (a value planted in ten documents is looked for once). */
export function distinctValues (values: Iterable<PlantedValue>): PlantedValue[] {
  const byValue = new Map<string, PlantedValue>()
  for (const planted of values) {
    if (planted.value.trim() !== '' && !byValue.has(planted.value)) byValue.set(planted.value, { type: planted.type, value: planted.value })
  }
  return [...byValue.values()]
}

export function parsePlanted (text: string, source: string): PlantedValue[] {
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (error) {
      throw new SluiceError('USAGE', `${source} looks like JSON but does not parse: ${(error as Error).message}`)
    }
    const entries = Array.isArray(parsed) ? parsed : (parsed as { planted?: unknown }).planted
    if (!Array.isArray(entries)) throw new SluiceError('USAGE', `${source} has no "planted" list`, { hint: 'Pass a corpus manifest (manifest.json) or a text file with one value per line.' })
    return distinctValues(entries.map((entry, index) => {
      const { type, value } = (entry ?? {}) as { type?: unknown, value?: unknown }
      if (typeof value !== 'string') throw new SluiceError('USAGE', `${source}: planted[${index}] has no string "value"`)
      return { type: typeof type === 'string' && type !== '' ? type : 'VALUE', value }
    }))
  }
  return distinctValues(text.split(/\r?\n/).map((line) => {
    const tab = line.indexOf('\t')
    return tab > 0 ? { type: line.slice(0, tab), value: line.slice(tab + 1) } : { type: 'VALUE', value: line }
  }))
}

export async function loadPlanted (path: string): Promise<PlantedValue[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new SluiceError('USAGE', `cannot read the planted values from ${path}: ${(error as Error).message}`)
  }
  const values = parsePlanted(text, path)
  if (values.length === 0) throw new SluiceError('USAGE', `${path} lists no planted values`)
  return values
}
