// Public surface of the redaction engine (contract in the team brief). The processor calls
// createRedactor() once per worker thread and redact() per document.
export { createRedactor } from './redactor.ts'
export { loadRules } from './rules.ts'
export type { Finding, OperatorSpec, Redactor, RedactorOptions, RuleSet } from './types.ts'
