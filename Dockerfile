# syntax=docker/dockerfile:1
#
# One image for the three Hookstream apps; the first argument picks which one runs:
#
#   docker build -t hookstream .
#   docker run --rm hookstream subscriptions   # management API, port 3000 (runs migrations at start)
#   docker run --rm hookstream fanout          # port 3001
#   docker run --rm hookstream delivery        # port 3002
#   docker run --rm hookstream migrate         # database migrations only, then exit
#
# Configuration is environment only (see README.md (Operating Hookstream)). The image sets NODE_ENV=production,
# so ADMIN_TOKEN and SECRETS_ENCRYPTION_KEY are required where the app uses them.

# Node 24, the current LTS. Every stage installs with `npm ci`, exactly the lock file: its npm 11
# accepts package-lock.json as it is (checked with npm 11.6.1 and 11.19, full and --omit=dev).
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: every dependency, compile the three apps into dist/ ----------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall applies them (patch-package): kafkajs's static group membership.
COPY patches ./patches
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json ./
COPY apps ./apps
COPY libs ./libs
# Writes dist/apps/<app>/apps/<app>/src/main.js for subscriptions, fanout and delivery.
RUN npm run build

# ---- production dependencies only ------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund

# ---- runtime -------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOOKSTREAM_HOME=/app
WORKDIR /app
# Owned by root and read-only for the app user: the container runs with a read-only root
# filesystem in Kubernetes and needs nothing writable but /tmp.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --chmod=0755 deploy/docker/entrypoint.sh /usr/local/bin/hookstream
# The base image's unprivileged `node` user, by number so that runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3000 3001 3002
ENTRYPOINT ["/usr/local/bin/hookstream"]
CMD ["help"]
