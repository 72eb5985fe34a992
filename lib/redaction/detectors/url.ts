// URL. Scanning starts only where a letter or digit is followed by ".letter" (the shape of
// every domain name), then the host is grown in both directions, its top-level domain checked,
// and an optional scheme, port, path, query and fragment attached. Domains that belong to an
// e-mail address are left to the e-mail detector.
import type { Detector, FindingSink } from '../types.ts'
import { isAsciiLetter, isDigit, charAt, isWordChar } from './chars.ts'
import { isFileLikeTld, isKnownTld } from './tlds.ts'

const domainHint = /[A-Za-z0-9]\.[A-Za-z]/g
const schemeBefore = /(?:https?|ftps?|sftp|wss?):\/\/$/i
const labelPattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i

function isHostChar (code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || code === 45 || code === 46
}

/** Characters RFC 3986 allows in a path, query or fragment (plus % escapes). */
function isPathChar (code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || '-._~:/?#[]@!$&\'()*+,;=%'.includes(String.fromCharCode(code))
}

/** Sentence punctuation that ends a URL in prose rather than belonging to it. */
function isTrailingPunctuation (code: number): boolean {
  return code === 46 || code === 44 || code === 59 || code === 58 || code === 33 || code === 63 || code === 39 || code === 41 || code === 93
}

export const urlDetector: Detector = {
  types: ['URL'],
  context: { URL: ['url', 'website', 'link', 'site', 'web', 'http', 'domain'] },
  detect (text: string, sink: FindingSink): void {
    domainHint.lastIndex = 0
    let hint: RegExpExecArray | null
    while ((hint = domainHint.exec(text)) !== null) {
      let hostStart = hint.index
      while (hostStart > 0 && isHostChar(text.charCodeAt(hostStart - 1))) hostStart--
      while (hostStart < hint.index && !isAsciiLetter(text.charCodeAt(hostStart)) && !isDigit(text.charCodeAt(hostStart))) hostStart++
      let hostEnd = hint.index + 2
      while (hostEnd < text.length && isHostChar(text.charCodeAt(hostEnd))) hostEnd++
      while (hostEnd > hostStart && (text.charCodeAt(hostEnd - 1) === 46 || text.charCodeAt(hostEnd - 1) === 45)) hostEnd--
      domainHint.lastIndex = Math.max(hostEnd, hint.index + 1)
      const before = charAt(text, hostStart - 1)
      if (before === 64 || (before !== 47 && isWordChar(before)) || before === 95) continue
      const host = text.slice(hostStart, hostEnd)
      const labels = host.split('.')
      if (labels.length < 2 || !labels.every((label) => labelPattern.test(label))) continue
      const tld = labels[labels.length - 1]!.toLowerCase()
      if (!isKnownTld(tld)) continue
      const after = charAt(text, hostEnd)
      if (after === 64 || after === 95 || (isWordChar(after) && after !== -1)) continue
      let start = hostStart
      let scheme = false
      const schemeMatch = schemeBefore.exec(text.slice(Math.max(0, hostStart - 8), hostStart))
      if (schemeMatch !== null) {
        start = hostStart - schemeMatch[0].length
        scheme = true
      } else if (before === 47) {
        continue
      }
      let end = hostEnd
      if (after === 58 || after === 47 || after === 63 || after === 35) {
        while (end < text.length && isPathChar(text.charCodeAt(end))) end++
        while (end > hostEnd && isTrailingPunctuation(text.charCodeAt(end - 1))) end--
      }
      const www = labels[0]!.toLowerCase() === 'www'
      const score = scheme || www ? 0.6 : isFileLikeTld(tld) ? 0.3 : 0.5
      sink.push({ type: 'URL', start, end, score })
      domainHint.lastIndex = end
    }
  }
}
