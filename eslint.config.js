import neostandard from 'neostandard'

// lib/ is the shared code every component builds on, so it depends on none of them: an import
// from lib/ into a component folder or the CLI would be an upward arrow (and would pull bench/
// into production images, which leave it out).
const componentFolders = ['producers', 'consumers', 'infra', 'bench', 'cli']
const upwardImport = `^(\\.\\./)+(${componentFolders.join('|')})/`
const upwardImportMessage = 'lib/ imports nothing above it (producers/, consumers/, infra/, bench/, cli/): move the shared code into lib/ or the caller out of it.'

export default [
  ...neostandard({ ts: true, ignores: ['node_modules/**', 'bench/results/**', 'bench/generated/**', 'test-artifacts/**', 'bench/redaction/.venv/**'] }),
  {
    files: ['lib/**/*.ts', 'lib/**/*.js'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: upwardImport, message: upwardImportMessage }]
      }],
      // no-restricted-imports does not see import(): the same rule for dynamic imports.
      'no-restricted-syntax': ['error', {
        selector: `ImportExpression[source.value=/${upwardImport.replaceAll('/', '\\/')}/]`,
        message: upwardImportMessage
      }]
    }
  }
]
