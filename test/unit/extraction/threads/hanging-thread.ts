// A pool task that never finishes: spins the thread's CPU forever, as a pathological PDF can.
export function extractAndRedact (): never {
  for (;;) { /* busy on purpose: only terminating the thread stops it */ }
}
