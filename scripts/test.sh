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

step "test clients (confluent-kafka from PyPI; kcat, and zsh and fish for the completion tests, from Debian)"
python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt
if ! command -v kcat >/dev/null 2>&1 || ! command -v zsh >/dev/null 2>&1 || ! command -v fish >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat zsh fish) >/dev/null
  else
    sudo sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat zsh fish' >/dev/null
  fi
fi
kcat -V | head -1
# The exporter test (tests/monitoring.rs) is scraped by a real Prometheus server; promtool checks the exposition.
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus) >/dev/null
  else
    sudo sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus' >/dev/null
  fi
fi
prometheus --version 2>&1 | head -1

step "Kafka brokers: the local broker, a SASL_SSL broker, a three-node cluster, a fault-test broker"
# The extra clusters are for the security and fault tests only; they live in their own state
# directories and ports and are stopped again when the suite ends.
extra() { SPM_KAFKA_HOME="$PWD/.kafka/$1" scripts/kafka.sh "${@:2}"; }
SPM_KAFKA_HOME="$PWD/.kafka/sasl" SPM_KAFKA_PORT=9292 SPM_KAFKA_SASL=1 SPM_KAFKA_ACL=1 scripts/kafka.sh start > .kafka-sasl.log 2>&1 &
sasl_pid=$!
SPM_KAFKA_HOME="$PWD/.kafka/three" SPM_KAFKA_PORT=9492 SPM_KAFKA_NODES=3 scripts/kafka.sh start > .kafka-three.log 2>&1 &
three_pid=$!
SPM_KAFKA_HOME="$PWD/.kafka/faults" SPM_KAFKA_PORT=9692 scripts/kafka.sh start > .kafka-faults.log 2>&1 &
faults_pid=$!
scripts/kafka.sh start
wait "$sasl_pid" || { cat .kafka-sasl.log; exit 1; }
wait "$three_pid" || { cat .kafka-three.log; exit 1; }
wait "$faults_pid" || { cat .kafka-faults.log; exit 1; }
cat .kafka-sasl.log .kafka-three.log .kafka-faults.log; rm -f .kafka-sasl.log .kafka-three.log .kafka-faults.log
trap 'for c in sasl three faults; do extra "$c" stop >/dev/null 2>&1 || true; done' EXIT
export SPM_KAFKA_TEST_SASL_HOME="$PWD/.kafka/sasl" SPM_KAFKA_TEST_CLUSTER3_HOME="$PWD/.kafka/three"
export SPM_KAFKA_TEST_FAULTS_HOME="$PWD/.kafka/faults" SPM_KAFKA_TEST_FAULTS_BOOTSTRAP=127.0.0.1:9692
SPM_KAFKA_TEST_SASL_BOOTSTRAP=127.0.0.1:9392
SPM_KAFKA_TEST_CLUSTER3_BOOTSTRAP="$(extra three bootstrap)"
export SPM_KAFKA_TEST_SASL_BOOTSTRAP SPM_KAFKA_TEST_CLUSTER3_BOOTSTRAP

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --quiet -- -D warnings

step "Docker Compose for tests/compose.rs (scripts/compose.sh: built once per machine, then cached)"
SPM_KAFKA_COMPOSE="$(scripts/compose.sh)"
export SPM_KAFKA_COMPOSE

# The e2e harness fails (never skips) when the broker is missing.
export CI="${CI:-true}"
SPM_KAFKA_TEST_BOOTSTRAP="$(scripts/kafka.sh bootstrap)"
export SPM_KAFKA_TEST_BOOTSTRAP
step "cargo test (unit + end-to-end against $SPM_KAFKA_TEST_BOOTSTRAP)"
[ "${1:-}" = "--" ] && shift
cargo test --all-targets "$@"

# Keeps the benchmark harness working: small sizes, one run, its own broker on another port;
# prints the table, writes nothing, fails only when a tool errors (never on speed).
step "benchmark smoke (scripts/bench.py --smoke)"
python3 scripts/bench.py --smoke
