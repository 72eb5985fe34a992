// The tools the installers need must be on PATH; name each missing one and how to get it
// before anything is downloaded, instead of failing half-way through.
import { access, constants } from 'node:fs/promises'
import path from 'node:path'
import { SluiceError } from '../../lib/errors.ts'

export interface Prerequisite { command: string, neededFor: string, install: string }

export async function findOnPath (command: string, searchPath = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const directory of searchPath.split(path.delimiter)) {
    if (directory === '') continue
    const candidate = path.join(directory, command)
    try {
      await access(candidate, constants.X_OK)
      return candidate
    } catch {}
  }
  return undefined
}

export async function requirePrerequisites (needed: Prerequisite[]): Promise<void> {
  const missing: Prerequisite[] = []
  const seen = new Set<string>()
  for (const prerequisite of needed) {
    if (seen.has(prerequisite.command)) continue
    seen.add(prerequisite.command)
    if (await findOnPath(prerequisite.command) === undefined) missing.push(prerequisite)
  }
  if (missing.length > 0) {
    throw new SluiceError('STACK_PREREQUISITE_MISSING', `missing on PATH: ${missing.map((item) => `${item.command} (needed for ${item.neededFor})`).join(', ')}`, {
      hint: missing.map((item) => `${item.command}: ${item.install}`).join('; ')
    })
  }
}

export const prerequisites = {
  java: { command: 'java', neededFor: 'Kafka and the schema registry', install: 'install a Java 17+ runtime, e.g. `apt-get install -y openjdk-17-jre-headless`' },
  maven: { command: 'mvn', neededFor: 'downloading Kafka and Apicurio Registry from Maven Central', install: '`apt-get install -y maven`' },
  go: { command: 'go', neededFor: 'building versitygw (the S3 server)', install: 'install Go 1.25 or newer and put it on PATH (the golang package of Debian 12 is too old)' },
  apt: { command: 'apt-get', neededFor: 'installing ClickHouse and Prometheus from Debian', install: 'run on Debian/Ubuntu, or install clickhouse-server and prometheus yourself and put them on PATH' },
  tar: { command: 'tar', neededFor: 'unpacking Apicurio Registry', install: '`apt-get install -y tar`' }
} satisfies Record<string, Prerequisite>
