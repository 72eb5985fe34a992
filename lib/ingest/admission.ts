// Admission control: the doors stop taking documents while the processor group is further behind
// on the received topic than SLUICE_ADMISSION_MAX_LAG, so overload shows up as "retry later" at
// the door instead of an ever-growing backlog. The lag is read from the brokers in the background
// and cached; a request only reads the cached decision.
import type { Admin, Kafka } from 'kafkajs'
import { Counter, Gauge, type Registry } from 'prom-client'
import type { Config } from '../config/index.ts'
import type { Logger } from '../log.ts'
import { readTopicLag } from '../metrics/consumer-lag.ts'

/** At this share of the bound a closed door opens again, so it does not flap at the bound. */
const reopenShare = 0.9
/** Longest Retry-After: a stopped processor still lets clients look again every half minute. */
export const maxRetryAfterSeconds = 30

export interface AdmissionState {
  open: boolean
  /** Messages of the received topic the processor group has not consumed, as last read. */
  lag: number
  /** When a refused client should try again; meaningful while closed. */
  retryAfterSeconds: number
}

function reopenLag (maxLag: number): number {
  return Math.floor(maxLag * reopenShare)
}

/**
 * Whether the door is open after a new lag reading. It closes once the lag passes the bound and
 * opens again only when the lag is back at 90% of it or below. A bound of 0 means never close.
 */
export function nextOpen (wasOpen: boolean, lag: number, maxLag: number): boolean {
  if (maxLag <= 0) return true
  return wasOpen ? lag <= maxLag : lag <= reopenLag(maxLag)
}

/**
 * Seconds until the door is expected to open: the messages above the reopening point divided by
 * the rate the lag fell between the last two readings, from 1 to 30. A lag that does not fall
 * (no processor running) gives the longest wait.
 */
export function retryAfterSeconds (lag: number, maxLag: number, drainPerSecond: number): number {
  const excess = lag - reopenLag(maxLag)
  if (excess <= 0) return 1
  if (!(drainPerSecond > 0)) return maxRetryAfterSeconds
  return Math.min(maxRetryAfterSeconds, Math.max(1, Math.ceil(excess / drainPerSecond)))
}

export interface AdmissionGateOptions {
  /** A connected admin client; the gate never disconnects it. */
  admin: Admin
  groupId: string
  topic: string
  maxLag: number
  refreshMs: number
  registry?: Registry
  /** Which door this process is (api, bridge, publish), a label of the metrics. */
  door: string
  /** A failed reading keeps the last decision; the next tick reads again. */
  onError?: (error: Error) => void
  onChange?: (state: AdmissionState) => void
  /** Milliseconds of the clock the drain rate is measured on; tests pass their own. */
  now?: () => number
}

export interface AdmissionGate {
  state: () => AdmissionState
  /** Counts one refused or deferred document (the API's 429, a publish that waited). */
  refused: (count?: number) => void
  /** Resolves once the door is open (at once if it is); `signal` gives up waiting. */
  whenOpen: (signal?: AbortSignal) => Promise<void>
  /** Reads the lag now; resolves once the decision reflects it. */
  refresh: () => Promise<void>
  /** Stops reading; resolves once a reading in flight has ended, so the admin client can be closed after it. */
  stop: () => Promise<void>
}

/**
 * Starts reading the group's lag every `refreshMs`. Until the first reading, and while readings
 * fail, the last decision stands (open at start): admission throttles, it is not what keeps
 * documents safe, so a broker hiccup must not refuse uploads the brokers could take.
 */
export function startAdmissionGate (options: AdmissionGateOptions): AdmissionGate {
  const { admin, groupId, topic, maxLag, refreshMs } = options
  const now = options.now ?? (() => performance.now())
  const metrics = options.registry === undefined ? undefined : admissionMetrics(options.registry)
  let current: AdmissionState = { open: true, lag: 0, retryAfterSeconds: 1 }
  let previous: { lag: number, atMs: number } | undefined
  let waiters: Array<() => void> = []
  let inFlight: Promise<void> | undefined
  metrics?.open.set({ door: options.door }, 1)

  function apply (lag: number, atMs: number): void {
    // The lag falls at the drain rate while the doors are shut; it is the rate that matters then.
    const drainPerSecond = previous === undefined || atMs <= previous.atMs ? 0 : (previous.lag - lag) / ((atMs - previous.atMs) / 1000)
    previous = { lag, atMs }
    const open = nextOpen(current.open, lag, maxLag)
    const changed = open !== current.open
    current = { open, lag, retryAfterSeconds: open ? 1 : retryAfterSeconds(lag, maxLag, drainPerSecond) }
    metrics?.open.set({ door: options.door }, open ? 1 : 0)
    if (changed) options.onChange?.(current)
    if (open) {
      const released = waiters
      waiters = []
      for (const release of released) release()
    }
  }

  async function read (): Promise<void> {
    apply(await readTopicLag(admin, groupId, topic), now())
  }

  function refresh (): Promise<void> {
    inFlight ??= read().finally(() => { inFlight = undefined })
    return inFlight
  }

  const timer = maxLag > 0
    ? setInterval(() => { refresh().catch((error: Error) => options.onError?.(error)) }, refreshMs)
    : undefined
  timer?.unref()
  if (maxLag > 0) refresh().catch((error: Error) => options.onError?.(error))

  return {
    state: () => current,
    refused: (count = 1) => metrics?.refused.inc({ door: options.door }, count),
    whenOpen: async (signal) => {
      if (current.open) return
      await new Promise<void>((resolve, reject) => {
        const release = (): void => {
          signal?.removeEventListener('abort', abort)
          resolve()
        }
        const abort = (): void => {
          waiters = waiters.filter((waiter) => waiter !== release)
          reject(signal?.reason)
        }
        if (signal?.aborted === true) {
          abort()
          return
        }
        signal?.addEventListener('abort', abort, { once: true })
        waiters.push(release)
      })
    },
    refresh,
    stop: async () => {
      if (timer !== undefined) clearInterval(timer)
      await inFlight?.catch(() => {})
    }
  }
}

export interface ConfiguredAdmission {
  gate: AdmissionGate
  /** Stops reading and disconnects the gate's own admin client. */
  close: () => Promise<void>
}

/** The gate every door uses: the processor group's lag on the received topic against SLUICE_ADMISSION_MAX_LAG. */
export async function startConfiguredAdmission (config: Config, kafka: Kafka, door: string, options: { registry?: Registry, log?: Logger, onChange?: (state: AdmissionState) => void } = {}): Promise<ConfiguredAdmission> {
  // No retries inside a reading: a failed one keeps the last decision and the next tick reads
  // again, and stopping (which waits for a reading in flight) stays quick while Kafka is down.
  const admin = kafka.admin({ retry: { retries: 0 } })
  if (config.admission.maxLag > 0) await admin.connect()
  const gate = startAdmissionGate({
    admin,
    groupId: config.processor.groupId,
    topic: config.kafka.topicReceived,
    maxLag: config.admission.maxLag,
    refreshMs: config.admission.refreshMs,
    door,
    ...(options.registry === undefined ? {} : { registry: options.registry }),
    onError: (error) => options.log?.warn({ error: error.message }, 'could not read the processor group\'s lag; admission keeps its last decision'),
    onChange: (state) => {
      if (state.open) options.log?.info({ lag: state.lag }, 'processing caught up: accepting documents again')
      else options.log?.warn({ lag: state.lag, maxLag: config.admission.maxLag }, 'processing is behind by more than SLUICE_ADMISSION_MAX_LAG: refusing documents until it catches up')
      options.onChange?.(state)
    }
  })
  return {
    gate,
    close: async () => {
      // A reading still in flight on a disconnected admin client would reconnect it and keep the process alive.
      await gate.stop()
      await admin.disconnect()
    }
  }
}

interface AdmissionMetrics { open: Gauge<'door'>, refused: Counter<'door'> }

function admissionMetrics (registry: Registry): AdmissionMetrics {
  return {
    open: new Gauge({ name: 'sluice_admission_open', help: '1 while the door accepts documents, 0 while the processor group is further behind than SLUICE_ADMISSION_MAX_LAG', labelNames: ['door'], registers: [registry] }),
    refused: new Counter({ name: 'sluice_admission_refused_total', help: 'Uploads refused (API: one per 429 reply) or files held back until the door opened (publish) because the processor group was too far behind', labelNames: ['door'], registers: [registry] })
  }
}
