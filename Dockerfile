# syntax=docker/dockerfile:1
# The VPN help-desk bot as one image: `docker build -t vpnbot .`, then `docker compose up` (docs/operations.md, Container).

# Compiles src/ into dist/ with the dev dependencies (TypeScript); nothing from this stage but dist/ ships.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts/ scripts/
# Only TypeScript is needed here, so no dependency's install script runs.
RUN npm ci --ignore-scripts
COPY src/ src/
# The training set and the content too: the build trains the intent model and checks the content ahead.
COPY nlu/ nlu/
COPY knowledge/ knowledge/
COPY dialogs/ dialogs/
COPY cards/ cards/
RUN npm run build

# The production dependencies alone, on the same base as the runtime so better-sqlite3's native binary matches it.
FROM node:20-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/build.js scripts/build.js
RUN npm ci --omit=dev && npm cache clean --force

# What runs: compiled dist/, the launcher, the content folders and production node_modules, as a non-root user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=3978
WORKDIR /app
COPY --from=prod-deps /app/node_modules/ node_modules/
COPY --from=build /app/dist/ dist/
COPY package.json ./
COPY bin/ bin/
COPY dialogs/ dialogs/
COPY cards/ cards/
COPY knowledge/ knowledge/
COPY nlu/ nlu/
COPY manifest/ manifest/
# The bot started once in this image, so its code cache is made by the Node that runs it (dist/bundle/vpnbot.cjs.cache).
RUN node bin/write-code-cache.js
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "bin/vpnbot.js", "serve"]
