# syntax=docker/dockerfile:1
# fleetscope's image. Every step is in deploy/image/fleetscope-image.sh, which
# test/integration/container-image.test.ts runs the same way without a
# container engine. Build: docker build --build-arg REVISION=$(git rev-parse HEAD) -t fleetscope .
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /src
COPY . .
RUN sh deploy/image/fleetscope-image.sh build && sh deploy/image/fleetscope-image.sh stage /app

FROM node:${NODE_VERSION}-bookworm-slim
ARG REVISION=unknown
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="fleetscope" \
      org.opencontainers.image.description="One wall screen, one alert channel and one set of reports for a fleet of Kubernetes clusters." \
      org.opencontainers.image.source="https://github.com/fleetscope/fleetscope" \
      org.opencontainers.image.documentation="https://github.com/fleetscope/fleetscope/blob/main/docs/deployment.md" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
# The app is owned by root and not writable; only data/ (a volume) is the user's.
COPY --from=build /app /app
RUN mkdir -p /app/data && chown 10001:10001 /app/data
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    FLEETSCOPE_REVISION=${REVISION}
USER 10001:10001
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["sh", "/app/deploy/image/fleetscope-image.sh", "healthcheck"]
ENTRYPOINT ["sh", "/app/deploy/image/fleetscope-image.sh", "run"]
