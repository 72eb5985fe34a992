import type { Client } from 'minio'
import type { AdmissionGate } from '../../lib/ingest/admission.ts'
import type { ClickHouse } from '../../lib/clickhouse/client.ts'
import type { Config } from '../../lib/config/index.ts'
import type { ReceivedPublisher } from '../../lib/ingest/received-publisher.ts'
import type { Logger } from '../../lib/log.ts'
import type { CallerStrings } from '../../lib/privacy/caller-strings.ts'
import type { Authenticate } from './auth.ts'
import type { ApiMetrics } from './metrics.ts'

/** What the routes need, built once by server.ts. */
export interface ApiContext {
  config: Config
  s3: Client
  publisher: ReceivedPublisher
  /** Read by GET /v1/stats; the API never writes to ClickHouse. */
  clickhouse: ClickHouse
  metrics: ApiMetrics
  /** Refuses uploads while the processor group is too far behind (read from a cache, never per request). */
  admission: AdmissionGate
  authenticate: Authenticate
  log: Logger
  /** File names and form fields are redacted before they go into events or records. */
  callerStrings: CallerStrings
  /** Readiness probes of the services behind the API, each resolving or throwing. */
  probes: Record<'kafka' | 's3' | 'registry', () => Promise<void>>
}
