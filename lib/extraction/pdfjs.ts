// Loads pdf.js once per thread, configured for servers: the legacy build (the one meant for
// Node), no web worker of its own (we already run inside worker threads, and a worker per
// worker would double the threads and the memory), data files (CMaps...) read from the installed
// package so CJK text extracts without network access; options.ts says which of them extraction
// uses. pdf.js 6 has no `isEvalSupported` option any more: it never compiles code from a document
// (no eval or `new Function` in the build), PostScript functions run through its wasm or interpreter.
import { createRequire } from 'node:module'
import path from 'node:path'

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs')

const packageRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))

/** Paths pdf.js reads its data from; in Node they are plain directories ending in a separator. */
export const pdfjsDataPaths = {
  cMapUrl: path.join(packageRoot, 'cmaps') + path.sep,
  standardFontDataUrl: path.join(packageRoot, 'standard_fonts') + path.sep,
  wasmUrl: path.join(packageRoot, 'wasm') + path.sep,
  iccUrl: path.join(packageRoot, 'iccs') + path.sep
}

let loading: Promise<PdfJs> | undefined

export function loadPdfJs (): Promise<PdfJs> {
  loading ??= load()
  return loading
}

async function load (): Promise<PdfJs> {
  // pdf.js looks for `globalThis.pdfjsWorker` before trying to start a worker: with the
  // worker's message handler already loaded here it runs the parser on this thread.
  // The worker build ships no type declarations; only its presence matters here.
  const workerSpecifier: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs'
  ;(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import(workerSpecifier)
  return await import('pdfjs-dist/legacy/build/pdf.mjs')
}
