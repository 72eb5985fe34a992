// Which fault cases run. Every case stops something for half a minute or more, so `npm test`
// runs one representative of each fault class (a dependency outage, a crash) and
// SLUICE_TEST_FAULTS=all runs every case; .ci/run sets it (README, docs/reliability.md).
export const allFaults = process.env.SLUICE_TEST_FAULTS === 'all'

/** The `skip` option of a case: false when it runs, otherwise why not. */
export function unlessSelected (representative: boolean): false | string {
  return representative || allFaults ? false : 'not a representative of its fault class; SLUICE_TEST_FAULTS=all runs it'
}
