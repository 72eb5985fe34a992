// The tools that render and check the Helm chart, built from the Go module proxy on first use
// into the stack cache, beside versitygw and with the same Go caches: helm itself, the strict
// validator of infra/helm/validate, and KEDA's module (its ScaledObject CRD and Kafka scaler).
// Builds run at the lowest CPU priority, one package at a time: the machines are shared.
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileExists } from '../local-stack/files.ts'
import type { Progress } from '../local-stack/progress.ts'
import { runTool } from '../local-stack/run-tool.ts'
import { goInstallEnvironment } from '../local-stack/s3.ts'

export const helmVersion = 'v3.19.0'
export const kedaVersion = 'v2.21.0'
const helmModule = 'helm.sh/helm/v3/cmd/helm'
const kedaModule = 'github.com/kedacore/keda/v2'
const validatorSource = path.join(import.meta.dirname, 'validate')

export interface ChartTools {
  helm: string
  validate: string
  /** Directory of the KEDA module: config/crd/bases and pkg/scalers. */
  keda: string
}

export async function ensureChartTools (cache: string, progress: Progress): Promise<ChartTools> {
  const helm = await ensureHelm(cache, progress)
  const validate = await ensureValidator(cache, progress)
  const keda = await kedaModuleDirectory(cache, progress)
  return { helm, validate, keda }
}

function lowPriorityGo (cache: string, binaryDirectory: string): Record<string, string> {
  return { ...goInstallEnvironment(cache, binaryDirectory), GOFLAGS: `${process.env.GOFLAGS ?? ''} -p=1`.trim() }
}

async function ensureHelm (cache: string, progress: Progress): Promise<string> {
  const directory = path.join(cache, `helm-${helmVersion}`, 'bin')
  const binary = path.join(directory, 'helm')
  if (await fileExists(binary)) return binary
  progress.step('helm', `building helm ${helmVersion} with go install (first time only; several minutes at low priority)`)
  const started = Date.now()
  await runTool({ command: 'nice', args: ['-n', '19', 'go', 'install', `${helmModule}@${helmVersion}`], env: lowPriorityGo(cache, directory) }, `go install ${helmModule}@${helmVersion}`)
  progress.step('helm', `built in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  return binary
}

/** Rebuilt whenever its sources change: the binary is named after a hash of them. */
async function ensureValidator (cache: string, progress: Progress): Promise<string> {
  const files = (await readdir(validatorSource)).filter((name) => name.endsWith('.go') || name === 'go.mod' || name === 'go.sum').sort()
  const hash = createHash('sha256')
  for (const file of files) hash.update(file).update(await readFile(path.join(validatorSource, file)))
  const binary = path.join(cache, 'helm-validate', `validate-${hash.digest('hex').slice(0, 16)}`)
  if (await fileExists(binary)) return binary
  progress.step('validate', 'building the manifest validator (infra/helm/validate) with go build')
  const started = Date.now()
  await runTool({ command: 'nice', args: ['-n', '19', 'go', 'build', '-o', binary, '.'], cwd: validatorSource, env: lowPriorityGo(cache, path.dirname(binary)) }, 'go build infra/helm/validate')
  progress.step('validate', `built in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  return binary
}

async function kedaModuleDirectory (cache: string, progress: Progress): Promise<string> {
  const environment = lowPriorityGo(cache, path.join(cache, 'go', 'bin'))
  const expected = path.join(environment.GOMODCACHE as string, `${kedaModule}@${kedaVersion}`)
  if (await fileExists(path.join(expected, 'config', 'crd', 'bases'))) return expected
  progress.step('keda', `downloading ${kedaModule}@${kedaVersion} from the Go module proxy (its CRDs)`)
  const output = await runTool({ command: 'go', args: ['mod', 'download', '-json', `${kedaModule}@${kedaVersion}`], cwd: cache, env: environment }, `go mod download ${kedaModule}@${kedaVersion}`)
  return (JSON.parse(output) as { Dir: string }).Dir
}
