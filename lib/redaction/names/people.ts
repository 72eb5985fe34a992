// PERSON from runs of capitalised words. Evidence, strongest first:
// - a title right before the run ("Dr. Roe", "Frau Müller", "Sra. García") or inside it ("Mr Roe");
// - a salutation, form label, e-mail header or signature phrase before it ("Dear", "Patient:",
//   "cc:", "signed by", "Kind regards,\n");
// - structure: a given name (or an initial) followed by a capitalised word ("Jane Roe", "J. Roe");
//   "Surname, Given" ("Roe, Jane", "ROE, Jane");
// - several capitalised words, none an ordinary English word and one a known name ("Szczepan Kruk");
// - a lone given name inside a sentence ("Colleagues describe Angelika as ...").
// Ordinary capitalised words (sentence starts, headings, weekdays, job titles, departments) are
// cut off by the English frequency list and the stop list in words.ts. Once a person is found,
// later single-word mentions of the same given or family name in that text are found too.
import type { Finding, FindingSink } from '../types.ts'
import type { NameLexicons } from './lexicons.ts'
import type { Token } from './runs.ts'
import { isSpace, wordEndingAt, labelBefore } from './text.ts'
import { byVerbs, closingWords, determiners, labelWords, nameLabelWords, notNameWords, organisationWords, salutationWords, titles, toVerbs } from './words.ts'

const PERSON_SCORES = {
  title: 0.85,
  label: 0.85,
  labelSingleWord: 0.7,
  surnameCommaGiven: 0.8,
  labelledSurnameCommaGiven: 0.9,
  givenAndName: 0.75,
  givenAndWord: 0.55,
  allKnownNames: 0.55,
  laterMention: 0.7,
  loneGivenName: 0.55,
  tableRow: 0.6
} as const

/** Runs longer than this without a title or label are headings or product lines, not names. */
const MAX_NAME_WORDS = 4

/** 'name label' is a label that asks for a name itself ("Surname:", "Vorname:"): any capitalised word after it is one. */
type Evidence = 'title' | 'name label' | 'label' | 'none'

function isByPhrase (text: string, word: { key: string, start: number }): boolean {
  if (word.key !== 'by' && word.key !== 'to') return false
  let before = word.start
  while (before > 0 && isSpace(text.charCodeAt(before - 1))) before--
  const verb = wordEndingAt(text, before)
  return verb !== undefined && (byVerbs.has(verb.key) || toVerbs.has(verb.key))
}

/**
 * Title, label or nothing, from the words just before `start`: "Dr. ", "Frau ", "Dear ",
 * "Patient: ", "signed by ", "Thanks, ", or a line such as "Kind regards," or "Bill to:"
 * above the name.
 */
export function evidenceBefore (text: string, start: number): Evidence {
  let cursor = start
  while (cursor > 0 && isSpace(text.charCodeAt(cursor - 1))) cursor--
  let newline = false
  if (cursor > 0 && text.charCodeAt(cursor - 1) === 10) {
    newline = true
    cursor--
    if (cursor > 0 && text.charCodeAt(cursor - 1) === 13) cursor--
    while (cursor > 0 && isSpace(text.charCodeAt(cursor - 1))) cursor--
  }
  const mark = cursor > 0 ? text.charCodeAt(cursor - 1) : -1
  if (mark === 58) {
    const label = labelBefore(text, cursor - 1)
    if (label === undefined) return 'none'
    if (nameLabelWords.has(label.key)) return 'name label'
    return labelWords.has(label.key) || isByPhrase(text, label) ? 'label' : 'none'
  }
  const punctuated = mark === 46 || mark === 44 || mark === 33
  const previous = wordEndingAt(text, punctuated ? cursor - 1 : cursor)
  if (previous === undefined) return 'none'
  if (closingWords.has(previous.key) && (newline || mark === 44)) return 'label'
  if (newline) return 'none'
  if (titles.has(previous.key) && mark !== 44) return 'title'
  if (salutationWords.has(previous.key) && mark !== 46) return 'label'
  if (!punctuated && isByPhrase(text, previous)) return 'label'
  return 'none'
}

export interface PeopleScan {
  /** Fold keys of given and family names found with enough evidence in this text. */
  knownParts: Set<string>
  /** Single capitalised words held back until the whole text is scanned; `given` when one may stand alone as a name. */
  singles: Array<{ start: number, end: number, key: string, given: boolean }>
  /** The previous run if it was a single word, for "Roe, Jane". */
  previousSingle: { start: number, end: number, key: string, allCaps: boolean, labelled: boolean } | undefined
  /** People found at the start of a line or table cell: two or more make the text a list or table of people. */
  rowPeople: number
  /** "Grace Brown 151.212.73.109": a given name and a name that is also a word, starting a table row; names once the text has rows of people. */
  pendingRows: Array<{ start: number, end: number }>
}

export function newPeopleScan (): PeopleScan {
  return { knownParts: new Set(), singles: [], previousSingle: undefined, rowPeople: 0, pendingRows: [] }
}

export function findPeople (text: string, tokens: Token[], lexicons: NameLexicons, scan: PeopleScan, sink: FindingSink): void {
  const { givenNames, personNames, commonWords, frequentWords } = lexicons
  const isCommon = (token: Token): boolean => token.kind === 'word' && (commonWords.has(token.key) || notNameWords.has(token.key))
  // A double-barrelled word is a given name when its first part is one ("Víctor-Said"), a name when any part is ("Visscher-Bosma").
  const isName = (token: Token): boolean => token.kind === 'word' && !notNameWords.has(token.key) &&
    (personNames.has(token.key) || (token.key.includes('-') && token.key.split('-').some((part) => personNames.has(part))))
  const isGiven = (token: Token): boolean => token.kind === 'word' && !notNameWords.has(token.key) &&
    (givenNames.has(token.key) || (token.key.includes('-') && givenNames.has(token.key.slice(0, token.key.indexOf('-')))))

  // A lone given name inside a sentence ("Colleagues describe Angelika as ...") is a name; at a
  // sentence start, in capitals, or when it is also a word or a place, it is not taken alone.
  const standsAlone = (token: Token): boolean => isGiven(token) && !token.allCaps && !frequentWords.has(token.key) &&
    !lexicons.places.has(token.key) && !token.key.includes('-') && !sentenceStart(text, token.start)

  // "Roe, Jane": the surname must be a known name, in capitals or labelled; the given name a known
  // one, or after a labelled or capitalised surname any capitalised word that is not a common word.
  const invertedName = (surname: NonNullable<PeopleScan['previousSingle']>, given: Token): boolean => {
    const strongSurname = surname.allCaps || surname.labelled
    if (!strongSurname && (!personNames.has(surname.key) || notNameWords.has(surname.key))) return false
    if (isGiven(given)) return strongSurname || !frequentWords.has(given.key)
    return strongSurname && !isCommon(given)
  }

  // A given name starts a name when it is rarely an English word ("Maria"), or when the next word is
  // not a word ("Mark Kowalski"), or is a known name and the pair does not start a sentence ("... Grace Hopper")
  // or stands alone in its line or table cell ("Grace Miller" as a row of a list of people).
  const givenFollowedByName = (given: Token, next: Token): boolean => isGiven(given) &&
    (!frequentWords.has(given.key) || !isCommon(next) ||
      (isName(next) && ((!sentenceStart(text, given.start) && !afterDeterminer(text, given.start)) || (!frequentWords.has(next.key) && cellOf(text, given.start, next.end) !== undefined))))

  const previous = scan.previousSingle
  scan.previousSingle = undefined
  const person = (start: number, end: number, score: number, keys: string[]): void => {
    push(sink, scan, start, end, score, keys)
    if (cellOf(text, start, end) !== undefined) scan.rowPeople++
  }
  for (const token of tokens) if (token.kind === 'word' && organisationWords.has(token.key)) return

  let evidence = evidenceBefore(text, tokens[0]!.start)
  let first = 0
  while (first < tokens.length && tokens[first]!.kind === 'word' && (titles.has(tokens[first]!.key) || salutationWords.has(tokens[first]!.key))) {
    evidence = titles.has(tokens[first]!.key) ? 'title' : 'label'
    first++
  }
  if (first === tokens.length) return
  const lone = first === tokens.length - 1 && tokens[first]!.kind === 'word' ? tokens[first]! : undefined
  // "GROSS, Rebecca": a surname in capitals may be a word that is never a name in title case.
  const single = lone !== undefined && (lone.allCaps || !notNameWords.has(lone.key)) ? lone : undefined
  if (single !== undefined) {
    scan.previousSingle = { start: single.start, end: single.end, key: single.key, allCaps: single.allCaps, labelled: evidence !== 'none' }
    if (evidence === 'none') scan.singles.push({ start: single.start, end: single.end, key: single.key, given: standsAlone(single) })
  }

  // "Roe, Jane": a single name word, a comma, then a run starting with a given name.
  const firstToken = tokens[first]!
  if (previous !== undefined && evidence === 'none' && /^,[ \u00A0]?$/.test(text.slice(previous.end, firstToken.start)) && firstToken.kind === 'word' && !firstToken.allCaps &&
    invertedName(previous, firstToken)) {
    let end = first
    while (end + 1 < tokens.length && end - first < 2 && (tokens[end + 1]!.kind === 'initial' || isGiven(tokens[end + 1]!))) end++
    person(previous.start, tokens[end]!.end, previous.labelled ? PERSON_SCORES.labelledSurnameCommaGiven : PERSON_SCORES.surnameCommaGiven, [previous.key, firstToken.key])
  }

  // Cut the run at words that are never names; score each piece.
  let pieceStart = first
  for (let index = first; index <= tokens.length; index++) {
    const token = tokens[index]
    if (token !== undefined && !(token.kind === 'word' && notNameWords.has(token.key))) continue
    scorePiece(pieceStart, index)
    pieceStart = index + 1
    evidence = 'none'
  }

  function scorePiece (from: number, to: number): void {
    const pieceEvidence = evidence
    // "Grace Brown 151.212.73.109": a given name and a name that are both also words, starting a
    // table row; decided once the whole text shows whether it is a list or table of people.
    if (pieceEvidence === 'none' && to - from === 2) {
      const [given, family] = [tokens[from]!, tokens[from + 1]!]
      if (isGiven(given) && isName(family) && !givenFollowedByName(given, family) && cellOf(text, given.start, family.end) === 'row') {
        scan.pendingRows.push({ start: given.start, end: family.end })
        return
      }
    }
    // Leading and trailing particles and ordinary words (a capitalised sentence start) are not part of a name.
    const open = pieceEvidence === 'none'
    // A lone letter that is no Latin initial (a symbol such as "𝒳") does not start a name.
    const dropHead = (index: number): boolean => {
      const token = tokens[index]!
      if (token.kind === 'particle' || (token.kind === 'word' && determiners.has(token.key))) return true
      if (token.kind === 'word' && token.end - token.start <= 2 && !/^[a-z]$/.test(token.key)) return true
      return open && isCommon(token) && !(index + 1 < to && givenFollowedByName(token, tokens[index + 1]!))
    }
    const dropTail = (index: number): boolean => tokens[index]!.kind === 'particle' || (open && isCommon(tokens[index]!) && !isName(tokens[index]!))
    while (from < to && dropHead(from)) from++
    while (to > from && dropTail(to - 1)) to--
    if (from >= to) return
    let words = 0
    for (let index = from; index < to; index++) if (tokens[index]!.kind !== 'particle') words++
    const head = tokens[from]!
    const tail = tokens[to - 1]!
    if (pieceEvidence === 'title') {
      if (words <= MAX_NAME_WORDS) person(head.start, tail.end, PERSON_SCORES.title, keysOf(from, to))
      return
    }
    if (pieceEvidence === 'name label') {
      if (words <= MAX_NAME_WORDS && tail.kind === 'word') person(head.start, tail.end, PERSON_SCORES.label, keysOf(from, to))
      return
    }
    if (pieceEvidence === 'label') {
      let someName = false
      for (let index = from; index < to; index++) if (!isCommon(tokens[index]!) || isGiven(tokens[index]!)) someName = true
      if (!someName) return
      if (words >= 2 && words <= MAX_NAME_WORDS) person(head.start, tail.end, PERSON_SCORES.label, keysOf(from, to))
      else if (words === 1 && !isCommon(head)) person(head.start, tail.end, PERSON_SCORES.labelSingleWord, [head.key])
      return
    }
    if (words === 1) {
      if (head.kind === 'word' && head !== single) scan.singles.push({ start: head.start, end: head.end, key: head.key, given: false })
      return
    }
    if (words > MAX_NAME_WORDS || tail.kind !== 'word') return
    const second = tokens[from + 1]!
    // A given name that is also a word ("Peter", "Mark") needs a second word that is not one.
    const givenStart = head.kind === 'initial' || givenFollowedByName(head, second)
    if (givenStart) {
      const score = !isCommon(tail) || isName(tail) ? PERSON_SCORES.givenAndName : PERSON_SCORES.givenAndWord
      person(head.start, tail.end, score, keysOf(from, to))
      return
    }
    // No given name: every word must be a capitalised non-word, and one of them a known name ("Szczepan Kruk").
    let known = false
    for (let index = from; index < to; index++) {
      const token = tokens[index]!
      if (token.kind === 'particle') continue
      if (token.kind !== 'word' || isCommon(token) || token.allCaps) return
      if (isName(token)) known = true
    }
    if (known) person(head.start, tail.end, PERSON_SCORES.allKnownNames, keysOf(from, to))
  }

  function keysOf (from: number, to: number): string[] {
    const keys: string[] = []
    for (let index = from; index < to; index++) if (tokens[index]!.kind === 'word') keys.push(tokens[index]!.key)
    return keys
  }
}

function push (sink: FindingSink, scan: PeopleScan, start: number, end: number, score: number, keys: string[]): void {
  sink.push({ type: 'PERSON', start, end, score })
  if (score >= PERSON_SCORES.givenAndName) for (const key of keys) scan.knownParts.add(key)
}

/** True when the word before `start` is "the", "our" and the like: a noun phrase, not a name, follows. */
function afterDeterminer (text: string, start: number): boolean {
  let end = start
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--
  const previous = wordEndingAt(text, end)
  return previous !== undefined && determiners.has(previous.key)
}

/** True when only spaces, quotes or brackets stand between `start` and a sentence end, line start or the text start. */
function sentenceStart (text: string, start: number): boolean {
  let cursor = start - 1
  while (cursor >= 0) {
    const code = text.charCodeAt(cursor)
    if (code === 32 || code === 160 || code === 9 || code === 34 || code === 39 || code === 40 || code === 8220 || code === 8216 || code === 45) {
      cursor--
      continue
    }
    return code === 10 || code === 13 || code === 46 || code === 33 || code === 63 || code === 58 || code === 8226 || code === 42
  }
  return true
}

/**
 * How `start`..`end` sits in its line: 'cell' when it fills its line or table cell (a line break,
 * tab, `|` or the text's end on both sides), 'row' when it starts a line and the next column's
 * number, e-mail address or other identifier follows ("Grace Miller 2221 4758 ..." in a table
 * extracted with single spaces between its columns), else undefined.
 */
function cellOf (text: string, start: number, end: number): 'cell' | 'row' | undefined {
  const isCellEdge = (code: number): boolean => code === 10 || code === 13 || code === 9 || code === 124
  let before = start - 1
  while (before >= 0 && (text.charCodeAt(before) === 32 || text.charCodeAt(before) === 160)) before--
  if (before >= 0 && !isCellEdge(text.charCodeAt(before))) return undefined
  let after = end
  while (after < text.length && (text.charCodeAt(after) === 32 || text.charCodeAt(after) === 160)) after++
  if (after === text.length || isCellEdge(text.charCodeAt(after))) return 'cell'
  // The next column is an identifier: a word with a digit or "@" in it, or a phone number's "+" or "(".
  let wordEnd = after
  while (wordEnd < text.length && !isSpace(text.charCodeAt(wordEnd)) && !isCellEdge(text.charCodeAt(wordEnd))) wordEnd++
  return /^[+(]|[\d@]/.test(text.slice(after, wordEnd)) ? 'row' : undefined
}

/**
 * Single-word mentions: a name part already found with evidence elsewhere in the text ("Roe
 * agreed"), or a lone given name inside a sentence.
 */
export function findLaterMentions (scan: PeopleScan, sink: FindingSink): void {
  // In a list or table of people, a row that starts like a name is one ("Grace Brown" among "Wei Miller", "Emma Khan").
  if (scan.rowPeople >= 2) for (const row of scan.pendingRows) sink.push({ type: 'PERSON', start: row.start, end: row.end, score: PERSON_SCORES.tableRow })
  for (const single of scan.singles) {
    if (scan.knownParts.has(single.key)) sink.push({ type: 'PERSON', start: single.start, end: single.end, score: PERSON_SCORES.laterMention } satisfies Finding)
    else if (single.given) sink.push({ type: 'PERSON', start: single.start, end: single.end, score: PERSON_SCORES.loneGivenName })
  }
}
