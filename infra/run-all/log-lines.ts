// Turns the JSON log lines (pino) of the child services into one readable line each, prefixed
// with the service name, so four services can share one terminal without losing who said what.

const levelNames: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }
const levelColors: Record<number, string> = { 10: '90', 20: '90', 30: '32', 40: '33', 50: '31', 60: '35' }
const serviceColors = ['36', '35', '34', '33', '32', '96', '95', '94']
// Fields every line carries; printing them again on each line would only add noise.
const omitted = new Set(['level', 'time', 'pid', 'hostname', 'name', 'component', 'msg', 'v'])
const longestValue = 160

export interface LineStyle {
  /** Width the service name is padded to, so messages line up. */
  nameWidth: number
  /** ANSI colours (only when writing to a terminal). */
  color: boolean
  /** Index of the service, to give each a stable colour. */
  colorIndex?: number
}

export function formatLogLine (service: string, line: string, style: LineStyle): string {
  const paint = (code: string, text: string): string => style.color ? `\u001b[${code}m${text}\u001b[0m` : text
  const prefix = paint(serviceColors[(style.colorIndex ?? 0) % serviceColors.length] as string, `${service.padEnd(style.nameWidth)} |`)
  const record = parseRecord(line)
  if (record === undefined) return `${prefix} ${line}`
  const level = typeof record.level === 'number' ? record.level : 30
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 23) : ''
  const levelName = paint(levelColors[level] ?? '0', (levelNames[level] ?? String(level)).padEnd(5))
  const message = typeof record.msg === 'string' ? record.msg : ''
  const extras = Object.entries(record)
    .filter(([key]) => !omitted.has(key))
    .map(([key, value]) => `${key}=${formatValue(value)}`)
  return [prefix, time, levelName, message, ...extras].filter((part) => part !== '').join(' ')
}

function parseRecord (line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined
  try {
    const parsed: unknown = JSON.parse(line)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined
  } catch {
    return undefined
  }
}

function formatValue (value: unknown): string {
  if (typeof value === 'object' && value !== null && 'stack' in value && typeof value.stack === 'string') {
    return '\n    ' + value.stack.split('\n').join('\n    ')
  }
  const text = typeof value === 'string' ? (/\s/.test(value) ? JSON.stringify(value) : value) : JSON.stringify(value)
  return text.length > longestValue ? `${text.slice(0, longestValue - 1)}…` : text
}

/**
 * Splits a child's byte stream into lines (chunks may end mid-line) and hands each formatted
 * line to `write`. `flush` emits a trailing partial line when the child exits.
 */
export function createLineSplitter (onLine: (line: string) => void): { push: (chunk: Buffer | string) => void, flush: () => void } {
  let pending = ''
  return {
    push (chunk) {
      pending += chunk.toString()
      let newline = pending.indexOf('\n')
      while (newline !== -1) {
        const line = pending.slice(0, newline).replace(/\r$/, '')
        pending = pending.slice(newline + 1)
        if (line !== '') onLine(line)
        newline = pending.indexOf('\n')
      }
    },
    flush () {
      if (pending !== '') onLine(pending)
      pending = ''
    }
  }
}
