// The corpus generator: seeded documents in memory (for the demo and benchmarks) or written to
// a folder with a ground-truth manifest (for people and tests). Document i depends only on the
// seed and i, so any subset can be regenerated identically.
import { createHash } from 'node:crypto'
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { SluiceError } from '../../lib/errors.ts'
import { buildDocument, documentKinds, type DocumentKind } from './documents.ts'
import { defaultEvalDir, expectedOutcome, type ExpectedOutcome } from './external.ts'
import type { PlantedType } from './personal-data.ts'
import { createRandom } from './random.ts'

export const defaultPageCounts = [1, 5, 20, 100]

export interface CorpusSpec {
  count: number
  seed: string
  /** Page counts used in turn: document i has pageCounts[i % length] pages. */
  pageCounts: number[]
}

export interface GeneratedDocument {
  file: string
  kind: DocumentKind
  pageCount: number
  bytes: Uint8Array
  planted: Array<{ page: number, type: PlantedType, value: string }>
}

export interface ManifestDocument {
  file: string
  external: boolean
  kind: string
  pages?: number
  bytes: number
  sha256: string
  /** External files only: what extraction yields, and where the file came from. */
  expected?: ExpectedOutcome
  source?: string
}

/** Ground truth: one row per planted value (raw value: this is test data). */
export interface PlantedEntry { document: string, page: number, type: PlantedType, value: string }

export interface CorpusManifest {
  generator: string
  seed: string
  pageCounts: number[]
  documents: ManifestDocument[]
  planted: PlantedEntry[]
}

export async function generateDocument (spec: Pick<CorpusSpec, 'seed' | 'pageCounts'>, index: number): Promise<GeneratedDocument> {
  const random = createRandom(`${spec.seed}/${index}`)
  const pageCount = spec.pageCounts[index % spec.pageCounts.length] ?? 1
  const kind = pageCount >= 20 && random.chance(0.5) ? 'report' : random.pick(documentKinds)
  const createdAt = new Date(Date.UTC(2025, 0, 1) + random.int(0, 364 * 86_400) * 1000)
  const built = await buildDocument(kind, pageCount, random, createdAt)
  const file = `${String(index + 1).padStart(4, '0')}-${kind}-${pageCount}p.pdf`
  return { file, kind, pageCount, bytes: built.bytes, planted: built.planted }
}

export async function * generateDocuments (spec: CorpusSpec): AsyncGenerator<GeneratedDocument> {
  for (let index = 0; index < spec.count; index++) yield await generateDocument(spec, index)
}

export interface WriteCorpusOptions extends CorpusSpec {
  outDir: string
  /** Also copy the real-world PDFs of the evaluation set into `external/`. */
  includeEval: boolean
  evalDir?: string
  onProgress?: (done: number, total: number, file: string) => void
}

export async function writeCorpus (options: WriteCorpusOptions): Promise<CorpusManifest> {
  await mkdir(options.outDir, { recursive: true })
  const manifest: CorpusManifest = { generator: 'sluice-corpus/1', seed: options.seed, pageCounts: options.pageCounts, documents: [], planted: [] }
  const external = options.includeEval ? await evalFiles(options.evalDir ?? defaultEvalDir) : []
  const total = options.count + external.length
  let done = 0
  for await (const document of generateDocuments(options)) {
    await writeFile(path.join(options.outDir, document.file), document.bytes)
    manifest.documents.push({ file: document.file, external: false, kind: document.kind, pages: document.pageCount, bytes: document.bytes.byteLength, sha256: sha256(document.bytes) })
    for (const planted of document.planted) manifest.planted.push({ document: document.file, ...planted })
    options.onProgress?.(++done, total, document.file)
  }
  if (external.length > 0) await mkdir(path.join(options.outDir, 'external'), { recursive: true })
  for (const entry of external) {
    const file = `external/${entry.file}`
    await copyFile(path.join(entry.dir, entry.file), path.join(options.outDir, file))
    manifest.documents.push({ file, external: true, kind: entry.kind, bytes: entry.bytes, sha256: entry.sha256, expected: expectedOutcome(entry.file, entry.kind), source: `pdf.js test suite (${entry.repoPath})` })
    options.onProgress?.(++done, total, file)
  }
  await writeFile(path.join(options.outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
  return manifest
}

interface EvalFile { dir: string, file: string, kind: string, bytes: number, sha256: string, repoPath: string }

async function evalFiles (dir: string): Promise<EvalFile[]> {
  const manifestPath = path.join(dir, 'MANIFEST.json')
  const raw = await readFile(manifestPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
    throw new SluiceError('USAGE', `No evaluation set found: ${manifestPath} does not exist.`, { hint: 'The real-world PDFs are expected in shared/eval/pdfjs beside the repository; leave out --include-eval without them.' })
  })
  const parsed = JSON.parse(raw) as { files: Array<{ file: string, kind: string, bytes: number, sha256: string, repo_path: string }> }
  return parsed.files.map((entry) => ({ dir, file: entry.file, kind: entry.kind, bytes: entry.bytes, sha256: entry.sha256, repoPath: entry.repo_path }))
}

function sha256 (bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
