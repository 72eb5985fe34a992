// Waiting until started services can take work: the API answers /readyz, and each consumer
// group has members (a bucket notification sent before the bridge joined could be missed;
// received events are not, the processor reads a new group's topic from the beginning).
import type { Admin } from 'kafkajs'
import { SluiceError } from '../../lib/errors.ts'
import type { ServiceExit } from './supervisor.ts'

export async function waitForHttpOk (url: string, deadline: number): Promise<void> {
  let last = 'no answer yet'
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
      if (response.ok) return
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`
    } catch (error) {
      last = (error as Error).message
    }
    await pause(250)
  }
  throw new SluiceError('SERVICE_UNAVAILABLE', `${url} was not ready in time (${last})`, {
    hint: 'The service log says why; `sluice up` shows it in the foreground.'
  })
}

export async function waitForGroupMembers (admin: Admin, groupIds: string[], deadline: number): Promise<void> {
  let waiting = groupIds
  while (Date.now() < deadline) {
    const { groups } = await admin.describeGroups(groupIds)
    waiting = groupIds.filter((groupId) => {
      const group = groups.find((candidate) => candidate.groupId === groupId)
      return group === undefined || group.state !== 'Stable' || group.members.length === 0
    })
    if (waiting.length === 0) return
    await pause(500)
  }
  throw new SluiceError('SERVICE_UNAVAILABLE', `consumer group(s) ${waiting.join(', ')} did not become stable in time`, {
    hint: 'Check the processor, bridge and sink logs for connection errors.'
  })
}

/** Runs `waitFor`, failing early with the service's name if one of them exits meanwhile. */
export async function unlessAServiceExits<T> (waitFor: Promise<T>, firstExit: Promise<ServiceExit>): Promise<T> {
  const exited = firstExit.then((exit) => {
    throw new SluiceError('SERVICE_UNAVAILABLE', `${exit.name} exited while starting (${exit.signal ?? `code ${exit.code}`})`, {
      hint: 'Its last log lines above (or in the log file) say why.'
    })
  })
  return Promise.race([waitFor, exited])
}

async function pause (ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
}
