// A minimal client for the Prometheus HTTP API (/api/v1/query and /api/v1/query_range): the
// live dashboard needs two calls, not a library.

export interface Sample { labels: Record<string, string>, value: number | null }
export interface Series { labels: Record<string, string>, points: Array<[number, number | null]> }

interface PrometheusResponse {
  status: 'success' | 'error'
  error?: string
  data?: { resultType: string, result: Array<{ metric: Record<string, string>, value?: [number, string], values?: Array<[number, string]> }> }
}

/** Prometheus encodes numbers as strings and uses NaN/Inf for "no data"; JSON gets null instead. */
function toNumber (raw: string): number | null {
  const value = Number(raw)
  return Number.isFinite(value) ? value : null
}

async function call (baseUrl: string, path: string, params: Record<string, string>, timeoutMs: number): Promise<PrometheusResponse['data'] & object> {
  const url = new URL(path, baseUrl)
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
    signal: AbortSignal.timeout(timeoutMs)
  })
  const body = await response.json() as PrometheusResponse
  if (body.status !== 'success' || body.data === undefined) {
    throw new Error(`Prometheus ${path} failed (${response.status}): ${body.error ?? 'no data'}`)
  }
  return body.data
}

export interface PrometheusClient {
  instant: (query: string, timeSeconds: number) => Promise<Sample[]>
  range: (query: string, startSeconds: number, endSeconds: number, stepSeconds: number) => Promise<Series[]>
}

export function createPrometheusClient (baseUrl: string, timeoutMs = 5000): PrometheusClient {
  return {
    async instant (query, timeSeconds) {
      const data = await call(baseUrl, '/api/v1/query', { query, time: String(timeSeconds) }, timeoutMs)
      return data.result.map((entry) => ({ labels: entry.metric, value: entry.value === undefined ? null : toNumber(entry.value[1]) }))
    },
    async range (query, startSeconds, endSeconds, stepSeconds) {
      const data = await call(baseUrl, '/api/v1/query_range', { query, start: String(startSeconds), end: String(endSeconds), step: String(stepSeconds) }, timeoutMs)
      return data.result.map((entry) => ({
        labels: entry.metric,
        points: (entry.values ?? []).map(([time, raw]) => [time, toNumber(raw)])
      }))
    }
  }
}
