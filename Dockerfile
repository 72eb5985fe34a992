# The Sluice services (api, bridge, processor, sink) for docker-compose. One image; the
# command picks the role. Node 24 runs the TypeScript sources directly (type stripping).
# bench/ (benchmark, corpus generator, demo) stays out: `sluice bench|corpus|demo` say
# COMMAND_NOT_INSTALLED here and run from a clone.
FROM node:24-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production

COPY package.json package-lock.json ./
# Dev dependencies (type checker, linter, embedded ClickHouse for tests) stay out of the image.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY bin ./bin
COPY cli ./cli
COPY lib ./lib
COPY producers ./producers
COPY consumers ./consumers
COPY schemas ./schemas
COPY infra ./infra
COPY grafana ./grafana

USER node
ENTRYPOINT ["node", "bin/sluice.js"]
CMD ["--help"]
