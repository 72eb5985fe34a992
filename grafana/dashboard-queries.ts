// Reads the queries out of Grafana dashboard JSON and expands Grafana's macros the way Grafana
// and the ClickHouse plugin (grafana-clickhouse-datasource, pkg/macros) do for a fixed time
// range, so tests can run every panel's query against the real Prometheus and ClickHouse.

export type QueryLanguage = 'promql' | 'clickhouse'

export interface DashboardQuery {
  panelId: number
  panelTitle: string
  refId: string
  language: QueryLanguage
  text: string
  /** Prometheus: an instant query (stat panels) instead of a range query. */
  instant: boolean
}

export interface QueryTimeRange {
  fromMs: number
  toMs: number
  /** Grafana's $__interval for the panel (range / max data points, at least the scrape interval). */
  intervalMs: number
  /** The Prometheus data source's scrape interval (jsonData.timeInterval), used by $__rate_interval. */
  scrapeIntervalMs: number
  /** Values of dashboard variables; defaults come from the dashboard's templating list. */
  variables?: Record<string, string>
}

const datasourceLanguages: Record<string, QueryLanguage> = {
  prometheus: 'promql',
  'grafana-clickhouse-datasource': 'clickhouse'
}

interface PanelJson {
  id?: number
  title?: string
  type?: string
  datasource?: { type?: string }
  targets?: Array<Record<string, unknown> & { datasource?: { type?: string } }>
  panels?: PanelJson[]
}

function panelsOf (dashboard: { panels?: PanelJson[] }): PanelJson[] {
  // Collapsed rows keep their panels inside the row.
  return (dashboard.panels ?? []).flatMap((panel) => [panel, ...(panel.panels ?? [])])
}

/** Every query of every panel, in panel order. Throws on a query whose data source it cannot tell. */
export function extractQueries (dashboard: { panels?: PanelJson[] }): DashboardQuery[] {
  const queries: DashboardQuery[] = []
  for (const panel of panelsOf(dashboard)) {
    for (const target of panel.targets ?? []) {
      if (target.hide === true) continue
      const type = target.datasource?.type ?? panel.datasource?.type ?? ''
      const language = datasourceLanguages[type]
      if (language === undefined) throw new Error(`panel ${panel.id} "${panel.title}" uses data source type "${type}"; expected prometheus or grafana-clickhouse-datasource`)
      const text = language === 'promql' ? target.expr : target.rawSql
      if (typeof text !== 'string' || text.trim() === '') throw new Error(`panel ${panel.id} "${panel.title}" target ${String(target.refId)} has no ${language === 'promql' ? 'expr' : 'rawSql'}`)
      queries.push({
        panelId: panel.id ?? 0,
        panelTitle: panel.title ?? '',
        refId: String(target.refId ?? 'A'),
        language,
        text,
        instant: target.instant === true && target.range !== true
      })
    }
  }
  return queries
}

/** Default values of the dashboard's variables (constants, text boxes, custom lists). */
export function dashboardVariables (dashboard: { templating?: { list?: Array<{ name?: string, query?: unknown, current?: { value?: unknown } }> } }): Record<string, string> {
  const values: Record<string, string> = {}
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.name === undefined) continue
    const current = variable.current?.value
    values[variable.name] = typeof current === 'string' ? current : String(variable.query ?? '')
  }
  return values
}

/** A Prometheus duration the way Grafana prints intervals: the largest whole unit. */
export function formatDuration (ms: number): string {
  const units: Array<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]]
  for (const [unit, size] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`
  }
  return `${Math.round(ms)}ms`
}

/** Grafana: $__rate_interval = max($__interval + scrape interval, 4 x scrape interval). */
export function rateIntervalMs (range: QueryTimeRange): number {
  return Math.max(range.intervalMs + range.scrapeIntervalMs, 4 * range.scrapeIntervalMs)
}

function globalVariables (range: QueryTimeRange): Record<string, string> {
  const rangeMs = range.toMs - range.fromMs
  return {
    __from: String(range.fromMs),
    __to: String(range.toMs),
    '__from:date:seconds': String(Math.floor(range.fromMs / 1000)),
    '__to:date:seconds': String(Math.floor(range.toMs / 1000)),
    __interval: formatDuration(range.intervalMs),
    __interval_ms: String(range.intervalMs),
    __rate_interval: formatDuration(rateIntervalMs(range)),
    __range: formatDuration(rangeMs),
    __range_s: String(Math.floor(rangeMs / 1000)),
    __range_ms: String(rangeMs)
  }
}

/**
 * Grafana's own interpolation: `${name}`, `${name:format}` and `$name` for global and dashboard
 * variables. Names it does not know (the ClickHouse plugin's `$__timeFilter(...)` and friends)
 * are left for the data source.
 */
function interpolateVariables (text: string, values: Record<string, string>): string {
  return text
    .replace(/\$\{([A-Za-z0-9_]+(?::[A-Za-z0-9_:]+)?)\}/g, (match, name: string) => values[name] ?? match)
    .replace(/\$([A-Za-z0-9_]+)\b(?!\()/g, (match, name: string) => values[name] ?? match)
}

function assertFullyExpanded (text: string, language: QueryLanguage): string {
  const leftover = /\$\{?[A-Za-z_][A-Za-z0-9_]*/.exec(text)
  if (leftover !== null) throw new Error(`${language} query has an unknown macro or variable "${leftover[0]}": ${text}`)
  return text
}

export function expandPromQL (expr: string, range: QueryTimeRange): string {
  const values = { ...range.variables, ...globalVariables(range) }
  return assertFullyExpanded(interpolateVariables(expr, values), 'promql')
}

const dateTime = (ms: number): string => `toDateTime(${Math.floor(ms / 1000)})`
const date = (ms: number): string => `toDate('${new Date(ms).toISOString().slice(0, 10)}')`
const dateTime64 = (ms: number): string => `fromUnixTimestamp64Milli(${Math.floor(ms)})`

type MacroExpander = (args: string[], range: QueryTimeRange) => string

function argumentCount (name: string, args: string[], count: number): void {
  if (args.length !== count) throw new Error(`$__${name} expects ${count} argument(s), got ${args.length}`)
}

/** The ClickHouse plugin's macros, with the exact SQL it generates (pkg/macros/macros.go). */
const clickhouseMacros: Record<string, MacroExpander> = {
  fromTime: (_args, range) => dateTime(range.fromMs),
  toTime: (_args, range) => dateTime(range.toMs),
  fromTime_ms: (_args, range) => dateTime64(range.fromMs),
  toTime_ms: (_args, range) => dateTime64(range.toMs),
  timeFilter: (args, range) => {
    argumentCount('timeFilter', args, 1)
    return `${args[0]} >= ${dateTime(range.fromMs)} AND ${args[0]} <= ${dateTime(range.toMs)}`
  },
  timeFilter_ms: (args, range) => {
    argumentCount('timeFilter_ms', args, 1)
    return `${args[0]} >= ${dateTime64(range.fromMs)} AND ${args[0]} <= ${dateTime64(range.toMs)}`
  },
  dateFilter: (args, range) => {
    argumentCount('dateFilter', args, 1)
    return `${args[0]} >= ${date(range.fromMs)} AND ${args[0]} <= ${date(range.toMs)}`
  },
  dateTimeFilter: (args, range) => {
    argumentCount('dateTimeFilter', args, 2)
    return `(${args[0]} >= ${date(range.fromMs)} AND ${args[0]} <= ${date(range.toMs)}) AND (${args[1]} >= ${dateTime(range.fromMs)} AND ${args[1]} <= ${dateTime(range.toMs)})`
  },
  timeInterval: (args, range) => {
    argumentCount('timeInterval', args, 1)
    return `toStartOfInterval(toDateTime(${args[0]}), INTERVAL ${Math.max(Math.floor(range.intervalMs / 1000), 1)} second)`
  },
  interval_s: (_args, range) => String(Math.max(Math.floor(range.intervalMs / 1000), 1))
}
clickhouseMacros.dt = clickhouseMacros.dateTimeFilter as MacroExpander

/** Splits `a, f(b, c), d` at top-level commas. */
function splitArguments (text: string): string[] {
  const args: string[] = []
  let depth = 0
  let current = ''
  for (const character of text) {
    if (character === '(') depth++
    if (character === ')') depth--
    if (character === ',' && depth === 0) {
      args.push(current.trim())
      current = ''
    } else {
      current += character
    }
  }
  if (current.trim() !== '') args.push(current.trim())
  return args
}

function expandClickHouseMacros (sql: string, range: QueryTimeRange): string {
  let result = ''
  let position = 0
  const macroStart = /\$__([A-Za-z_]+)/g
  for (let match = macroStart.exec(sql); match !== null; match = macroStart.exec(sql)) {
    const name = match[1] as string
    const expand = clickhouseMacros[name]
    if (expand === undefined) throw new Error(`clickhouse query uses $__${name}, which the ClickHouse plugin does not define`)
    let end = match.index + match[0].length
    let args: string[] = []
    if (sql[end] === '(') {
      let depth = 0
      let close = end
      for (; close < sql.length; close++) {
        if (sql[close] === '(') depth++
        if (sql[close] === ')' && --depth === 0) break
      }
      if (close >= sql.length) throw new Error(`unbalanced parentheses after $__${name}`)
      args = splitArguments(sql.slice(end + 1, close))
      end = close + 1
    }
    result += sql.slice(position, match.index) + expand(args, range)
    position = end
    macroStart.lastIndex = end
  }
  return result + sql.slice(position)
}

export function expandClickHouseSql (sql: string, range: QueryTimeRange): string {
  const values = { ...range.variables, ...globalVariables(range) }
  const interpolated = interpolateVariables(sql, values)
  return assertFullyExpanded(expandClickHouseMacros(interpolated, range), 'clickhouse')
}
