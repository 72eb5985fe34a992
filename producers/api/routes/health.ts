// Liveness, readiness (Kafka, S3 and the schema registry answer) and Prometheus metrics.
import type { FastifyInstance } from 'fastify'
import pTimeout from 'p-timeout'
import type { ApiContext } from '../context.ts'

const probeTimeoutMs = 3000

export function healthRoutes (app: FastifyInstance, context: ApiContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }))

  app.get('/readyz', async (_request, reply) => {
    const names = Object.keys(context.probes) as Array<keyof ApiContext['probes']>
    const results = await Promise.all(names.map(async (name) => {
      try {
        await pTimeout(context.probes[name](), { milliseconds: probeTimeoutMs, message: `no answer within ${probeTimeoutMs} ms` })
        return [name, { ok: true }] as const
      } catch (error) {
        return [name, { ok: false, error: (error as Error).message }] as const
      }
    }))
    const ready = results.every(([, result]) => result.ok)
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(results) })
  })

  app.get('/metrics', async (_request, reply) => {
    return reply.header('content-type', context.metrics.registry.contentType).send(await context.metrics.registry.metrics())
  })
}
