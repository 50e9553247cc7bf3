# syntax=docker/dockerfile:1
# The S3-compatible server of the local run and the tests (s3rver, patched by patch-s3rver.js), for
# docker-compose.yml. Built with tools/ as the context. Objects live in /data (a volume).
# Accepts any credentials and checks no signatures: for development only.
FROM node:22-bookworm-slim
WORKDIR /tools
COPY package.json package-lock.json patch-s3rver.js s3-server.js ./
# Optional dependencies are buf's platform binaries, which the server does not need.
RUN npm ci --omit=optional --no-audit --no-fund --loglevel=error \
    && mkdir /data && chown node:node /data
USER node
EXPOSE 4569
ENTRYPOINT ["node", "s3-server.js", "--address", "0.0.0.0", "--port", "4569", "--directory", "/data"]
