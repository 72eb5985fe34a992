// Readiness of the services without an HTTP API of their own (processor, sink, bucket bridge),
// answered on GET /readyz of their metrics server. Each service declares the checks it needs up
// front, so it reports "not ready" until every one of them has been registered and passes.
export interface CheckResult {
  ok: boolean
  /** Why the check failed. */
  error?: string
  /** What a passing check found (e.g. how many partitions are assigned). */
  detail?: string
}

export type ReadinessCheck = () => CheckResult | Promise<CheckResult>

export interface ReadinessReport {
  status: 'ready' | 'unavailable'
  checks: Record<string, CheckResult>
}

/** Below the default Kubernetes probe timeout budget the chart sets, so a hung dependency reads as "not ready", not as a probe timeout. */
export const checkTimeoutMs = 3000

export class Readiness {
  readonly #checks = new Map<string, ReadinessCheck | undefined>()

  constructor (expected: readonly string[]) {
    for (const name of expected) this.#checks.set(name, undefined)
  }

  set (name: string, check: ReadinessCheck): void {
    if (!this.#checks.has(name)) throw new Error(`readiness check "${name}" was not declared`)
    this.#checks.set(name, check)
  }

  async report (): Promise<ReadinessReport> {
    const results = await Promise.all([...this.#checks].map(async ([name, check]) => [name, await run(check)] as const))
    const ready = results.every(([, result]) => result.ok)
    return { status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(results) }
  }
}

async function run (check: ReadinessCheck | undefined): Promise<CheckResult> {
  if (check === undefined) return { ok: false, error: 'starting' }
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([Promise.resolve().then(check), new Promise<CheckResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${checkTimeoutMs} ms` }), checkTimeoutMs)
    })])
  } catch (error) {
    return { ok: false, error: (error as Error).message }
  } finally {
    clearTimeout(timer)
  }
}
