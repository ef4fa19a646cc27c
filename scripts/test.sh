#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs the independent test clients
# (Python confluent-kafka, kcat), starts the real local Kafka broker, then runs
# formatting, lints and every test (unit and end-to-end) against it.
#
#   scripts/test.sh            # what CI runs (.ci/run)
#   scripts/test.sh -- NAME    # extra arguments go to `cargo test`
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

step "test clients (confluent-kafka from PyPI, kcat from Debian)"
python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt
if ! command -v kcat >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat) >/dev/null
  else
    sudo sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat' >/dev/null
  fi
fi
kcat -V | head -1

step "Kafka broker (scripts/kafka.sh start)"
scripts/kafka.sh start

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --quiet -- -D warnings

# The e2e harness fails (never skips) when the broker is missing.
export CI="${CI:-true}"
SPM_KAFKA_TEST_BOOTSTRAP="$(scripts/kafka.sh bootstrap)"
export SPM_KAFKA_TEST_BOOTSTRAP
step "cargo test (unit + end-to-end against $SPM_KAFKA_TEST_BOOTSTRAP)"
[ "${1:-}" = "--" ] && shift
cargo test --all-targets "$@"
