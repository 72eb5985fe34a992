// The local stack's server processes, from the pid files `sluice stack up` writes, so the
// benchmark can say how much CPU Kafka, the registry, the S3 server, ClickHouse and Prometheus
// took from the same cores as the pipeline. A pid file is trusted only while its process is
// still the one the stack started (other Kafkas and ClickHouses may run on a shared machine).
import { stackLayout } from '../../infra/local-stack/layout.ts'
import { isRecordedProcessRunning, readPidRecord } from '../../infra/local-stack/pid-file.ts'

const services = ['kafka', 'registry', 's3', 'clickhouse', 'prometheus']

export interface NamedProcess { name: string, pid: number }

export async function findStackProcesses (home: string): Promise<NamedProcess[]> {
  const layout = stackLayout(home)
  const found: NamedProcess[] = []
  for (const service of services) {
    const record = await readPidRecord(layout.pidFile(service))
    if (record !== undefined && await isRecordedProcessRunning(record)) found.push({ name: service, pid: record.pid })
  }
  return found
}
