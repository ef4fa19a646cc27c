#!/usr/bin/env bash
# Local Apache Kafka broker(s) for development and CI: a REAL Kafka (KRaft,
# combined broker+controller nodes) run straight from Maven Central jars.
# Needs only: bash, Java 17+, Maven (jars are resolved on first use via
# scripts/kafka/pom.xml), coreutils; keytool (from the JDK) for SASL mode.
#
# Usage: scripts/kafka.sh COMMAND [ARGS]
#   start             start all nodes (no-op if already up); waits for the client port(s)
#   stop              graceful stop (SIGTERM, SIGKILL after $SPM_KAFKA_STOP_TIMEOUT s)
#   restart           stop + start
#   status            exit 0 if every node runs and its client port is open, else 1
#   reset             stop + delete data, logs and generated config (keeps the jars)
#   purge             stop + delete the whole state dir (jars too)
#   logs [N]          server log of node N (default 1): follows on a TTY, else prints the tail
#   start-node N      start one node (multi-node fault tests)
#   stop-node N       stop one node
#   install           only resolve the jars
#   classpath         print the Java classpath (e.g. java -cp "$(scripts/kafka.sh classpath)" ...)
#   run-class CLASS [ARGS...]  run a Java main class with the Kafka classpath (tools log WARN to stderr)
#   topics [ARGS...]  TopicCommand with --bootstrap-server of node 1 (e.g. topics --list)
#   bootstrap         print the bootstrap servers (PLAINTEXT listener)
#
# Environment (values given at start, except heap/JVM opts/timeouts, are remembered
# in <state>/cluster.conf, so later stop/status/stop-node calls need no env):
#   SPM_KAFKA_HOME            state dir (default <repo>/.kafka): libs, data, logs, pids, configs
#   SPM_KAFKA_NODES           1 (default) or 3 (or any N>=1) combined KRaft nodes
#   SPM_KAFKA_PORT            client port of node 1 (default 9092); node i uses PORT+2(i-1)
#   SPM_KAFKA_CONTROLLER_PORT controller port of node 1 (default PORT+1); node i uses +2(i-1)
#   SPM_KAFKA_HEAP            JVM heap flags (default "-Xmx512m -Xms256m")
#   SPM_KAFKA_JAVA_OPTS       extra JVM flags
#   SPM_KAFKA_START_TIMEOUT   seconds to wait for the port(s) on start (default 90)
#   SPM_KAFKA_STOP_TIMEOUT    seconds to wait after SIGTERM before SIGKILL (default 30)
#   SPM_KAFKA_QUORUM_LOSS_GRACE  multi-node: seconds a node that lost its controller
#                             quorum may take to stop before SIGKILL (default 5)
#   SPM_KAFKA_SASL            1: add a SASL_SSL listener with SCRAM-SHA-512 (default 0)
#   SPM_KAFKA_SASL_PORT       SASL_SSL port of node 1 (default PORT+100); node i uses +2(i-1)
#   SPM_KAFKA_SASL_USER       SCRAM user created at format time (default admin)
#   SPM_KAFKA_SASL_PASSWORD   its password (default admin-secret)
#   SPM_KAFKA_SSL_PASSWORD    keystore/truststore password (default spm-kafka-dev)
#   SPM_KAFKA_ACL             1: enforce access control (StandardAuthorizer, nothing allowed
#                             without an ACL) (default 0). Super users: the SASL user
#                             (User:admin) and User:ANONYMOUS. ANONYMOUS is the principal of
#                             every PLAINTEXT connection, the controller listener's included,
#                             which must be a super user or the quorum never forms; so the
#                             PLAINTEXT listener stays the unrestricted admin path (inter-broker
#                             traffic and the Java tools), and access control applies to the
#                             SASL_SSL listener's other users. Create one with
#                             kafka-configs --alter --add-config 'SCRAM-SHA-512=[password=...]'
#                             and grant it with kafka-acls (both via run-class, over PLAINTEXT).
#   JAVA_HOME                 used if set, else `java` from PATH
set -euo pipefail

KAFKA_VERSION=4.1.1 # keep in sync with scripts/kafka/pom.xml

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$SCRIPT_DIR")"
POM="$SCRIPT_DIR/kafka/pom.xml"
STATE="${SPM_KAFKA_HOME:-$REPO_DIR/.kafka}"
LIBS="$STATE/libs"
MARKER="$LIBS/.resolved"
CONF="$STATE/cluster.conf"
CLUSTER_ID_FILE="$STATE/cluster-id"
SSL_DIR="$STATE/ssl"
CP="$LIBS/*"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi

START_TIMEOUT="${SPM_KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${SPM_KAFKA_STOP_TIMEOUT:-30}"

log() { echo "kafka: $*"; }
err() { echo "kafka: error: $*" >&2; }
die() { err "$*"; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { # start_ms -> "12.3s"
  local d=$(( $(now_ms) - $1 ))
  printf '%d.%ds' $((d / 1000)) $(((d % 1000) / 100))
}

# ---------------------------------------------------------------- settings ---
declare -A SAVED=()
load_saved() {
  [[ -f "$CONF" ]] || return 0
  local k v
  while IFS='=' read -r k v; do
    [[ -n "$k" && "$k" != \#* ]] && SAVED[$k]="$v"
  done <"$CONF"
}

# setting KEY ENVVAR DEFAULT: env if set, else the value saved at the last start, else default
setting() {
  local key=$1 env=$2 def=$3
  if [[ -n "${!env:-}" ]]; then printf '%s' "${!env}"
  elif [[ -n "${SAVED[$key]:-}" ]]; then printf '%s' "${SAVED[$key]}"
  else printf '%s' "$def"; fi
}

resolve_settings() {
  load_saved
  NODES=$(setting nodes SPM_KAFKA_NODES 1)
  SASL=$(setting sasl SPM_KAFKA_SASL 0)
  ACL=$(setting acl SPM_KAFKA_ACL 0)
  PORT=$(setting port SPM_KAFKA_PORT 9092)
  if [[ -n "${SPM_KAFKA_PORT:-}" ]]; then # a new client port re-derives the others
    CPORT=${SPM_KAFKA_CONTROLLER_PORT:-$((PORT + 1))}
    SPORT=${SPM_KAFKA_SASL_PORT:-$((PORT + 100))}
  else
    CPORT=$(setting controller_port SPM_KAFKA_CONTROLLER_PORT $((PORT + 1)))
    SPORT=$(setting sasl_port SPM_KAFKA_SASL_PORT $((PORT + 100)))
  fi
  HEAP=${SPM_KAFKA_HEAP:-"-Xmx512m -Xms256m"} # not remembered
  SASL_USER=$(setting sasl_user SPM_KAFKA_SASL_USER admin)
  SASL_PASSWORD=$(setting sasl_password SPM_KAFKA_SASL_PASSWORD admin-secret)
  SSL_PASSWORD=$(setting ssl_password SPM_KAFKA_SSL_PASSWORD spm-kafka-dev)
  [[ "$NODES" =~ ^[1-9][0-9]*$ ]] || die "SPM_KAFKA_NODES must be a positive integer (got '$NODES')"
  [[ "$SASL" == 0 || "$SASL" == 1 ]] || die "SPM_KAFKA_SASL must be 0 or 1 (got '$SASL')"
  [[ "$ACL" == 0 || "$ACL" == 1 ]] || die "SPM_KAFKA_ACL must be 0 or 1 (got '$ACL')"
  local p
  for p in "$PORT" "$CPORT" "$SPORT"; do
    [[ "$p" =~ ^[0-9]+$ ]] || die "ports must be numbers (got '$p')"
  done
}

save_settings() {
  mkdir -p "$STATE"
  local tmp="$CONF.tmp"
  {
    echo "# written by scripts/kafka.sh start; env vars override these"
    echo "nodes=$NODES"
    echo "sasl=$SASL"
    echo "acl=$ACL"
    echo "port=$PORT"
    echo "controller_port=$CPORT"
    echo "sasl_port=$SPORT"
    echo "sasl_user=$SASL_USER"
    echo "sasl_password=$SASL_PASSWORD"
    echo "ssl_password=$SSL_PASSWORD"
  } >"$tmp"
  mv "$tmp" "$CONF"
}

node_dir() { echo "$STATE/node$1"; }
client_port() { echo $((PORT + 2 * ($1 - 1))); }
controller_port() { echo $((CPORT + 2 * ($1 - 1))); }
sasl_port() { echo $((SPORT + 2 * ($1 - 1))); }
pid_file() { echo "$(node_dir "$1")/kafka.pid"; }

bootstrap_servers() {
  local i out=""
  for ((i = 1; i <= NODES; i++)); do out+="${out:+,}127.0.0.1:$(client_port "$i")"; done
  echo "$out"
}

check_node_arg() {
  [[ "${1:-}" =~ ^[1-9][0-9]*$ ]] || die "expected a node number"
  (($1 <= NODES)) || die "node $1 does not exist (SPM_KAFKA_NODES=$NODES)"
}

# ------------------------------------------------------------------- locking ---
# Serialise start/stop/reset between concurrent invocations (fd 9; the broker
# JVM is started with fd 9 closed so it never holds the lock).
take_lock() {
  mkdir -p "$STATE"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$STATE/.lock"
    flock -w 300 9 || die "could not take $STATE/.lock"
  fi
}

# ---------------------------------------------------------------------- jars ---
install_jars() {
  local want
  want="$KAFKA_VERSION $(cksum <"$POM" | cut -d' ' -f1)"
  if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$want" ]]; then return 0; fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to fetch the Kafka jars"
  command -v "$JAVA" >/dev/null 2>&1 || die "Java 17+ is needed (set JAVA_HOME or put java on PATH)"
  log "resolving Kafka $KAFKA_VERSION jars from Maven Central into $LIBS ..."
  local t0 tmp="$STATE/libs.tmp"
  t0=$(now_ms)
  mkdir -p "$STATE"
  rm -rf "$tmp"
  # always a fresh dir: copy-dependencies into an old dir would leave stale jars
  # of another version on the classpath
  if ! mvn -B -q -f "$POM" dependency:copy-dependencies -DoutputDirectory="$tmp" >"$STATE/mvn.log" 2>&1; then
    tail -n 40 "$STATE/mvn.log" >&2
    die "mvn dependency:copy-dependencies failed (full log: $STATE/mvn.log)"
  fi
  ls "$tmp"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 || die "kafka_2.13-$KAFKA_VERSION.jar missing after resolution"
  rm -rf "$LIBS"
  mv "$tmp" "$LIBS"
  echo "$want" >"$MARKER"
  log "jars ready ($(find "$LIBS" -name '*.jar' | wc -l) jars, $(elapsed "$t0"))"
}

write_log4j_configs() {
  # Broker: everything to <node>/server.log (INFO), state-change log separate,
  # nothing on stdout. ${sys:kafka.logs.dir} is set per node on the JVM command line.
  cat >"$STATE/log4j2.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by scripts/kafka.sh -->
<Configuration status="warn" shutdownHook="disable">
  <Appenders>
    <RollingFile name="server" fileName="${sys:kafka.logs.dir}/server.log"
                 filePattern="${sys:kafka.logs.dir}/server.log.%i">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
      <Policies><SizeBasedTriggeringPolicy size="100 MB"/></Policies>
      <DefaultRolloverStrategy max="5"/>
    </RollingFile>
    <RollingFile name="stateChange" fileName="${sys:kafka.logs.dir}/state-change.log"
                 filePattern="${sys:kafka.logs.dir}/state-change.log.%i">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
      <Policies><SizeBasedTriggeringPolicy size="50 MB"/></Policies>
      <DefaultRolloverStrategy max="2"/>
    </RollingFile>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="server"/></Root>
    <Logger name="state.change.logger" level="INFO" additivity="false"><AppenderRef ref="stateChange"/></Logger>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="org.apache.kafka.clients.NetworkClient" level="WARN"/>
  </Loggers>
</Configuration>
EOF
  # Command-line tools (StorageTool, TopicCommand, ...): WARN and up to stderr.
  cat >"$STATE/log4j2-tools.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by scripts/kafka.sh -->
<Configuration status="warn">
  <Appenders>
    <Console name="stderr" target="SYSTEM_ERR"><PatternLayout pattern="[%d] %p %m (%c)%n"/></Console>
  </Appenders>
  <Loggers><Root level="WARN"><AppenderRef ref="stderr"/></Root></Loggers>
</Configuration>
EOF
}

run_tool() { # CLASS ARGS...
  [[ -f "$STATE/log4j2-tools.xml" ]] || write_log4j_configs
  "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$STATE/log4j2-tools.xml" -cp "$CP" "$@"
}

# ------------------------------------------------------------------- config ---
voters() {
  local i out=""
  for ((i = 1; i <= NODES; i++)); do out+="${out:+,}$i@127.0.0.1:$(controller_port "$i")"; done
  echo "$out"
}

write_server_properties() { # NODE
  local n=$1 dir rf min_isr listeners advertised protomap
  dir=$(node_dir "$n")
  rf=$((NODES < 3 ? NODES : 3))
  min_isr=$((rf < 2 ? 1 : 2))
  listeners="PLAINTEXT://127.0.0.1:$(client_port "$n"),CONTROLLER://127.0.0.1:$(controller_port "$n")"
  advertised="PLAINTEXT://127.0.0.1:$(client_port "$n")"
  protomap="CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
  if [[ "$SASL" == 1 ]]; then
    listeners+=",SASL_SSL://127.0.0.1:$(sasl_port "$n")"
    advertised+=",SASL_SSL://127.0.0.1:$(sasl_port "$n")"
    protomap+=",SASL_SSL:SASL_SSL"
  fi
  mkdir -p "$dir/data"
  cat >"$dir/server.properties.tmp" <<EOF
# generated by scripts/kafka.sh (regenerated on every start; edit the script instead)
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$(voters)
listeners=$listeners
advertised.listeners=$advertised
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=$protomap
log.dirs=$dir/data
num.partitions=1
default.replication.factor=1
auto.create.topics.enable=false
offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$min_isr
group.initial.rebalance.delay.ms=0
# must be > 1 MiB per cleaner thread (KafkaConfig rejects exactly 1048576)
log.cleaner.dedupe.buffer.size=2097152
EOF
  if [[ "$SASL" == 1 ]]; then
    cat >>"$dir/server.properties.tmp" <<EOF
# SASL_SSL listener, SCRAM-SHA-512 (user created at format time with --add-scram)
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$SSL_DIR/broker.p12
ssl.keystore.password=$SSL_PASSWORD
ssl.key.password=$SSL_PASSWORD
ssl.truststore.type=PKCS12
ssl.truststore.location=$SSL_DIR/truststore.p12
ssl.truststore.password=$SSL_PASSWORD
ssl.client.auth=none
EOF
  fi
  if [[ "$ACL" == 1 ]]; then
    cat >>"$dir/server.properties.tmp" <<EOF
# access control (SPM_KAFKA_ACL=1): nothing is allowed without an ACL, except to super users.
# ANONYMOUS is every PLAINTEXT connection's principal, the controller listener's included
# (without it the quorum never forms), so PLAINTEXT stays the admin path.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:ANONYMOUS;User:$SASL_USER
EOF
  fi
  mv "$dir/server.properties.tmp" "$dir/server.properties"
}

ensure_ssl() {
  [[ -f "$SSL_DIR/broker.p12" && -f "$SSL_DIR/truststore.p12" && -f "$SSL_DIR/ca.pem" ]] && return 0
  command -v keytool >/dev/null 2>&1 || die "keytool (from the JDK) is needed for SPM_KAFKA_SASL=1"
  log "creating self-signed CA and broker keystore in $SSL_DIR"
  rm -rf "$SSL_DIR"
  mkdir -p "$SSL_DIR"
  local pw=$SSL_PASSWORD kt=(keytool -noprompt -storetype PKCS12 -storepass "$SSL_PASSWORD")
  (
    cd "$SSL_DIR"
    "${kt[@]}" -genkeypair -alias ca -keyalg RSA -keysize 2048 -validity 3650 \
      -dname "CN=spm-kafka-dev-ca" -ext bc:c -keystore ca.p12 -keypass "$pw"
    "${kt[@]}" -exportcert -rfc -alias ca -keystore ca.p12 -file ca.pem
    "${kt[@]}" -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 3650 \
      -dname "CN=localhost" -keystore broker.p12 -keypass "$pw"
    "${kt[@]}" -certreq -alias broker -keystore broker.p12 -file broker.csr
    "${kt[@]}" -gencert -rfc -alias ca -keystore ca.p12 -infile broker.csr -outfile broker.pem -validity 3650 \
      -ext SAN=dns:localhost,ip:127.0.0.1 -ext KU=digitalSignature,keyEncipherment -ext EKU=serverAuth
    "${kt[@]}" -importcert -alias ca -keystore broker.p12 -file ca.pem
    "${kt[@]}" -importcert -alias broker -keystore broker.p12 -file broker.pem
    "${kt[@]}" -importcert -alias ca -keystore truststore.p12 -file ca.pem
    rm -f broker.csr
  ) >"$STATE/keytool.log" 2>&1 || { cat "$STATE/keytool.log" >&2; die "keytool failed"; }
}

write_client_configs() {
  # For Java tools: scripts/kafka.sh run-class ... --command-config $STATE/client-sasl.properties
  [[ "$SASL" == 1 ]] || { rm -f "$STATE/client-sasl.properties"; return 0; }
  cat >"$STATE/client-sasl.properties" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$SASL_USER" password="$SASL_PASSWORD";
ssl.truststore.type=PKCS12
ssl.truststore.location=$SSL_DIR/truststore.p12
ssl.truststore.password=$SSL_PASSWORD
# librdkafka equivalents: ssl.ca.location=$SSL_DIR/ca.pem
EOF
}

cluster_id() {
  if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
    local id
    id=$(run_tool kafka.tools.StorageTool random-uuid | tail -n 1 | tr -d '[:space:]')
    [[ -n "$id" ]] || die "StorageTool random-uuid returned nothing"
    echo "$id" >"$CLUSTER_ID_FILE"
  fi
  cat "$CLUSTER_ID_FILE"
}

# The data dirs remember how they were formatted (node count, SASL users);
# refuse to start them with a different layout.
check_layout() {
  local formatted=0 n
  for n in "$STATE"/node*/data/meta.properties; do [[ -f "$n" ]] && formatted=1; done
  ((formatted)) || return 0
  local old_nodes=${SAVED[nodes]:-$NODES} old_sasl=${SAVED[sasl]:-$SASL}
  if [[ "$old_nodes" != "$NODES" || "$old_sasl" != "$SASL" ]]; then
    die "$STATE holds a cluster formatted with nodes=$old_nodes sasl=$old_sasl; asked for nodes=$NODES sasl=$SASL. Run 'scripts/kafka.sh reset' first."
  fi
  if [[ "$SASL" == 1 && -n "${SAVED[sasl_password]:-}" && "${SAVED[sasl_password]}" != "$SASL_PASSWORD" ]]; then
    die "SCRAM credentials are written at format time; to change the password run 'scripts/kafka.sh reset' first."
  fi
}

format_node() { # NODE
  local n=$1 dir args cid
  dir=$(node_dir "$n")
  [[ -f "$dir/data/meta.properties" ]] && return 0
  cid=$(cluster_id)
  args=(format -t "$cid" -c "$dir/server.properties" --ignore-formatted)
  # static controller.quorum.voters => no --standalone / --initial-controllers
  if [[ "$SASL" == 1 ]]; then
    [[ "$SASL_USER$SASL_PASSWORD" != *[\",\]\[]* ]] || die "SASL user/password must not contain quotes, commas or brackets"
    args+=(--add-scram "SCRAM-SHA-512=[name=$SASL_USER,password=\"$SASL_PASSWORD\"]")
  fi
  if ! run_tool kafka.tools.StorageTool "${args[@]}" >"$dir/format.log" 2>&1; then
    cat "$dir/format.log" >&2
    die "formatting node $n failed"
  fi
}

# ------------------------------------------------------------------ process ---
node_pid() { # NODE -> prints pid if that node's JVM is alive
  local f pid cmd
  f=$(pid_file "$1")
  [[ -f "$f" ]] || return 1
  pid=$(cat "$f" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # guard against pid reuse: must be our kafka.Kafka with this node's config
  if [[ -r "/proc/$pid/cmdline" ]]; then
    cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  else
    cmd=$(ps -p "$pid" -o args= 2>/dev/null || true)
  fi
  [[ "$cmd" == *kafka.Kafka*"$(node_dir "$1")/server.properties"* ]] || return 1
  echo "$pid"
}

port_open() { # PORT
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

node_up() { node_pid "$1" >/dev/null && port_open "$(client_port "$1")"; }

launch_node() { # NODE (config written and formatted; does not wait)
  local n=$1 dir
  dir=$(node_dir "$n")
  if node_pid "$n" >/dev/null; then return 0; fi
  rm -f "$(pid_file "$n")"
  local heap=() opts=()
  read -r -a heap <<<"$HEAP"
  read -r -a opts <<<"${SPM_KAFKA_JAVA_OPTS:-}"
  local jvm=(
    "$JAVA" -server "${heap[@]}"
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true
    -Dkafka.logs.dir="$dir"
    -Dlog4j2.configurationFile="$STATE/log4j2.xml"
    "${opts[@]}"
    -cp "$CP" kafka.Kafka "$dir/server.properties"
  )
  local launcher=(nohup)
  command -v setsid >/dev/null 2>&1 && launcher=(setsid nohup)
  # shellcheck disable=SC2016 # $$/$0/$@ belong to the inner bash
  # bash -c writes its own pid, then execs the JVM => the pid file holds the JVM pid
  # even if setsid has to fork. stdout.log only catches JVM-level output (crashes).
  "${launcher[@]}" bash -c 'echo $$ >"$0"; exec "$@"' "$(pid_file "$n")" "${jvm[@]}" \
    </dev/null >"$dir/stdout.log" 2>&1 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do [[ -s "$(pid_file "$n")" ]] && break; sleep 0.1; done
}

show_failure() { # NODE
  local dir
  dir=$(node_dir "$1")
  echo "---- last 40 lines of $dir/server.log ----" >&2
  tail -n 40 "$dir/server.log" >&2 2>/dev/null || echo "(no server.log)" >&2
  if grep -qE '\] (ERROR|FATAL) ' "$dir/server.log" 2>/dev/null; then
    echo "---- last ERROR/FATAL lines of $dir/server.log ----" >&2
    grep -E '\] (ERROR|FATAL) ' "$dir/server.log" | tail -n 8 | cut -c1-400 >&2
  fi
  if [[ -s "$dir/stdout.log" ]]; then
    echo "---- $dir/stdout.log ----" >&2
    tail -n 20 "$dir/stdout.log" >&2
  fi
}

wait_nodes() { # T0_MS NODE... : wait until every node's client port is open
  local t0=$1; shift
  local deadline=$(($(now_ms) + START_TIMEOUT * 1000)) n pending
  while :; do
    pending=()
    for n in "$@"; do
      if ! node_pid "$n" >/dev/null; then
        err "node $n exited during startup"
        show_failure "$n"
        stop_nodes "$@" >/dev/null 2>&1 || true
        exit 1
      fi
      port_open "$(client_port "$n")" || pending+=("$n")
    done
    ((${#pending[@]} == 0)) && return 0
    if (($(now_ms) > deadline)); then
      err "node(s) ${pending[*]} not accepting connections after ${START_TIMEOUT}s"
      for n in "${pending[@]}"; do show_failure "$n"; done
      stop_nodes "$@" >/dev/null 2>&1 || true
      exit 1
    fi
    sleep 0.2
  done
}

pid_alive() { # PID (a zombie counts as dead)
  kill -0 "$1" 2>/dev/null || return 1
  if [[ -r "/proc/$1/stat" ]]; then
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ "${stat:0:1}" != Z ]] || return 1
  fi
}

# SIGTERM all targets at once, wait up to STOP_TIMEOUT, then SIGKILL.
# Multi-node pitfall: a combined node's graceful shutdown starts with a
# *controlled* shutdown that the active controller must commit to the metadata
# log. Once fewer than a majority of the voters are alive that can never
# happen and Kafka waits up to 5 minutes, so nodes left without quorum are
# killed after a short grace (SPM_KAFKA_QUORUM_LOSS_GRACE, default 5 s).
stop_nodes() { # NODE...
  local n pid pids=() nodes=()
  for n in "$@"; do
    if pid=$(node_pid "$n"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); nodes+=("$n")
    else
      rm -f "$(pid_file "$n")"
    fi
  done
  ((${#pids[@]})) || { log "not running"; return 0; }
  local t0 deadline alive i m voters_alive majority=$((NODES / 2 + 1)) lost_since=0 reason=""
  local grace=$((${SPM_KAFKA_QUORUM_LOSS_GRACE:-5} * 1000))
  t0=$(now_ms)
  deadline=$((t0 + STOP_TIMEOUT * 1000))
  while :; do
    alive=0
    for pid in "${pids[@]}"; do pid_alive "$pid" && alive=1; done
    ((alive)) || break
    if ((NODES > 1)); then
      voters_alive=0
      for ((m = 1; m <= NODES; m++)); do node_pid "$m" >/dev/null && voters_alive=$((voters_alive + 1)); done
      if ((voters_alive < majority)); then
        ((lost_since)) || lost_since=$(now_ms)
        if (($(now_ms) - lost_since > grace)); then
          reason="controller quorum lost ($voters_alive of $NODES voters alive)"
        fi
      fi
    fi
    (($(now_ms) > deadline)) && reason="SIGTERM ignored for ${STOP_TIMEOUT}s"
    if [[ -n "$reason" ]]; then
      for ((i = 0; i < ${#pids[@]}; i++)); do
        if pid_alive "${pids[$i]}"; then
          log "node ${nodes[$i]} (pid ${pids[$i]}): $reason; sending SIGKILL"
          kill -KILL "${pids[$i]}" 2>/dev/null || true
        fi
      done
      for ((i = 0; i < 25; i++)); do
        alive=0
        for pid in "${pids[@]}"; do pid_alive "$pid" && alive=1; done
        ((alive)) || break
        sleep 0.2
      done
      break
    fi
    sleep 0.2
  done
  for n in "${nodes[@]}"; do rm -f "$(pid_file "$n")"; done
  log "stopped node(s) ${nodes[*]} ($(elapsed "$t0"))"
}

all_nodes() { local i; for ((i = 1; i <= NODES; i++)); do echo "$i"; done; }

# ------------------------------------------------------------------ commands ---
cmd_start() { # [NODE...] (default: all)
  local targets=("$@") n t0 to_start=() waiting=()
  ((${#targets[@]})) || mapfile -t targets < <(all_nodes)
  take_lock
  check_layout
  install_jars
  t0=$(now_ms)
  for n in "${targets[@]}"; do
    if node_up "$n"; then continue; fi
    if node_pid "$n" >/dev/null; then waiting+=("$n"); else to_start+=("$n"); fi
  done
  if ((${#to_start[@]} == 0 && ${#waiting[@]} == 0)); then
    log "already running ($(bootstrap_servers))"
    return 0
  fi
  save_settings
  write_log4j_configs
  [[ "$SASL" == 1 ]] && ensure_ssl
  write_client_configs
  if ((NODES > 1)); then
    local m up=0
    for ((m = 1; m <= NODES; m++)); do
      if node_pid "$m" >/dev/null || [[ " ${to_start[*]} " == *" $m "* ]]; then up=$((up + 1)); fi
    done
    if ((up < NODES / 2 + 1)); then
      log "warning: only $up of $NODES controller voters will run; a node cannot become ready without a majority (Kafka gives up registering after 60 s)"
    fi
  fi
  local p
  for n in "${to_start[@]}"; do
    for p in "$(client_port "$n")" "$(controller_port "$n")" $([[ "$SASL" == 1 ]] && sasl_port "$n"); do
      if port_open "$p"; then
        die "port $p (node $n) is already in use by another process; stop it or set SPM_KAFKA_PORT / SPM_KAFKA_CONTROLLER_PORT"
      fi
    done
  done
  # write configs and format first, so format JVMs don't compete with starting brokers
  for n in "${to_start[@]}"; do write_server_properties "$n"; format_node "$n"; done
  for n in "${to_start[@]}"; do launch_node "$n"; done
  wait_nodes "$t0" "${to_start[@]}" "${waiting[@]}"
  local desc=""
  for n in "${to_start[@]}" "${waiting[@]}"; do
    desc+="${desc:+, }node $n pid $(node_pid "$n") 127.0.0.1:$(client_port "$n")"
    [[ "$SASL" == 1 ]] && desc+=" (SASL_SSL :$(sasl_port "$n"))"
  done
  log "started $desc in $(elapsed "$t0")"
}

cmd_stop() { # [NODE...]
  local targets=("$@") d
  if ((${#targets[@]} == 0)); then # every node dir that exists, whatever NODES says
    for d in "$STATE"/node*; do [[ -d "$d" ]] && targets+=("${d##*/node}"); done
  fi
  ((${#targets[@]})) || { log "not running"; return 0; }
  take_lock
  stop_nodes "${targets[@]}"
}

cmd_status() {
  local n pid ok=0 line
  for n in $(all_nodes); do
    if pid=$(node_pid "$n"); then
      if port_open "$(client_port "$n")"; then
        line="running (pid $pid) on 127.0.0.1:$(client_port "$n")"
        [[ "$SASL" == 1 ]] && line+=", SASL_SSL 127.0.0.1:$(sasl_port "$n")"
      else
        line="starting (pid $pid), port $(client_port "$n") not open yet"; ok=1
      fi
    else
      line="stopped"; ok=1
    fi
    log "node $n: $line"
  done
  return $ok
}

cmd_reset() {
  cmd_stop
  take_lock
  local d
  for d in "$STATE"/node* "$SSL_DIR" "$CLUSTER_ID_FILE" "$CONF" "$STATE/client-sasl.properties"; do
    [[ -e "$d" ]] && rm -rf "$d"
  done
  log "reset: data, logs and configs deleted (jars kept in $LIBS)"
}

cmd_logs() {
  local n=${1:-1} f
  check_node_arg "$n"
  f="$(node_dir "$n")/server.log"
  [[ -f "$f" ]] || die "no log yet: $f"
  if [[ -t 1 ]]; then exec tail -n 100 -F "$f"; else tail -n "${SPM_KAFKA_LOG_LINES:-200}" "$f"; fi
}

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

main() {
  local cmd=${1:-help}
  (($#)) && shift
  resolve_settings
  case "$cmd" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart) check_layout; cmd_stop; cmd_start ;;
    status) cmd_status ;;
    reset) cmd_reset ;;
    purge) cmd_stop; take_lock; rm -rf "$STATE"; log "deleted $STATE" ;;
    logs) cmd_logs "$@" ;;
    start-node) check_node_arg "${1:-}"; cmd_start "$1" ;;
    stop-node) check_node_arg "${1:-}"; cmd_stop "$1" ;;
    install) take_lock; install_jars; write_log4j_configs ;;
    classpath) install_jars >&2; echo "$CP" ;;
    run-class) install_jars >&2; (($#)) || die "run-class needs a class name"; run_tool "$@" ;;
    topics) install_jars >&2; run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$(bootstrap_servers)" "$@" ;;
    bootstrap) bootstrap_servers ;;
    help | -h | --help) usage ;;
    *) err "unknown command '$cmd'"; usage >&2; exit 2 ;;
  esac
}

main "$@"
