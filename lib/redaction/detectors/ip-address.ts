// IP_ADDRESS, v4 and v6. IPv4 is one anchored regex with per-octet ranges; IPv6 is parsed by
// hand from each ':' so that every rule (one "::", at most eight groups, embedded IPv4, zone,
// prefix length) is checked exactly instead of by a large backtracking regex.
import type { Detector, FindingSink } from '../types.ts'
import { charAt, isDigit, isHexDigit, isWordChar } from './chars.ts'

const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const ipv4Pattern = new RegExp(`(?<![\\w.])${octet}(?:\\.${octet}){3}(?:/(?:3[0-2]|[12]?\\d)(?!\\d))?(?!\\w)`, 'g')
const colonHint = /:[0-9A-Fa-f:]/g
const ipv4Tail = new RegExp(`(?<![\\w.])${octet}(?:\\.${octet}){3}(?!\\d)`, 'y')

const IPV4_SCORE = 0.6
const IPV6_SCORE = 0.6
/** "::" alone is a valid address but far more often punctuation (C++ scopes, ratios). */
const UNSPECIFIED_SCORE = 0.1

/** Parses an IPv6 address starting at `start`; returns its end or -1. */
export function parseIpv6 (text: string, start: number): number {
  let position = start
  let groups = 0
  let compressed = false
  if (text.charCodeAt(position) === 58) {
    if (text.charCodeAt(position + 1) !== 58) return -1
    compressed = true
    position += 2
    if (!isHexDigit(charAt(text, position))) return groups <= 7 ? position : -1
  }
  for (;;) {
    ipv4Tail.lastIndex = position
    if (groups <= 6 && ipv4Tail.test(text) && (compressed || groups === 6)) {
      return ipv4Tail.lastIndex
    }
    let digits = 0
    while (digits < 5 && isHexDigit(charAt(text, position + digits))) digits++
    if (digits === 0 || digits > 4) return -1
    position += digits
    groups++
    if (groups > 8 || (compressed && groups > 7)) return -1
    if (charAt(text, position) !== 58) break
    if (charAt(text, position + 1) === 58) {
      if (compressed) return -1
      compressed = true
      position += 2
      if (!isHexDigit(charAt(text, position))) break
    } else {
      position++
      if (!isHexDigit(charAt(text, position))) return -1
    }
  }
  if (!compressed && groups !== 8) return -1
  return position
}

function isBlockedAfterIpv6 (text: string, end: number): boolean {
  const next = charAt(text, end)
  if (next === 58 || (next !== -1 && isWordChar(next))) return true
  // "2001:db8::256.1.1.1": a group followed by ".digit" was meant as an (invalid) IPv4 tail.
  return next === 46 && isDigit(charAt(text, end + 1))
}

function detectIpv6 (text: string, sink: FindingSink): void {
  colonHint.lastIndex = 0
  let hint: RegExpExecArray | null
  while ((hint = colonHint.exec(text)) !== null) {
    let start = hint.index
    while (start > 0 && isHexDigit(text.charCodeAt(start - 1))) start--
    const before = charAt(text, start - 1)
    let scanEnd = hint.index + 1
    while (scanEnd < text.length && (isHexDigit(text.charCodeAt(scanEnd)) || text.charCodeAt(scanEnd) === 58 || text.charCodeAt(scanEnd) === 46)) scanEnd++
    colonHint.lastIndex = scanEnd
    if (before === 58 || (before !== -1 && isWordChar(before))) continue
    let end = parseIpv6(text, start)
    if (end === -1) continue
    const unspecified = end - start === 2
    if (text.charCodeAt(end) === 37) {
      let zoneEnd = end + 1
      while (zoneEnd < text.length && (isWordChar(text.charCodeAt(zoneEnd)) || text.charCodeAt(zoneEnd) === 46 || text.charCodeAt(zoneEnd) === 45)) zoneEnd++
      if (zoneEnd > end + 1) end = zoneEnd
    }
    if (text.charCodeAt(end) === 47) {
      let prefixEnd = end + 1
      while (prefixEnd < text.length && isDigit(text.charCodeAt(prefixEnd))) prefixEnd++
      const length = Number(text.slice(end + 1, prefixEnd))
      if (prefixEnd > end + 1 && prefixEnd - end <= 4 && length <= 128) end = prefixEnd
    }
    if (isBlockedAfterIpv6(text, end)) continue
    sink.push({ type: 'IP_ADDRESS', start, end, score: unspecified ? UNSPECIFIED_SCORE : IPV6_SCORE })
    colonHint.lastIndex = Math.max(colonHint.lastIndex, end)
  }
}

function detectIpv4 (text: string, sink: FindingSink): void {
  ipv4Pattern.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = ipv4Pattern.exec(text)) !== null) {
    sink.push({ type: 'IP_ADDRESS', start: match.index, end: match.index + match[0].length, score: IPV4_SCORE })
  }
}

export const ipAddressDetector: Detector = {
  types: ['IP_ADDRESS'],
  context: { IP_ADDRESS: ['ip', 'ipv4', 'ipv6', 'address', 'host', 'server', 'gateway', 'subnet'] },
  detect (text: string, sink: FindingSink): void {
    detectIpv4(text, sink)
    detectIpv6(text, sink)
  }
}
