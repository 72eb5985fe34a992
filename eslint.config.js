import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['node_modules/**', 'bench/results/**', 'bench/generated/**', 'test-artifacts/**', 'bench/redaction/.venv/**'] })
]
