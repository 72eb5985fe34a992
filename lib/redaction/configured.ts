// The redaction engine as Sluice's configuration sets it up. The processor's worker threads
// (document text) and the caller-string redaction (file names, object keys, metadata) build
// their redactor here, so both apply the same threshold, rules file and HMAC key.
import { createRedactor } from './redactor.ts'
import { loadRules } from './rules.ts'
import type { Redactor } from './types.ts'

/** The `redaction` section of the configuration (SLUICE_REDACTION_*). */
export interface RedactionSettings { threshold: number, hmacKey: string, rulesFile: string }

export async function createConfiguredRedactor (settings: RedactionSettings): Promise<Redactor> {
  const rules = settings.rulesFile === '' ? undefined : await loadRules(settings.rulesFile)
  return createRedactor({ threshold: settings.threshold, hmacKey: settings.hmacKey, ...(rules !== undefined ? { rules } : {}) })
}
