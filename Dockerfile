# The Sluice services (api, bridge, processor, sink) for docker-compose. One image; the
# command picks the role. Node 24 runs the TypeScript sources directly (type stripping).
FROM node:24-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production

COPY package.json package-lock.json ./
# Dev dependencies (type checker, linter, embedded ClickHouse for tests) stay out of the image.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY bin ./bin
COPY lib ./lib
COPY producers ./producers
COPY consumers ./consumers
COPY schemas ./schemas
COPY infra ./infra
COPY bench ./bench
COPY grafana ./grafana

USER node
ENTRYPOINT ["node", "bin/sluice.js"]
CMD ["--help"]
