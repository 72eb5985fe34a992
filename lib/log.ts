// One logger factory for every service. Logs go to stderr as JSON (pino) so stdout stays
// free for command output. Never log document text or finding values: only ids, codes, counts.
import { pino, type Logger } from 'pino'

export type { Logger }

export function createLogger (component: string, level: string = process.env.SLUICE_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: `sluice-${component}`, level, base: { component } }, pino.destination(2))
}
