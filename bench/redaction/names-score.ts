// Scoring of PERSON/LOCATION findings against the labelled names set (bench/redaction/names.ts),
// one set of rules for every system compared:
// - Span match: a predicted span matches a gold span of the same type when their overlap is at
//   least half of their union (|p ∩ g| / |p ∪ g| >= 0.5). Pairs are matched one to one, best
//   overlap first. Precision = matched predictions / predictions of the type, recall = matched
//   gold spans / gold spans of the type, F1 their harmonic mean.
// - Character recall: the share of gold PERSON and LOCATION letters and digits that fall inside
//   any finding of any type (what a reader of the redacted text no longer sees). Separators
//   (spaces, commas, line breaks) inside a multi-line address are not counted.
// - False positives on distractor documents (business prose with no names): PERSON/LOCATION
//   findings per 1,000 words, and the share of those documents with any.
// Offsets are UTF-16 code units, end exclusive.

export const scoredTypes = ['PERSON', 'LOCATION'] as const
export type ScoredType = typeof scoredTypes[number]

export interface Span { type: string, start: number, end: number }
export interface LabelledDocument { id: string, split: string, source: string, style: string, language: string, text: string, spans: Span[] }

export interface TypeScore { gold: number, predicted: number, matched: number, precision: number, recall: number, f1: number }
export interface Score {
  byType: Record<ScoredType, TypeScore>
  characterRecall: number
  distractorDocuments: number
  distractorWords: number
  distractorFindings: number
  falsePositivesPer1000Words: number
  distractorDocumentsWithFindings: number
}

export const MIN_OVERLAP = 0.5

export function overlapRatio (a: Span, b: Span): number {
  const intersection = Math.min(a.end, b.end) - Math.max(a.start, b.start)
  if (intersection <= 0) return 0
  return intersection / (Math.max(a.end, b.end) - Math.min(a.start, b.start))
}

/** Matched pairs of one type in one document, one to one, best overlap first. */
export function matchSpans (gold: readonly Span[], predicted: readonly Span[]): number {
  const pairs: Array<{ gold: number, predicted: number, ratio: number }> = []
  gold.forEach((goldSpan, goldIndex) => {
    predicted.forEach((predictedSpan, predictedIndex) => {
      if (goldSpan.type !== predictedSpan.type) return
      const ratio = overlapRatio(goldSpan, predictedSpan)
      if (ratio >= MIN_OVERLAP) pairs.push({ gold: goldIndex, predicted: predictedIndex, ratio })
    })
  })
  pairs.sort((a, b) => b.ratio - a.ratio)
  const usedGold = new Set<number>()
  const usedPredicted = new Set<number>()
  for (const pair of pairs) {
    if (usedGold.has(pair.gold) || usedPredicted.has(pair.predicted)) continue
    usedGold.add(pair.gold)
    usedPredicted.add(pair.predicted)
  }
  return usedGold.size
}

const countedCharacter = /[\p{L}\p{N}]/u

function wordCount (text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length
}

function ratio (numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator
}

/**
 * Scores `findings` (every finding of the system, any type, by document id) on `documents`.
 * A document is a distractor when it has no gold span and its source says so.
 */
export function scoreFindings (documents: readonly LabelledDocument[], findings: ReadonlyMap<string, readonly Span[]>): Score {
  const counts = Object.fromEntries(scoredTypes.map((type) => [type, { gold: 0, predicted: 0, matched: 0 }])) as Record<ScoredType, { gold: number, predicted: number, matched: number }>
  let goldCharacters = 0
  let coveredCharacters = 0
  let distractorDocuments = 0
  let distractorWords = 0
  let distractorFindings = 0
  let distractorDocumentsWithFindings = 0
  for (const document of documents) {
    const all = findings.get(document.id) ?? []
    for (const type of scoredTypes) {
      const gold = document.spans.filter((span) => span.type === type)
      const predicted = all.filter((span) => span.type === type)
      counts[type].gold += gold.length
      counts[type].predicted += predicted.length
      counts[type].matched += matchSpans(gold, predicted)
    }
    for (const span of document.spans) {
      if (!(scoredTypes as readonly string[]).includes(span.type)) continue
      for (let index = span.start; index < span.end; index++) {
        if (!countedCharacter.test(document.text[index]!)) continue
        goldCharacters++
        if (all.some((finding) => finding.start <= index && index < finding.end)) coveredCharacters++
      }
    }
    if (document.source.endsWith('distractors')) {
      const named = all.filter((span) => (scoredTypes as readonly string[]).includes(span.type)).length
      distractorDocuments++
      distractorWords += wordCount(document.text)
      distractorFindings += named
      if (named > 0) distractorDocumentsWithFindings++
    }
  }
  const byType = Object.fromEntries(scoredTypes.map((type) => {
    const { gold, predicted, matched } = counts[type]
    const precision = ratio(matched, predicted)
    const recall = ratio(matched, gold)
    return [type, { gold, predicted, matched, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) }]
  })) as Record<ScoredType, TypeScore>
  return {
    byType,
    characterRecall: ratio(coveredCharacters, goldCharacters),
    distractorDocuments,
    distractorWords,
    distractorFindings,
    falsePositivesPer1000Words: ratio(distractorFindings * 1000, distractorWords),
    distractorDocumentsWithFindings: ratio(distractorDocumentsWithFindings, distractorDocuments)
  }
}
