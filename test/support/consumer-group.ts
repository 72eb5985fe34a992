// The positive signal that a consumer group is ready for work: the broker reports it Stable with
// the expected members, each owning some partitions of the topic and together all of them.
// Tests wait for this instead of sleeping "long enough for the group to settle".
import { AssignerProtocol, type Kafka } from 'kafkajs'
import { waitFor } from './wait.ts'

export interface GroupReadiness {
  groupId: string
  topic: string
  members: number
  partitions: number
  timeoutMs: number
}

export async function waitForGroupAssignment (kafka: Kafka, readiness: GroupReadiness): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  let seen = 'nothing yet'
  try {
    await waitFor(async () => {
      const [group] = (await admin.describeGroups([readiness.groupId])).groups
      const owned = (group?.members ?? []).map((member) => AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[readiness.topic] ?? [])
      seen = `${group?.state ?? 'no group'}, partitions per member ${JSON.stringify(owned)}`
      return group?.state === 'Stable' && owned.length === readiness.members && owned.every((partitions) => partitions.length > 0) &&
        new Set(owned.flat()).size === readiness.partitions
    }, { what: `${readiness.members} members of ${readiness.groupId} to own the ${readiness.partitions} partitions of ${readiness.topic}`, timeoutMs: readiness.timeoutMs, intervalMs: 250, progress: () => seen })
  } finally {
    await admin.disconnect()
  }
}
