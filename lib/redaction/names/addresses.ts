// LOCATION for postal addresses, as one span from the street line through the postcode, city
// and country, across line breaks when the address is written as a block. A street line is
// recognised by its shape in the conventions of each country: "1600 Pennsylvania Ave NW"
// (number, name, street type), "12 rue de la Paix" (number, French street type, name),
// "Calle Mayor 10", "Via Roma 1", "ul. Długa 5" (street type, name, number), "Hauptstraße 5",
// "Kerkstraat 12" (compound street name, number). From its end the address is extended piece
// by piece while the next piece is a unit ("Apt 4B"), a city with state and ZIP code, a postcode
// with or without its city (US, UK, Dutch, Polish, Portuguese, Swedish and plain 4-5 digit
// forms), or a known city or country. Postcode-and-city lines and "City, ST 12345" are
// reported on their own too.
import type { FindingSink } from '../types.ts'
import type { NameLexicons } from './lexicons.ts'
import { foldKey } from './fold.ts'
import { isSpace } from './text.ts'
import { notNameWords, streetPrefixWords, usStateCodes } from './words.ts'

const ADDRESS_SCORES = {
  streetWithLocality: 0.9,
  street: 0.8,
  cityStateZip: 0.8,
  postcodeAndKnownCity: 0.75
} as const

const space = '[ \\u00A0]'
const capitalised = "\\p{Lu}[\\p{L}\\p{M}'’.-]*"
const particles = "(?:de|del|della|dei|delle|di|da|das|dos|do|du|des|la|las|los|le|les|y|e|et|sur|aux?|van|von|der|den|am|an|im|zum|zur|[dl]['’])"
/** A street or city name: capitalised words, lower-case particles inside ("de la Paix", "Frankfurt am Main"). */
const properName = `${capitalised}(?:${space}(?:${particles}${space}?)*${capitalised}){0,4}`
const houseNumber = '\\d{1,5}(?:[ \\u00A0]?[A-Za-z](?![\\p{L}]))?(?:[-–/]\\d{1,5}[A-Za-z]?)?'

const englishTypes = 'Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl|Terrace|Terr|Close|Crescent|Cres|Square|Sq|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Row|Gardens|Gdns|Grove|Hill|Mews|Walk|Parade|Trail|Plaza|Alley|Broadway|Embankment|Green|Park|Path|Pike|Loop|Wharf|Quay|Gate|Rise|View|Yard|Causeway|Expressway|Freeway|Turnpike'
const directions = '(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)'
/** "1600 Pennsylvania Ave NW", "14 Baker Street", "221B Baker St." */
const englishStreet = `${houseNumber},?${space}(?:${directions}\\.?${space})?(?:(?:${capitalised}|\\d{1,3}(?:st|nd|rd|th))${space}){0,4}(?:${englishTypes})\\b\\.?(?:${space}${directions}\\b\\.?)?`
/** "12 rue de la Paix", "5 bis avenue Victor Hugo" */
const frenchStreet = `${houseNumber}(?:${space}?(?:bis|ter))?,?${space}(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Bb]d|[Pp]lace|[Ii]mpasse|[Aa]ll[ée]e|[Cc]hemin|[Qq]uai|[Cc]ours|[Rr]oute|[Pp]assage|[Ss]quare|[Vv]ia|[Cc]alle)${space}(?:${particles}${space}?)*${properName}`
const leadingTypes = 'Calle|C/|Avenida|Avda\\.?|Av\\.|Paseo|P[ºo]\\.?|Plaza|Pza\\.|Carrer|Carretera|Ctra\\.|Ronda|Traves[ií]a|Camino|Via|Viale|V\\.le|Piazza|P\\.za|Piazzale|Corso|Largo|Vicolo|Strada|Rua|R\\.|Pra[çc]a|Travessa|Alameda|Estrada|ul\\.|ulica|al\\.|aleja|pl\\.|plac|os\\.|osiedle|[Rr]ue|[Aa]venue|[Bb]oulevard|[Cc]hauss[ée]e|[Pp]lace|[Cc]hemin|[Aa]ll[ée]e|[Ii]mpasse|[Qq]uai'
/** "Calle Mayor 10", "Via Roma 1", "ul. Długa 5", "Rua Augusta, 100" */
const leadingTypeStreet = `(?:${leadingTypes})${space}(?:${particles}${space}?)*${properName},?${space}(?:n[º°o]\\.?${space}?)?${houseNumber}`
const compoundTypes = 'stra(?:ß|ss)e|str\\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt|graben|straat|gracht|laan|plein|kade|singel|dijk|steeg|vej|gade|gatan|v[äa]gen|gata|veien|vegen|gate|tie|katu'
const separateTypes = 'Stra(?:ß|ss)e|Str\\.|Weg|Platz|Allee|Gasse|Ring|Damm|Markt|gate|gata|gatan|gaten|vei|veien|veg|vegen|vej|gade|v[äa]g|v[äa]gen|tie|katu|Street|St\\.?|Road|Rd\\.?|Avenue|Ave\\.?|Lane|Drive|Way|Marg|Nagar'
/** "Hauptstraße 5", "Kerkstraat 12", "Berliner Straße 10", "Karl Johans gate 84", "MG Road 102": name, type, number. */
const typeThenNumberStreet = `\\p{L}(?:${compoundTypes}|${space}(?:${separateTypes}))${space}?${houseNumber}(?![\\p{L}\\p{N}])`
/** Street lines that start with the house number (English, French). */
const numberFirstStreet = `(?<![\\p{L}\\p{N}.,-])(?:${englishStreet}|${frenchStreet})(?![\\p{L}\\p{N}])`
/** Street lines that start with the street type (Spanish, Italian, Portuguese, Polish, French). */
const typeFirstStreet = `(?:${leadingTypeStreet})(?![\\p{L}\\p{N}])`

/**
 * Each address shape has a cheap trigger: a regex without Unicode property classes (so V8 scans
 * it several times faster) that finds the street type, the house number or the ZIP code; the
 * full pattern then runs only there, anchored. Measured: the full patterns run over the whole
 * text cost about 100 ms per MB, the triggers a small fraction of that.
 */
interface Shape {
  trigger: RegExp
  pattern: RegExp
  /** How many characters before the trigger the full pattern starts. */
  back: number
  /** The shape starts a word: a letter before the trigger ("total." for "al.") rules it out before the full pattern runs. */
  startsWord: boolean
}
const upperLatin = 'A-Z\\u00C0-\\u00DE\\u0100-\\u024F'
const shapes = {
  numberFirst: {
    trigger: new RegExp(`\\d{1,5}[A-Za-z]?(?:[-–/]\\d{1,5}[A-Za-z]?)?(?:[ \\u00A0]?(?:bis|ter))?,?[ \\u00A0](?:[${upperLatin}]|(?:rue|avenue|boulevard|bd|place|impasse|all[ée]e|chemin|quai|cours|route|passage|square|via|calle)[ \\u00A0])`, 'g'),
    pattern: new RegExp(numberFirstStreet, 'yu'),
    back: 0,
    startsWord: false
  },
  typeFirst: { trigger: new RegExp(`(?:${leadingTypes})[ \\u00A0]`, 'g'), pattern: new RegExp(typeFirstStreet, 'yu'), back: 0, startsWord: true },
  // The full pattern starts at the letter before the type.
  typeThenNumber: { trigger: new RegExp(`(?:${compoundTypes}|[ \\u00A0](?:${separateTypes}))[ \\u00A0]?\\d`, 'g'), pattern: new RegExp(typeThenNumberStreet, 'yu'), back: 1, startsWord: false }
} satisfies Record<string, Shape>

/** Calls `onMatch` for each match of the shape's full pattern, found through its trigger. */
function scanShape (text: string, shape: Shape, onMatch: (match: RegExpExecArray) => number | undefined): void {
  shape.trigger.lastIndex = 0
  let hint: RegExpExecArray | null
  while ((hint = shape.trigger.exec(text)) !== null) {
    const at = hint.index - shape.back
    if (at < 0 || (shape.startsWord && at > 0 && isLetter(text.charCodeAt(at - 1)))) continue
    shape.pattern.lastIndex = at
    const match = shape.pattern.exec(text)
    if (match === null) continue
    const resumeAt = onMatch(match)
    if (resumeAt !== undefined && resumeAt > shape.trigger.lastIndex) shape.trigger.lastIndex = resumeAt
  }
}

const separator = `(?:,${space}*|${space}*\\r?\\n[ \\t\\u00A0]*|${space}+|${space}*[–-]${space}*)`
const unit = `(?:(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building|Piso|Puerta|Etage|[ÉE]tage|Whg|Wohnung|lok|m)(?:\\.${space}?|${space})|#${space}?)#?[\\p{L}\\d][\\p{L}\\d-]*`
const ukPostcode = `[A-Z]{1,2}\\d[A-Z\\d]?${space}?\\d[A-Z]{2}(?![\\p{L}\\p{N}])`
const zip = '\\d{5}(?:-\\d{4})?(?![\\p{L}\\p{N}])'
/** 10115, 1017 GC, 00-238, 1000-001, 111 22, D-10115, 2100 */
const postcode = `(?:[A-Z]{1,2}-${space}?)?(?:\\d{2}-\\d{3}|\\d{4}-\\d{3}|\\d{3}${space}\\d{2}|\\d{4,5}(?:${space}?[A-Z]{2}(?![\\p{L}]))?)`
const cityPiece = `(?<city>${properName})`

/** Pieces that may follow a street line, tried in this order at the position after a separator. */
const pieces: Array<{ pattern: RegExp, needsKnownCity: boolean, needsState: boolean }> = [
  { pattern: new RegExp(unit, 'yu'), needsKnownCity: false, needsState: false },
  { pattern: new RegExp(`${properName},?${space}+(?<state>[A-Z]{2})${space}+${zip}`, 'yu'), needsKnownCity: false, needsState: true },
  { pattern: new RegExp(`(?<state>[A-Z]{2})${space}+${zip}`, 'yu'), needsKnownCity: false, needsState: true },
  { pattern: new RegExp(`(?:${properName},?${space}+)?${ukPostcode}`, 'yu'), needsKnownCity: false, needsState: false },
  { pattern: new RegExp(`${postcode}${space}+${properName}`, 'yu'), needsKnownCity: false, needsState: false },
  { pattern: new RegExp(`${properName}(?:,?${space}+|${space}*[–-]${space}*)\\d{3}${space}?\\d{3}(?![\\p{L}\\p{N}])`, 'yu'), needsKnownCity: false, needsState: false },
  { pattern: new RegExp(`${cityPiece}(?![\\p{L}\\p{N}])`, 'yu'), needsKnownCity: true, needsState: false }
]
const separatorPattern = new RegExp(separator, 'y')
const MAX_PIECES = 6

/** Address lines without a street that are still unmistakable. */
const cityStateZipTrigger = /,[ \u00A0]?[A-Z]{2}[ \u00A0]+\d{5}/g
const cityStateZipPattern = new RegExp(`(?<![\\p{L}\\p{N}])${properName},${space}?(?<state>[A-Z]{2})${space}+${zip}`, 'yu')
const postcodeCity: Shape = {
  trigger: new RegExp(`(?:\\d{5}|\\d{4}[ \\u00A0]?[A-Z]{2}|\\d{2}-\\d{3}|\\d{4}-\\d{3})[ \\u00A0]+[${upperLatin}]`, 'g'),
  pattern: new RegExp(`(?<![\\p{L}\\p{N}-])(?:\\d{5}|\\d{4}${space}?[A-Z]{2}|\\d{2}-\\d{3}|\\d{4}-\\d{3})${space}+${cityPiece}(?![\\p{L}\\p{N}])`, 'yu'),
  back: 0,
  startsWord: false
}
/** How many words a city name before ", ST 12345" may have. */
const MAX_CITY_WORDS = 4

function knownPlace (lexicons: NameLexicons, name: string): boolean {
  const key = foldKey(name.endsWith('.') ? name.slice(0, -1) : name)
  return lexicons.places.has(key) && !notNameWords.has(key)
}

/** A piece ends before a sentence's full stop ("... 32991 Paderborn."), and a label ("City:") is no piece. */
function pieceEnd (text: string, start: number, end: number): number {
  if (text.charCodeAt(end) === 58) return -1
  if (end - start > 3 && text.charCodeAt(end - 1) === 46 && /[\p{Ll}]/u.test(text[end - 2]!) && text.charCodeAt(end - 3) !== 46) return end - 1
  return end
}

/** The end of the address that starts with a street line ending at `end`. */
function extend (text: string, end: number, lexicons: NameLexicons): number {
  let cursor = end
  for (let count = 0; count < MAX_PIECES; count++) {
    separatorPattern.lastIndex = cursor
    if (separatorPattern.exec(text) === null) break
    const pieceStart = separatorPattern.lastIndex
    if (text.slice(cursor, pieceStart).split('\n').length > 2) break
    let next = -1
    for (const piece of pieces) {
      piece.pattern.lastIndex = pieceStart
      const match = piece.pattern.exec(text)
      if (match === null) continue
      if (piece.needsState && !usStateCodes.has(match.groups!.state!.toLowerCase())) continue
      if (piece.needsKnownCity && !knownPlace(lexicons, match.groups!.city!)) continue
      next = pieceEnd(text, pieceStart, pieceStart + match[0].length)
      if (next !== -1) break
    }
    if (next === -1) break
    cursor = next
  }
  return cursor
}

function isLetter (code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code > 127 && /[\p{L}\p{M}]/u.test(String.fromCharCode(code)))
}

function isUpperCase (code: number): boolean {
  return (code >= 65 && code <= 90) || (code > 127 && /\p{Lu}/u.test(String.fromCharCode(code)))
}

/** A colon right after the word ending at `end` makes it a form label ("Street: Main Street 75"). */
function labelFollows (text: string, end: number): boolean {
  return text.charCodeAt(end) === 58
}

/**
 * Start of the street name whose last letter is at `letterIndex`: that word (capitalised) plus,
 * when the type is a separate word, up to two capitalised words before it ("Karl Johans gate"),
 * and a prefix such as "Östra" or "Alte". -1 when the name is not capitalised.
 */
function streetNameStart (text: string, letterIndex: number, separateType: boolean): number {
  const wordStart = (end: number): number => {
    let start = end
    while (start > 0 && (isLetter(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 45)) start--
    return start
  }
  let start = wordStart(letterIndex + 1)
  if (!isUpperCase(text.charCodeAt(start))) return -1
  for (let extra = 0; extra < (separateType ? 2 : 1); extra++) {
    if (start < 2 || !isSpace(text.charCodeAt(start - 1))) break
    const before = wordStart(start - 1)
    if (before === start - 1 || !isUpperCase(text.charCodeAt(before))) break
    const key = foldKey(text.slice(before, start - 1))
    if (separateType ? notNameWords.has(key) || labelFollows(text, start - 1) : !streetPrefixWords.has(key)) break
    start = before
  }
  return start
}

function report (text: string, start: number, streetEnd: number, lexicons: NameLexicons, sink: FindingSink): number {
  const end = extend(text, streetEnd, lexicons)
  sink.push({ type: 'LOCATION', start, end, score: end > streetEnd ? ADDRESS_SCORES.streetWithLocality : ADDRESS_SCORES.street })
  return end
}

/** Starts of the (up to MAX_CITY_WORDS) words before `end`, nearest last, on the same line. */
function wordStartsBefore (text: string, end: number): number[] {
  const starts: number[] = []
  let cursor = end
  while (starts.length < MAX_CITY_WORDS && cursor > 0) {
    let start = cursor
    while (start > 0 && (isLetter(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 46 || text.charCodeAt(start - 1) === 45 || text.charCodeAt(start - 1) === 39)) start--
    if (start === cursor) break
    starts.push(start)
    if (start === 0 || !isSpace(text.charCodeAt(start - 1))) break
    cursor = start - 1
  }
  return starts
}

export function findAddresses (text: string, lexicons: NameLexicons, sink: FindingSink): void {
  const streetsFrom = sink.length
  scanShape(text, shapes.numberFirst, (match) => report(text, match.index, match.index + match[0].length, lexicons, sink))
  scanShape(text, shapes.typeFirst, (match) => report(text, match.index, match.index + match[0].length, lexicons, sink))
  scanShape(text, shapes.typeThenNumber, (match) => {
    // For "Berliner Straße 10" the walk back starts at the last letter of "Berliner".
    const start = streetNameStart(text, match.index, isSpace(text.charCodeAt(match.index + 1)))
    return start === -1 ? undefined : report(text, start, match.index + match[0].length, lexicons, sink)
  })
  // "City, ST 12345" and "10115 Berlin" on their own, when they are not the end of a street address already reported.
  const streets = sink.slice(streetsFrom).sort((a, b) => a.start - b.start)
  let nextStreet = 0
  const insideStreet = (start: number, end: number): boolean => {
    while (nextStreet < streets.length && streets[nextStreet]!.end <= start) nextStreet++
    return nextStreet < streets.length && streets[nextStreet]!.start < end
  }
  const standalone: FindingSink = []
  cityStateZipTrigger.lastIndex = 0
  let hint: RegExpExecArray | null
  while ((hint = cityStateZipTrigger.exec(text)) !== null) {
    // The longest city name before the comma that makes the whole pattern match.
    for (const start of wordStartsBefore(text, hint.index).reverse()) {
      cityStateZipPattern.lastIndex = start
      const match = cityStateZipPattern.exec(text)
      if (match === null || !usStateCodes.has(match.groups!.state!.toLowerCase())) continue
      standalone.push({ type: 'LOCATION', start, end: start + match[0].length, score: ADDRESS_SCORES.cityStateZip })
      break
    }
  }
  scanShape(text, postcodeCity, (match) => {
    if (knownPlace(lexicons, match.groups!.city!)) standalone.push({ type: 'LOCATION', start: match.index, end: match.index + match[0].length, score: ADDRESS_SCORES.postcodeAndKnownCity })
    return undefined
  })
  standalone.sort((a, b) => a.start - b.start)
  for (const finding of standalone) if (!insideStreet(finding.start, finding.end)) sink.push(finding)
}
