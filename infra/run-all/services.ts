// The four long-running services of the pipeline, as `sluice <command>` child processes.
import type { ServiceSpec } from './supervisor.ts'

export const serviceNames = ['api', 'bridge', 'processor', 'sink'] as const
export type ServiceName = typeof serviceNames[number]

export interface PipelineShape {
  /** Processor processes in the consumer group (scale-out on one machine). */
  processors: number
  /** Worker threads per processor process; undefined leaves SLUICE_PROCESSOR_WORKERS in charge. */
  workers?: number
  /** Subset of services to run; all by default. */
  only?: readonly ServiceName[]
}

export function pipelineServices (shape: PipelineShape): ServiceSpec[] {
  const wanted = new Set<ServiceName>(shape.only ?? serviceNames)
  const specs: ServiceSpec[] = []
  if (wanted.has('api')) specs.push({ name: 'api', args: ['api'], stopRank: 0 })
  if (wanted.has('bridge')) specs.push({ name: 'bridge', args: ['bridge'], stopRank: 0 })
  if (wanted.has('processor')) {
    const workerArgs = shape.workers !== undefined ? ['--workers', String(shape.workers)] : []
    for (let index = 1; index <= shape.processors; index++) {
      specs.push({
        name: shape.processors === 1 ? 'processor' : `processor-${index}`,
        args: ['processor', ...workerArgs],
        stopRank: 1
      })
    }
  }
  if (wanted.has('sink')) specs.push({ name: 'sink', args: ['sink'], stopRank: 2 })
  return specs
}

export function parseServiceList (raw: string): ServiceName[] {
  const names = raw.split(',').map((name) => name.trim()).filter((name) => name !== '')
  for (const name of names) {
    if (!(serviceNames as readonly string[]).includes(name)) {
      throw new Error(`unknown service "${name}"; choose from ${serviceNames.join(', ')}`)
    }
  }
  return names as ServiceName[]
}
