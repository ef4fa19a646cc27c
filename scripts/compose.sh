#!/usr/bin/env bash
# Docker Compose v2 for the tests of the compose files, without Docker: Compose is a Go program
# and `config` loads, interpolates and validates a project without talking to an engine. Built
# once per machine from the Go module proxy (about 2 minutes) and cached outside the repository;
# rebuilt only when the binary is missing or COMPOSE_VERSION changes. Needs only Go.
#
#   scripts/compose.sh                   # build if needed; print the binary's path
#   scripts/compose.sh --cached          # print the path if built, else fail (never builds)
#   scripts/compose.sh config -q         # build if needed, then run it with these arguments
#
# The cache is $SPM_KAFKA_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/spm-kafka.
set -euo pipefail

COMPOSE_VERSION=v2.40.3

cache="${SPM_KAFKA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/spm-kafka}"
bin="$cache/docker-compose-$COMPOSE_VERSION"

if [ "${1:-}" = "--cached" ]; then
  if [ -x "$bin" ]; then
    printf '%s\n' "$bin"
    exit 0
  fi
  echo "error: Docker Compose $COMPOSE_VERSION is not built yet ($bin missing) — try: scripts/compose.sh" >&2
  exit 1
fi

if [ ! -x "$bin" ]; then
  command -v go >/dev/null 2>&1 || {
    echo "error: building Docker Compose $COMPOSE_VERSION needs Go (https://go.dev/dl/), and go is not on PATH" >&2
    exit 1
  }
  echo "building Docker Compose $COMPOSE_VERSION into $bin (once per machine, about 2 minutes)" >&2
  mkdir -p "$cache"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # `go install ...@version` refuses: compose's go.mod has exclude directives. A throwaway module
  # that requires it builds the same command (its dependencies resolved from compose's go.mod),
  # with the version stamped in as compose's own Makefile does (`docker-compose version`).
  if ! (
    cd "$work" &&
    go mod init compose-build &&
    go get "github.com/docker/compose/v2/cmd@$COMPOSE_VERSION" &&
    go build -trimpath -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION" \
      -o docker-compose github.com/docker/compose/v2/cmd
  ) > "$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    echo "error: building Docker Compose $COMPOSE_VERSION failed (output above)" >&2
    exit 1
  fi
  # Moved into place only when complete, so an interrupted build is never taken for a binary.
  mv "$work/docker-compose" "$bin.tmp.$$"
  mv "$bin.tmp.$$" "$bin"
fi

if [ "$#" -eq 0 ]; then
  printf '%s\n' "$bin"
else
  exec "$bin" "$@"
fi
