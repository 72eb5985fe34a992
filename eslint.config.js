import neostandard from 'neostandard'

// Import direction: lib/ is the shared code every component builds on, so it imports none of
// them; producers/, consumers/ and infra/ run in production images, which leave bench/ out and
// are started by cli/, so they import neither. An upward import would also reach bench/ from
// the image and fail there.
function importsNothingFrom (folders, who) {
  const pattern = `^(\\.\\./)+(${folders.join('|')})/`
  const message = `${who} imports nothing from ${folders.map((folder) => `${folder}/`).join(', ')}: move the shared code down into lib/ or the caller up.`
  return {
    'no-restricted-imports': ['error', { patterns: [{ regex: pattern, message }] }],
    // no-restricted-imports does not see import(): the same rule for dynamic imports.
    'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${pattern.replaceAll('/', '\\/')}/]`, message }]
  }
}

export default [
  ...neostandard({ ts: true, ignores: ['node_modules/**', 'bench/results/**', 'bench/generated/**', 'test-artifacts/**', 'bench/redaction/.venv/**'] }),
  { files: ['lib/**/*.ts', 'lib/**/*.js'], rules: importsNothingFrom(['producers', 'consumers', 'infra', 'bench', 'cli'], 'lib/') },
  { files: ['producers/**/*.ts', 'consumers/**/*.ts', 'infra/**/*.ts'], rules: importsNothingFrom(['bench', 'cli'], 'A production component') }
]
