// What every local-stack service provides. The orchestrator (stack.ts) does the rest:
// pid files, start-once, waiting for health, stopping.
import type { Config } from '../../lib/config/index.ts'
import type { Endpoint, StackEndpoints } from './endpoints.ts'
import type { StackLayout } from './layout.ts'
import type { Prerequisite } from './prerequisites.ts'
import type { LaunchSpec } from './processes.ts'
import type { Progress } from './progress.ts'

export interface StackContext {
  config: Config
  layout: StackLayout
  endpoints: StackEndpoints
  progress: Progress
}

export interface LocalService {
  name: string
  /** Shown by `status`: where clients connect. */
  address: (context: StackContext) => string
  /** Ports the service listens on; they must be free before it starts. */
  listens: (context: StackContext) => Endpoint[]
  prerequisites: Prerequisite[]
  /** Debian packages installed (once, with every other service's) before the service starts. */
  debianPackages?: string[]
  /** System users the Debian packages' services run as; their processes are stopped after installing. */
  distroUsers?: string[]
  /** Services that must be healthy before this one starts. */
  dependsOn?: string[]
  /** Downloads/builds into the cache; a no-op once cached. */
  install: (context: StackContext) => Promise<void>
  /** Writes config and prepares data, then says how to run the server. */
  prepare: (context: StackContext) => Promise<LaunchSpec>
  /** Resolves when the service answers a real request; rejects with the reason otherwise. */
  probe: (context: StackContext) => Promise<void>
  /** How long `down` waits after SIGTERM before SIGKILL (default 30 s). */
  stopGraceMs?: number
}
