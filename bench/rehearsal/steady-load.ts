// A steady stream of uploads through the HTTP door, one request every 1/rate seconds whatever the
// replies take, recording each accepted document's id from its 202 reply so every one of them
// can be looked up in ClickHouse afterwards.
import type { Config } from '../../lib/config/index.ts'
import { sendThroughApi } from '../load/doors.ts'
import type { Document } from '../load/send.ts'

export interface SteadyLoad {
  /** Documents the API accepted (202), by id, with the time of acceptance. */
  accepted: Map<string, number>
  /** Replies other than 202, by status or error. */
  refused: Record<string, number>
  /** Resolves once the last request has been answered. */
  finished: Promise<void>
}

export function startSteadyLoad (config: Config, documents: readonly Document[], rate: number, durationMs: number): SteadyLoad {
  const accepted = new Map<string, number>()
  const refused: Record<string, number> = {}
  const pending = new Set<Promise<void>>()
  const startedAt = Date.now()
  let sent = 0
  const send = async (document: Document): Promise<void> => {
    try {
      const sent = await sendThroughApi(config, document.bytes, document.name)
      accepted.set(sent.documentId, Date.now())
    } catch (error) {
      const reason = (error as Error).message.slice(0, 80)
      refused[reason] = (refused[reason] ?? 0) + 1
    }
  }
  const finished = (async () => {
    while (Date.now() - startedAt < durationMs) {
      const document = documents[sent % documents.length] as Document
      sent++
      const request = send(document).finally(() => pending.delete(request))
      pending.add(request)
      // Scheduled against the start, so slow replies do not lower the offered rate.
      const due = startedAt + (sent * 1000) / rate
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())))
    }
    await Promise.all(pending)
  })()
  return { accepted, refused, finished }
}
