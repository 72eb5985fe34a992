/** Maps items with at most `limit` calls in flight, keeping the input order in the result. */
export async function mapBounded<T, R> (items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await map(items[index] as T)
    }
  })
  await Promise.all(lanes)
  return results
}
