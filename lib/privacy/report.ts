// What a privacy check found, per place. A hit names where (topic/partition/offset, object key,
// table row, log line, metric), the value's type and a hash prefix, never the value itself.
// Memory stays bounded: counts are kept for every hit, details only for the first few leaks per place.
import { valueLabel, type PlantedValue } from './planted.ts'
import type { Match } from './matcher.ts'

export interface Hit {
  place: string
  location: string
  /** Type and hash prefix of the value, e.g. `EMAIL_ADDRESS sha256:1a2b3c4d5e6f`. */
  value: string
  encoding: string
}

export interface PlaceReport {
  place: string
  /** What was read, e.g. "1,204 messages" or "3 tables, 480 rows". */
  scanned: number
  unit: string
  leaks: number
  /** Matches inside the raw object-key fields the design keeps (docs/privacy.md); not leaks. */
  allowed: number
  /** The first leaks found. */
  examples: Hit[]
  /** Set when the place could not be read completely; an incomplete place fails the check. */
  incomplete?: string
}

export interface PrivacyCheckReport {
  values: number
  /** Planted values per type, so a reader sees what was looked for (PERSON and LOCATION too). */
  valuesByType: Record<string, number>
  places: PlaceReport[]
  leaks: number
  incomplete: number
}

const examplesPerPlace = 10

export class ReportBuilder {
  readonly places = new Map<string, PlaceReport>()

  place (place: string, unit: string): PlaceReport {
    let report = this.places.get(place)
    if (report === undefined) {
      report = { place, scanned: 0, unit, leaks: 0, allowed: 0, examples: [] }
      this.places.set(place, report)
    }
    return report
  }

  scanned (place: string, unit: string, count = 1): void {
    this.place(place, unit).scanned += count
  }

  /** `rawKeyField`: the matches are inside a field that keeps the raw object key by design. */
  matches (place: string, unit: string, location: string, matches: readonly Match[], rawKeyField = false): void {
    if (matches.length === 0) return
    const report = this.place(place, unit)
    // A raw object key where the design keeps it (docs/privacy.md) is counted, not listed: it is no leak.
    if (rawKeyField) {
      report.allowed += matches.length
      return
    }
    for (const match of matches) {
      report.leaks++
      if (report.examples.length < examplesPerPlace) report.examples.push({ place, location, value: valueLabel(match.planted), encoding: match.encoding })
    }
  }

  incomplete (place: string, unit: string, reason: string): void {
    this.place(place, unit).incomplete = reason
  }

  build (planted: readonly PlantedValue[]): PrivacyCheckReport {
    const places = [...this.places.values()]
    const valuesByType: Record<string, number> = {}
    for (const { type } of planted) valuesByType[type] = (valuesByType[type] ?? 0) + 1
    return {
      values: planted.length,
      valuesByType,
      places,
      leaks: places.reduce((sum, place) => sum + place.leaks, 0),
      incomplete: places.filter((place) => place.incomplete !== undefined).length
    }
  }
}

export function formatReport (report: PrivacyCheckReport): string {
  const lines: string[] = [`Privacy check: ${report.values} planted values (each in its encoded forms too) searched in ${report.places.length} places`,
    `  by type: ${Object.entries(report.valuesByType).sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => `${type} ${count}`).join(', ')}`]
  for (const place of report.places) {
    const verdict = place.incomplete !== undefined ? `NOT FULLY READ: ${place.incomplete}` : place.leaks > 0 ? `${place.leaks} LEAK${place.leaks === 1 ? '' : 'S'}` : 'clean'
    const allowed = place.allowed > 0 ? ` (${place.allowed} match${place.allowed === 1 ? '' : 'es'} in raw object-key fields, kept by design)` : ''
    lines.push(`  ${place.place}: ${place.scanned} ${place.unit}, ${verdict}${allowed}`)
    for (const hit of place.examples) {
      lines.push(`    LEAK ${hit.value} (${hit.encoding}) at ${hit.location}`)
    }
  }
  lines.push(report.leaks === 0 && report.incomplete === 0
    ? 'Privacy check passed: no planted value outside the original objects and the raw-key fields.'
    : `Privacy check FAILED: ${report.leaks} leak${report.leaks === 1 ? '' : 's'}${report.incomplete > 0 ? `, ${report.incomplete} place(s) not fully read` : ''}.`)
  return lines.join('\n') + '\n'
}
