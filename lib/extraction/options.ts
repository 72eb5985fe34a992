// The pdf.js options text extraction runs with, in one place: the extraction uses them, the
// benchmark of alternatives (bench/extraction/options.ts) varies them one at a time, and a unit
// test pins them. Only text is needed, so every option that makes pdf.js load, convert or decode
// something for rendering alone is off, as long as the text stays identical.
import type { DocumentInitParameters } from 'pdfjs-dist/types/src/display/api.js'
import { pdfjsDataPaths } from './pdfjs.ts'

export interface ExtractionOptions {
  /** getDocument() parameters besides the data and the log level. */
  document: Omit<DocumentInitParameters, 'data' | 'verbosity'>
  /** getTextContent() parameters. */
  textContent: { disableNormalization: boolean }
}

export const extractionOptions: ExtractionOptions = {
  document: {
    // Predefined CMaps map CJK character codes to Unicode: text needs them.
    cMapUrl: pdfjsDataPaths.cMapUrl,
    cMapPacked: true,
    // No standardFontDataUrl: with it, every document that uses a base-14 font without embedding
    // it (Helvetica, Times...: most generated PDFs) makes pdf.js load that font's program and
    // convert it to OpenType, for drawing glyphs only. Text comes from the encoding and the
    // built-in metrics either way; bench/extraction/options.ts measured the same text on every
    // file and about a third of the CPU per 1-page document without it.
    wasmUrl: pdfjsDataPaths.wasmUrl,
    iccUrl: pdfjsDataPaths.iccUrl,
    // Font faces and system fonts only matter for drawing glyphs (both are pdf.js's Node defaults).
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false
  },
  // pdf.js's normalisation expands ligatures (ﬁ → fi) and other compatibility characters; the
  // redaction engine's patterns and names expect the expanded text.
  textContent: { disableNormalization: false }
}
