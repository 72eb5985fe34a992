// Offering documents to one door for a fixed time, at a fixed rate or flat out, and recording
// when each was accepted and how long acceptance took. The HTTP door is driven by autocannon
// (raw sockets, so the load generator is not the bottleneck); the bucket and topic doors by a
// loop over the same calls a user's S3 client or `sluice publish` makes.
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import type { Config } from '../../lib/config/index.ts'
import { apiBaseUrl, retryAfterMs, type Door } from '../load/doors.ts'
import { sendOne, type Document, type SendContext } from '../load/send.ts'

export interface DriveResult {
  door: Door
  /** Documents the door accepted (202 / stored / acknowledged). */
  accepted: number
  /** Attempts that failed, by reason (HTTP status or error message). */
  failures: Record<string, number>
  /**
   * Times the door said "not now" because processing was behind (admission): API 429 replies
   * (each makes the load pause for its Retry-After), topic-door waits for the gate.
   */
  deferrals: number
  /** Acceptance latency of each accepted document, milliseconds. */
  latenciesMs: number[]
  /** Accepted documents per second since startedAtMs. */
  acceptedTimesMs: number[]
  startedAtMs: number
  endedAtMs: number
}

export interface DriveOptions { rate: number, durationMs: number, concurrency: number }

export async function drive (context: SendContext, door: Door, documents: Document[], options: DriveOptions): Promise<DriveResult> {
  return door === 'api' ? driveApi(context.config, documents, options) : driveLoop(context, door, documents, options)
}

/**
 * autocannon cannot hold one request back, so a 429 (admission closed) stops the run; the load
 * resumes after the reply's Retry-After for the rest of the phase, as well-behaved clients would.
 */
async function driveApi (config: Config, documents: Document[], options: DriveOptions): Promise<DriveResult> {
  const result = emptyResult('api')
  const end = result.startedAtMs + options.durationMs
  const bodies = documents.map((document) => Buffer.from(document.bytes))
  let next = 0
  while (end - Date.now() >= 1000) {
    let resumeAt = 0
    const summary = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({
        url: apiBaseUrl(config),
        // At a fixed rate autocannon spreads the rate over the connections; enough of them keeps
        // a slow reply from holding back the requests due after it.
        connections: options.concurrency,
        ...(options.rate > 0 ? { overallRate: options.rate } : {}),
        duration: Math.floor((end - Date.now()) / 1000),
        // stop() takes effect at the next sample tick: 100 ms instead of a second of 429s.
        sampleInt: 100,
        timeout: 30,
        requests: [{
          method: 'POST',
          path: '/v1/documents',
          headers: { authorization: `Bearer ${config.api.keys[0] as string}`, 'content-type': 'application/pdf' },
          setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
          onResponse: (status, _body, _context, headers) => {
            if (status !== 429) return
            result.deferrals++
            if (resumeAt === 0) {
              resumeAt = Date.now() + retryAfterMs(String((headers as Record<string, unknown>)['retry-after'] ?? ''))
              instance.stop()
            }
          }
        }]
      }, (error, finished) => {
        if (error !== null && error !== undefined) reject(error)
        else resolve(finished)
      })
      instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
        if (statusCode === 202) {
          result.accepted++
          result.latenciesMs.push(responseTimeMs)
          result.acceptedTimesMs.push(Date.now())
        } else if (statusCode !== 429) {
          count(result.failures, `HTTP ${statusCode}`)
        }
      })
    })
    if (summary.errors > 0) count(result.failures, `connection errors/timeouts (${summary.timeouts} timeouts)`, summary.errors)
    if (resumeAt === 0) break
    await sleep(Math.max(0, Math.min(resumeAt, end) - Date.now()))
  }
  result.endedAtMs = Date.now()
  return result
}

async function driveLoop (context: SendContext, door: Door, documents: Document[], options: DriveOptions): Promise<DriveResult> {
  const result = emptyResult(door)
  const end = result.startedAtMs + options.durationMs
  let sequence = 0
  let inFlight = 0
  const sendNext = async (): Promise<void> => {
    const index = sequence++
    const source = documents[index % documents.length] as Document
    inFlight++
    try {
      // A new name each time: the bucket door derives the document id from key and eTag.
      const sent = await sendOne(context, door, { name: `${index}-${source.name}`, bytes: source.bytes })
      result.accepted++
      result.deferrals += sent.deferrals
      result.latenciesMs.push(sent.latencyMs)
      result.acceptedTimesMs.push(Date.now())
    } catch (error) {
      count(result.failures, (error as Error).message.slice(0, 120))
    } finally {
      inFlight--
    }
  }
  if (options.rate === 0) {
    const worker = async (): Promise<void> => { while (Date.now() < end) await sendNext() }
    await Promise.all(Array.from({ length: options.concurrency }, worker))
  } else {
    // Open-loop schedule: the n-th document is due at start + n/rate, whether or not earlier
    // ones finished; offers beyond the in-flight cap are counted as failures, not delayed.
    const pending = new Set<Promise<void>>()
    for (let due = 0; result.startedAtMs + (due * 1000) / options.rate < end; due++) {
      const wait = result.startedAtMs + (due * 1000) / options.rate - Date.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      if (inFlight >= options.concurrency * 8) {
        count(result.failures, 'not offered: too many in flight')
        continue
      }
      const promise = sendNext().finally(() => pending.delete(promise))
      pending.add(promise)
    }
    await Promise.all(pending)
  }
  result.endedAtMs = Date.now()
  return result
}

function emptyResult (door: Door): DriveResult {
  return { door, accepted: 0, failures: {}, deferrals: 0, latenciesMs: [], acceptedTimesMs: [], startedAtMs: Date.now(), endedAtMs: 0 }
}

function count (counts: Record<string, number>, reason: string, by = 1): void {
  counts[reason] = (counts[reason] ?? 0) + by
}
