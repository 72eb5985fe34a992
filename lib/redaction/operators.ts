// Redaction operators. Only the characters of a finding are changed; everything between
// findings is copied unchanged, so non-PII text stays byte for byte.
import { createHmac } from 'node:crypto'
import { SluiceError } from '../errors.ts'
import type { Finding, OperatorSpec } from './types.ts'

export const operatorNames = ['replace', 'mask', 'hash', 'remove'] as const

const HASH_HEX_LENGTH = 12

/**
 * Values are normalised before hashing so one identity links across documents however it was
 * written: e-mail addresses and URLs are compared case-insensitively, numbers without their
 * spaces, dashes, dots and brackets.
 */
function normalise (type: string, value: string): string {
  const lower = value.toLowerCase()
  if (type === 'EMAIL_ADDRESS' || type === 'URL') return lower
  return lower.replace(/[\s\-.()/]/g, '')
}

export type ApplyOperator = (finding: Finding, value: string) => string

export function compileOperator (spec: OperatorSpec, hmacKey: string | undefined): ApplyOperator {
  switch (spec.kind) {
    case 'replace':
      return (finding) => `[${finding.type}]`
    case 'remove':
      return () => ''
    case 'mask': {
      const char = spec.char ?? '*'
      if (!Number.isInteger(spec.keepLast) || spec.keepLast < 0) {
        throw new SluiceError('USAGE', `mask operator needs keepLast to be a whole number >= 0, got ${String(spec.keepLast)}`)
      }
      if ([...char].length !== 1) throw new SluiceError('USAGE', 'mask operator needs char to be exactly one character')
      return (_finding, value) => {
        const codePoints = [...value]
        const keep = Math.min(spec.keepLast, codePoints.length)
        return char.repeat(codePoints.length - keep) + codePoints.slice(codePoints.length - keep).join('')
      }
    }
    case 'hash': {
      if (hmacKey === undefined || hmacKey === '') {
        throw new SluiceError('USAGE', 'the hash operator needs an HMAC key', { hint: 'Set SLUICE_REDACTION_HMAC_KEY (config redaction.hmacKey) or pass hmacKey.' })
      }
      const key = hmacKey
      return (finding, value) => {
        const digest = createHmac('sha256', key).update(normalise(finding.type, value)).digest('hex')
        return `[${finding.type}:${digest.slice(0, HASH_HEX_LENGTH)}]`
      }
    }
    default:
      throw new SluiceError('USAGE', `unknown operator kind "${(spec as { kind: string }).kind}"; use one of ${operatorNames.join(', ')}`)
  }
}
