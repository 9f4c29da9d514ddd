#!/bin/sh
# The container image's steps, in one place: the Dockerfile runs them, and
# test/integration/container-image.test.ts runs the same ones without a
# container engine (as a non-root user, the app folder read-only, only data/
# writable).
#
#   fleetscope-image.sh build         in a checkout: install, build, keep only the production dependencies
#   fleetscope-image.sh stage DEST    copy what the image runs into DEST (an empty folder)
#   fleetscope-image.sh run [ARGS]    the image's command: fleetscope serve [ARGS]
#   fleetscope-image.sh healthcheck   exit 0 when the server answers /healthz
set -eu

app="$(cd "$(dirname "$0")/../.." && pwd)"

case "${1:-}" in
build)
  cd "$app"
  npm ci --no-audit --no-fund --prefer-offline
  npm run build
  npm prune --omit=dev --no-audit --no-fund
  ;;
stage)
  dest="${2:?stage needs a destination folder}"
  mkdir -p "$dest/server" "$dest/deploy/image"
  cd "$app"
  cp -R dist node_modules config package.json package-lock.json README.md "$dest/"
  cp server/fleetscope.mjs "$dest/server/"
  cp deploy/image/fleetscope-image.sh "$dest/deploy/image/"
  # The demo fleet's files, the store and anything else written at run time go to data/ (a volume in the image).
  rm -rf "$dest/data" && mkdir -p "$dest/data"
  ;;
run)
  shift
  cd "$app"
  # The V8 flag and the malloc setting of the fleetscope command (docs/performance.md, "Garbage collection"
  # and "Scrape limits and the series budget").
  exec env MALLOC_MMAP_THRESHOLD_=131072 node --max-semi-space-size=32 dist/server/fleetscope.mjs serve "$@"
  ;;
healthcheck)
  # Plain HTTP on loopback; with TLS from a web configuration file, set FLEETSCOPE_HEALTHCHECK_URL (https://…).
  # The probe asks its own container over loopback, so it does not verify the certificate (self-signed ones are common).
  url="${FLEETSCOPE_HEALTHCHECK_URL:-http://127.0.0.1:${PORT:-8080}/healthz}"
  exec env NODE_TLS_REJECT_UNAUTHORIZED=0 node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(4000) }).then(
      (r) => process.exit(r.ok ? 0 : 1),
      () => process.exit(1),
    );' "$url"
  ;;
*)
  echo "usage: $0 build | stage DEST | run [ARGS] | healthcheck" >&2
  exit 2
  ;;
esac
