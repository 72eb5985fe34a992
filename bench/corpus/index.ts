// The sample corpus: seeded realistic PDFs with planted personal data and their ground truth.
export { defaultPageCounts, generateDocument, generateDocuments, writeCorpus } from './generate.ts'
export type { CorpusManifest, CorpusSpec, GeneratedDocument, ManifestDocument, PlantedEntry, WriteCorpusOptions } from './generate.ts'
export { defaultEvalDir, expectedOutcome } from './external.ts'
export type { ExpectedOutcome } from './external.ts'
export { plantedTypes } from './personal-data.ts'
export type { PlantedType } from './personal-data.ts'
export { documentKinds } from './documents.ts'
export type { DocumentKind } from './documents.ts'
