#!/usr/bin/env bash
# Runs the same bounded workloads against Hexalog (memory, and RocksDB when the built jar has it) and a real
# Apache Kafka broker in KRaft combined mode, alternating between them for several rounds, and prints medians
# and Hexalog/Kafka ratios. Everything listens on 127.0.0.1 and every run stops by itself.
#
#   benchmarks/compare-with-kafka.sh            # default: 3 rounds, well under 15 minutes
#   benchmarks/compare-with-kafka.sh --quick    # 1 round of smaller workloads, a few minutes
#   benchmarks/compare-with-kafka.sh --cluster  # three nodes each: Hexalog on RocksDB against Kafka, replication
#                                               # factor 3, throughput, latency at 2,000/s, a killed leader's failover
#
# Options: --rounds N, --skip-build, --work-dir DIR (default: $TMPDIR/hexalog-compare; the Kafka broker's jars
# are kept there between runs), --targets "memory rocksdb kafka" (--cluster: "rocksdb kafka"), --workloads "NAME..."
# (only those of the table below, by name), --consume-passes N (times each topic is read again, default 3; the CPU
# per GB consumed of the 100-byte workloads wants 20 or more), --failover-signal KILL|TERM (--cluster: how the
# failover run stops the leader, default KILL, kill -9; TERM is a stop that each broker takes as a controlled shutdown,
# handing its leaderships over first), --warm-passes N (each unbounded workload run N times on every broker or cluster
# before its measured runs, unrecorded, each on a topic of its own: the figures of brokers whose JIT has settled,
# default 0, fresh brokers). MAVEN_ARGS is passed to Maven (e.g. -o); CLUSTER_HEAP sets the heap of each of
# the six cluster nodes (default -Xms512m -Xmx512m); HEXALOG_JAVA_OPTS and KAFKA_JAVA_OPTS add JVM options to every
# Hexalog and every Kafka broker the script starts (default none beyond those above), e.g. a compiler setting tried
# on both.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS=3
QUICK=false
BUILD=true
WORK_DIR="${TMPDIR:-/tmp}/hexalog-compare"
TARGETS=""
CLUSTER=false
ONLY=""
CONSUME_PASSES=3
FAILOVER_SIGNAL=KILL
WARM_PASSES=0

while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) QUICK=true; ROUNDS=1 ;;
        --rounds) ROUNDS="$2"; shift ;;
        --skip-build) BUILD=false ;;
        --work-dir) WORK_DIR="$2"; shift ;;
        --targets) TARGETS="$2"; shift ;;
        --cluster) CLUSTER=true ;;
        --workloads) ONLY="$2"; shift ;;
        --consume-passes) CONSUME_PASSES="$2"; shift ;;
        --warm-passes) WARM_PASSES="$2"; shift ;;
        --failover-signal)
            FAILOVER_SIGNAL="$2"
            [[ "$FAILOVER_SIGNAL" == KILL || "$FAILOVER_SIGNAL" == TERM ]] \
                || { echo "--failover-signal takes KILL or TERM, not $FAILOVER_SIGNAL" >&2; exit 2; }
            shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done

if [[ -z "$TARGETS" ]]; then
    if $CLUSTER; then TARGETS="rocksdb kafka"; else TARGETS="memory rocksdb kafka"; fi
fi

KAFKA_VERSION="$(sed -n 's:.*<kafka.broker.version>\(.*\)</kafka.broker.version>.*:\1:p' "$ROOT/benchmarks/kafka-broker/pom.xml")"
KAFKA_LIBS="$WORK_DIR/kafka-$KAFKA_VERSION/libs"
HEXALOG_JAR="$ROOT/bootstrap/target/hexalog.jar"
# Linux counts a process's CPU time in clock ticks (/proc/<pid>/stat); normally 100 per second.
CLOCK_TICKS="$(getconf CLK_TCK)"
# The class-data archive the build records next to the jar; the README starts the broker with it. A cluster's
# nodes start with the archive recorded from a cluster node's start, which holds Ratis too.
HEXALOG_CDS="$ROOT/bootstrap/target/hexalog.jsa"
HEXALOG_CLUSTER_CDS="$ROOT/bootstrap/target/hexalog-cluster.jsa"
TOOLS_JAR="$ROOT/benchmarks/target/benchmarks.jar"
RUN_DIR="$WORK_DIR/run-$(date +%Y%m%d-%H%M%S)"
RESULTS="$RUN_DIR/results.tsv"
mkdir -p "$RUN_DIR"

# Workloads: name, record size, partitions, acks, idempotence, rate (0 = unbounded), records.
if $QUICK; then SMALL=100000; LARGE=30000; RATED=10000; else SMALL=300000; LARGE=100000; RATED=25000; fi
WORKLOADS=(
    "100B-p1-acks1      100  1 1   false 0    $SMALL"
    "100B-p6-acks1      100  6 1   false 0    $SMALL"
    "100B-p1-all-idem   100  1 all true  0    $SMALL"
    "100B-p6-all-idem   100  6 all true  0    $SMALL"
    "1KB-p1-acks1       1024 1 1   false 0    $LARGE"
    "1KB-p6-acks1       1024 6 1   false 0    $LARGE"
    "1KB-p1-all-idem    1024 1 all true  0    $LARGE"
    "1KB-p6-all-idem    1024 6 all true  0    $LARGE"
    "1KB-p1-all-5000/s  1024 1 all true  5000 $RATED"
)
# Three-node mode: replication factor 3, acks=all and idempotent only (what a replicated cluster is for), the
# latency at 2,000 records/s, then a failover run (FailoverRun) that kills the leader of partition 0 with kill -9
# (or stops it with SIGTERM, --failover-signal TERM) while producing at 2,000 records/s and reads every acknowledged
# record back.
if $QUICK; then CSMALL=100000; CLARGE=30000; CRATED=10000; FAILOVER_SECONDS=25; else
    CSMALL=300000; CLARGE=100000; CRATED=20000; FAILOVER_SECONDS=30; fi
CLUSTER_WORKLOADS=(
    "100B-p6-all-idem   100  6 all true  0    $CSMALL"
    "1KB-p6-all-idem    1024 6 all true  0    $CLARGE"
    "1KB-p6-all-2000/s  1024 6 all true  2000 $CRATED"
)
CLUSTER_HEAP="${CLUSTER_HEAP:--Xms512m -Xmx512m}"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Every process this script starts is stopped by its PID, also when the script is interrupted or fails.
LIVE_PIDS=" "
started() { LIVE_PIDS="$LIVE_PIDS$1 "; }
stopped() { LIVE_PIDS="${LIVE_PIDS/ $1 / }"; }
stop_pid() {
    kill "$1" 2>/dev/null || true
    for _ in $(seq 1 300); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    stopped "$1"
}
cleanup() {
    local pid
    for pid in $LIVE_PIDS; do kill -9 "$pid" 2>/dev/null || true; done
    for pid in $LIVE_PIDS; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build() {
    log "building the broker and the load tools"
    (cd "$ROOT" && ./mvnw -q -B ${MAVEN_ARGS:-} package -DskipTests -pl bootstrap,benchmarks -am)
}

fetch_kafka() {
    if [[ -f "$KAFKA_LIBS/kafka_2.13-$KAFKA_VERSION.jar" ]]; then
        return
    fi
    log "fetching Apache Kafka $KAFKA_VERSION from Maven Central into $KAFKA_LIBS"
    (cd "$ROOT" && ./mvnw -q -B ${MAVEN_ARGS:-} -f benchmarks/kafka-broker/pom.xml dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS")
}

free_port() {
    local port
    for port in $(seq "$1" $(($1 + 500))); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "no free port from $1" >&2
    exit 1
}

rss_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# Starts a target; sets PID, PORT and STARTUP_MS, or returns 1 if it does not come up.
start_target() {
    local target="$1" dir="$RUN_DIR/$1-round$2" t0 ready armed
    mkdir -p "$dir"
    PORT="$(free_port 19092)"
    # The probe starts first and says when it is ready, so that its own JVM start-up is not counted.
    coproc PROBE { java -cp "$TOOLS_JAR" io.hexalog.benchmarks.load.StartupProbe --port "$PORT" --pid-from-stdin \
        --timeout-seconds 60; }
    local probe_pid=$PROBE_PID probe_out=${PROBE[0]} probe_in=${PROBE[1]}
    if ! read -r armed <&"$probe_out" || [[ "$armed" != ARMED ]]; then
        log "the start-up probe did not get ready"
        return 1
    fi
    case "$target" in
        memory|rocksdb)
            # The admin HTTP API stays on, as by default, on a free port.
            local args=(--storage="$target" --host 127.0.0.1 --port "$PORT" --http-port 0 --log-level WARN)
            [[ "$target" == rocksdb ]] && args+=(--data-dir "$dir/data")
            t0=$(date +%s%3N)
            java -XX:SharedArchiveFile="$HEXALOG_CDS" ${HEXALOG_JAVA_OPTS:-} -jar "$HEXALOG_JAR" "${args[@]}" >"$dir/broker.log" 2>&1 &
            PID=$!
            started "$PID"
            ;;
        kafka)
            local controller_port
            controller_port="$(free_port $((PORT + 1)))"
            cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/logs
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
EOF
            local cluster_id
            cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
            java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format --cluster-id="$cluster_id" \
                -c "$dir/server.properties" >"$dir/format.log" 2>&1 || { log "formatting Kafka failed: $dir/format.log"; return 1; }
            # The heap and GC settings of Kafka's own start script (kafka-server-start.sh, kafka-run-class.sh).
            t0=$(date +%s%3N)
            java -Xmx1G -Xms1G -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
                -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
                ${KAFKA_JAVA_OPTS:-} -cp "$KAFKA_LIBS/*" kafka.Kafka "$dir/server.properties" >"$dir/broker.log" 2>&1 &
            PID=$!
            started "$PID"
            ;;
    esac
    echo "$PID" >&"$probe_in"
    read -r ready <&"$probe_out" || ready=""
    wait "$probe_pid" 2>/dev/null || true
    if [[ "$ready" != "READY epoch_ms="* ]]; then
        stop_target
        return 1
    fi
    STARTUP_MS=$(( ${ready#READY epoch_ms=} - t0 ))
}

stop_target() { stop_pid "$PID"; }

record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$RESULTS"; }

run_round() {
    local target="$1" round="$2" line name size partitions acks idem rate records out
    if ! start_target "$target" "$round"; then
        if [[ "$target" == rocksdb ]] && grep -q "not available" "$RUN_DIR/$target-round$round/broker.log"; then
            log "skipping rocksdb: --storage=rocksdb is not available in the built jar"
        else
            log "$target did not start; see $RUN_DIR/$target-round$round/broker.log"
        fi
        SKIPPED="$SKIPPED $target"
        return
    fi
    log "round $round: $target up in ${STARTUP_MS} ms (pid $PID, port $PORT)"
    sleep 2
    record "$target" "$round" broker startup_ms "$STARTUP_MS"
    record "$target" "$round" broker idle_rss_mb "$(( $(rss_kb "$PID" VmRSS) / 1024 ))"
    warm_up "$target" "127.0.0.1:$PORT" "${WORKLOADS[@]}"
    # The load tool reads the broker's CPU time (/proc/<pid>/stat) around each measured phase.
    LOAD_ARGS="--broker-pid $PID --clock-ticks $CLOCK_TICKS" run_workloads "$target" "$round" "127.0.0.1:$PORT" \
        "$RUN_DIR/$target-round$round/load.log" "${WORKLOADS[@]}"
    record "$target" "$round" broker peak_rss_mb "$(( $(rss_kb "$PID" VmHWM) / 1024 ))"
    stop_target
}

# Runs the load tool once against SERVERS on a workload of the tables above and prints what it printed; LOAD_ARGS
# and the flags given after the workload are added to its flags.
load_tool() {
    local servers="$1" line="$2" name size partitions acks idem rate records
    shift 2
    read -r name size partitions acks idem rate records <<<"$line"
    timeout 300 java -cp "$TOOLS_JAR" io.hexalog.benchmarks.load.LoadTool --bootstrap-servers "$servers" \
        --records "$records" --record-size "$size" --partitions "$partitions" --acks "$acks" --idempotence "$idem" \
        --rate "$rate" --timeout-seconds 240 ${LOAD_ARGS:-} "$@" 2>>"$RUN_DIR/load-errors.log"
}

# Runs each unbounded workload given WARM_PASSES times against SERVERS, recording nothing: the JIT of the brokers
# settles before the measured runs. LOAD_ARGS are added to the load tool's flags.
warm_up() {
    local target="$1" servers="$2" line name rate pass out
    shift 2
    for pass in $(seq 1 "$WARM_PASSES"); do
        for line in "$@"; do
            read -r name _ _ _ _ rate _ <<<"$line"
            if [[ "$rate" != 0 || ( -n "$ONLY" && " $ONLY " != *" $name "* ) ]]; then
                continue
            fi
            out="$(load_tool "$servers" "$line" --consume-passes 1)" \
                || { log "  warm-up $name failed on $target"; continue; }
            log "  warm-up $pass, $name: $(grep '^RESULT ' <<<"$out" | tr ' ' '\n' | grep '^produce_rps=' || true)"
        done
    done
}

# Runs each workload given with the load tool against SERVERS; LOAD_ARGS are added to its flags.
run_workloads() {
    local target="$1" round="$2" servers="$3" load_log="$4" line name size partitions acks idem rate records out
    shift 4
    for line in "$@"; do
        read -r name size partitions acks idem rate records <<<"$line"
        if [[ -n "$ONLY" && " $ONLY " != *" $name "* ]]; then
            continue
        fi
        if ! out="$(load_tool "$servers" "$line" --warmup-records $((records / 5)) \
                --consume-passes "$CONSUME_PASSES")"; then
            log "  $name failed on $target (see $RUN_DIR/load-errors.log)"
            continue
        fi
        printf '%s\n' "$out" >>"$load_log"
        local result
        result="$(grep '^RESULT ' <<<"$out")"
        log "  $name: ${result#RESULT }"
        for pair in ${result#RESULT }; do
            record "$target" "$round" "$name" "${pair%%=*}" "${pair#*=}"
        done
    done
}

# Starts three nodes of a target (rocksdb or memory: Hexalog; kafka: Kafka in KRaft, each node broker and
# controller) on free ports; sets NODE_PIDS[1..3], NODE_PORTS[1..3] and SERVERS, or returns 1.
start_cluster() {
    local target="$1" dir="$RUN_DIR/$1-cluster-round$2" node next=19092 voters="" quorum_ports=() cluster_id
    mkdir -p "$dir"
    NODE_PIDS=(); NODE_PORTS=(); SERVERS=""
    for node in 1 2 3; do
        NODE_PORTS[node]="$(free_port "$next")"
        quorum_ports[node]="$(free_port $((NODE_PORTS[node] + 1)))"
        next=$((quorum_ports[node] + 1))
        voters="$voters${voters:+,}$node@127.0.0.1:${quorum_ports[node]}"
        SERVERS="$SERVERS${SERVERS:+,}127.0.0.1:${NODE_PORTS[node]}"
    done
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    for node in 1 2 3; do
        case "$target" in
            memory|rocksdb)
                java -XX:SharedArchiveFile="$HEXALOG_CLUSTER_CDS" $CLUSTER_HEAP ${HEXALOG_JAVA_OPTS:-} -jar "$HEXALOG_JAR" \
                    --node-id "$node" --storage="$target" --host 127.0.0.1 --port "${NODE_PORTS[node]}" \
                    --http-port 0 --data-dir "$dir/node$node" --quorum-voters "$voters" \
                    >"$dir/node$node.log" 2>&1 &
                NODE_PIDS[node]=$!
                started "${NODE_PIDS[node]}"
                ;;
            kafka)
                mkdir -p "$dir/node$node"
                cat >"$dir/node$node/server.properties" <<EOF
process.roles=broker,controller
node.id=$node
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:${NODE_PORTS[node]},CONTROLLER://127.0.0.1:${quorum_ports[node]}
advertised.listeners=PLAINTEXT://127.0.0.1:${NODE_PORTS[node]}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/node$node/logs
num.partitions=1
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
EOF
                java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format --cluster-id="$cluster_id" \
                    -c "$dir/node$node/server.properties" >"$dir/node$node/format.log" 2>&1 \
                    || { log "formatting Kafka node $node failed: $dir/node$node/format.log"; stop_cluster; return 1; }
                # Kafka's own start script's GC settings, with the smaller heap six JVMs on one machine need.
                java $CLUSTER_HEAP -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
                    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
                    ${KAFKA_JAVA_OPTS:-} -cp "$KAFKA_LIBS/*" kafka.Kafka "$dir/node$node/server.properties" \
                    >"$dir/node$node.log" 2>&1 &
                NODE_PIDS[node]=$!
                started "${NODE_PIDS[node]}"
                ;;
        esac
    done
    # Ready when every node's Metadata lists all three brokers.
    for node in 1 2 3; do
        if ! java -cp "$TOOLS_JAR" io.hexalog.benchmarks.load.StartupProbe --port "${NODE_PORTS[node]}" --brokers 3 \
                --pid "${NODE_PIDS[node]}" --timeout-seconds 120 >/dev/null 2>>"$dir/probe.log"; then
            log "node $node of $target did not come up; see $dir/node$node.log"
            stop_cluster
            return 1
        fi
    done
}

stop_cluster() {
    local node
    for node in "${!NODE_PIDS[@]}"; do stop_pid "${NODE_PIDS[node]}"; done
}

cluster_rss_mb() {
    local node total=0
    for node in "${!NODE_PIDS[@]}"; do total=$((total + $(rss_kb "${NODE_PIDS[node]}" "$1"))); done
    echo $((total / 1024))
}

# Where a Hexalog failover's time went, from its nodes' logs: how long after the kill (epoch ms) the first shard
# group got a new leader, and when the last new leader of the 20 s after it was ready (it had applied its
# predecessor's entries); acknowledgements resume once clients have found it.
failover_phases() {
    local dir="$1" killed_at="$2" line stamp ms elected="" ready=""
    while IFS= read -r line; do
        stamp="${line%% *}"
        ms=$(date -u -d "$stamp" +%s%3N 2>/dev/null) || continue
        (( ms >= killed_at && ms <= killed_at + 20000 )) || continue
        case "$line" in
            *"group is now led by"*) elected=${elected:-$((ms - killed_at))} ;;
            *"group, ready, in term"*) ready=$((ms - killed_at)) ;;
        esac
    done < <(grep -hE 'The shard-[0-9]+ group is now led by|This node leads the shard-[0-9]+ group, ready' \
        "$dir"/node*.log 2>/dev/null | sort)
    [[ -n "$ready" ]] && echo "elected_ms=${elected:-?} ready_ms=$ready"
}

# Produces at 2,000 records/s while the leader of partition 0 is killed with kill -9 (or sent $FAILOVER_SIGNAL), by
# the PID this script started; records how long acknowledgements stopped and whether every acknowledged record was
# read back.
run_failover() {
    local target="$1" round="$2" dir="$RUN_DIR/$1-cluster-round$2" tool_pid kill_fd leader="" killed_at result
    mkfifo "$dir/kill.fifo"
    timeout 300 java -cp "$TOOLS_JAR" io.hexalog.benchmarks.failover.FailoverRun --bootstrap-servers "$SERVERS" \
        --partitions 6 --replication-factor 3 --record-size 1024 --rate 2000 --seconds "$FAILOVER_SECONDS" \
        --kill-after-seconds 8 --timeout-seconds 240 <"$dir/kill.fifo" >"$dir/failover.log" 2>>"$RUN_DIR/load-errors.log" &
    tool_pid=$!
    started "$tool_pid"
    exec {kill_fd}>"$dir/kill.fifo"
    while kill -0 "$tool_pid" 2>/dev/null; do
        leader="$(sed -n 's/^LEADER node=\([0-9]*\).*/\1/p' "$dir/failover.log")"
        [[ -n "$leader" ]] && break
        sleep 0.05
    done
    if [[ -n "$leader" && -n "${NODE_PIDS[leader]:-}" ]]; then
        killed_at=$(date +%s%3N)
        kill -"$FAILOVER_SIGNAL" "${NODE_PIDS[leader]}"
        echo "KILLED epoch_ms=$killed_at" >&"$kill_fd"
        log "  failover: SIG$FAILOVER_SIGNAL to node $leader (pid ${NODE_PIDS[leader]}), $(sed -n 's/^LEADER //p' "$dir/failover.log")"
        wait "${NODE_PIDS[leader]}" 2>/dev/null || true
        stopped "${NODE_PIDS[leader]}"
        unset 'NODE_PIDS[leader]'
    else
        log "  failover: no leader named on $target (see $dir/failover.log and $RUN_DIR/load-errors.log)"
    fi
    exec {kill_fd}>&-
    wait "$tool_pid" 2>/dev/null || true
    stopped "$tool_pid"
    result="$(grep '^RESULT ' "$dir/failover.log" || true)"
    if [[ -z "$result" ]]; then
        log "  failover failed on $target (see $dir/failover.log and $RUN_DIR/load-errors.log)"
        return
    fi
    log "  failover-2000/s: ${result#RESULT }"
    if [[ "$target" != kafka && -n "${killed_at:-}" ]]; then
        log "  failover phases after the kill: $(failover_phases "$dir" "$killed_at")"
    fi
    for pair in ${result#RESULT }; do
        record "$target" "$round" failover-2000/s "${pair%%=*}" "${pair#*=}"
    done
}

run_cluster_round() {
    local target="$1" round="$2"
    if ! start_cluster "$target" "$round"; then
        SKIPPED="$SKIPPED $target"
        return
    fi
    log "round $round: $target, three nodes up (pids ${NODE_PIDS[*]}, ports ${NODE_PORTS[*]})"
    sleep 2
    record "$target" "$round" cluster idle_rss_mb "$(cluster_rss_mb VmRSS)"
    local pids="${NODE_PIDS[*]}"
    LOAD_ARGS="--replication-factor 3" warm_up "$target" "$SERVERS" "${CLUSTER_WORKLOADS[@]}"
    LOAD_ARGS="--replication-factor 3 --broker-pid ${pids// /,} --clock-ticks $CLOCK_TICKS" run_workloads "$target" "$round" "$SERVERS" \
        "$RUN_DIR/$target-cluster-round$round/load.log" "${CLUSTER_WORKLOADS[@]}"
    record "$target" "$round" cluster peak_rss_mb "$(cluster_rss_mb VmHWM)"
    run_failover "$target" "$round"
    stop_cluster
}

summarise() {
    awk -F'\t' -v targets="$ACTIVE" '
        function median(key,   n, i, j, t, v) {
            n = split(values[key], v, " ")
            for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
            return n == 0 ? "" : (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2)
        }
        function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "-" : sprintf("%.2f", a / b) }
        {
            key = $1 SUBSEP $3 SUBSEP $4
            values[key] = values[key] " " $5
            if (!(($3 SUBSEP $4) in seen)) { seen[$3 SUBSEP $4] = 1; order[++rows] = $3 SUBSEP $4 }
        }
        END {
            n = split(targets, t, " ")
            header = sprintf("%-18s %-29s", "workload", "metric")
            for (i = 1; i <= n; i++) header = header sprintf(" %12s", t[i])
            if (index(targets, "kafka")) for (i = 1; i <= n; i++) if (t[i] != "kafka") header = header sprintf(" %14s", t[i] "/kafka")
            print header
            for (r = 1; r <= rows; r++) {
                split(order[r], wm, SUBSEP)
                if (wm[2] == "errors") continue
                # Unbounded runs measure throughput (their latency is time queued in the producer); rated runs, latency.
                if (wm[1] !~ /^(failover|cluster)/ && (wm[1] ~ /\/s$/ ? wm[2] !~ /_ms$/ : wm[2] ~ /_ms$/ && wm[1] != "broker")) continue
                line = sprintf("%-18s %-29s", wm[1], wm[2])
                for (i = 1; i <= n; i++) { m[i] = median(t[i] SUBSEP order[r]); line = line sprintf(" %12s", m[i] == "" ? "-" : m[i]) }
                if (index(targets, "kafka")) {
                    k = median("kafka" SUBSEP order[r])
                    for (i = 1; i <= n; i++) if (t[i] != "kafka") line = line sprintf(" %14s", ratio(m[i], k))
                }
                print line
            }
        }' "$RESULTS"
}

$BUILD && build
[[ " $TARGETS " == *" kafka "* ]] && fetch_kafka
[[ -f "$TOOLS_JAR" && -f "$HEXALOG_JAR" ]] || { echo "build first (or drop --skip-build)" >&2; exit 1; }

SKIPPED=""
read -r -a TARGET_LIST <<<"$TARGETS"
log "results in $RUN_DIR; machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
    # Rotate the order each round so that no target always runs first or last.
    for i in "${!TARGET_LIST[@]}"; do
        target="${TARGET_LIST[$(( (i + round - 1) % ${#TARGET_LIST[@]} ))]}"
        [[ " $SKIPPED " == *" $target "* ]] && continue
        if $CLUSTER; then run_cluster_round "$target" "$round"; else run_round "$target" "$round"; fi
    done
done

ACTIVE=""
for target in "${TARGET_LIST[@]}"; do
    [[ " $SKIPPED " == *" $target "* ]] || ACTIVE="$ACTIVE $target"
done
{
    echo "Hexalog vs Apache Kafka $KAFKA_VERSION: medians of $ROUNDS round(s)$($QUICK && echo ', quick mode')$($CLUSTER \
        && echo ', three nodes each, replication factor 3 (Kafka: min.insync.replicas=2)')"
    (( WARM_PASSES > 0 )) && echo "each unbounded workload run $WARM_PASSES time(s) first on every broker, unrecorded"
    echo "machine: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
    [[ -n "${HEXALOG_JAVA_OPTS:-}${KAFKA_JAVA_OPTS:-}" ]] \
        && echo "JVM options added: Hexalog '${HEXALOG_JAVA_OPTS:-}', Kafka '${KAFKA_JAVA_OPTS:-}'"
    [[ -n "$SKIPPED" ]] && echo "skipped:$(tr ' ' '\n' <<<"$SKIPPED" | sort -u | tr '\n' ' ')(not available or did not start)"
    echo "rps = records/s, mbps = MB/s (10^6 bytes), latencies in ms; broker_cpu_s_per_gb_*: the broker's (--cluster: the three nodes') user + system CPU seconds per 10^9 bytes produced (with a consumer tailing) or consumed"
    echo "ratios > 1 favour Hexalog for rps/mbps, < 1 for ms, MB and CPU seconds per GB"
    echo
    summarise
    if $CLUSTER; then
        echo
        echo "failover, every round (ms from SIG$FAILOVER_SIGNAL to the leader of partition 0 until its partitions' acknowledgements resumed; lost acknowledged records):"
        awk -F'\t' '$3 == "failover-2000/s" && ($4 == "failover_ms" || $4 == "lost") { v[$1 " round " $2] = v[$1 " round " $2] " " $4 "=" $5 }
            END { for (k in v) print "  " k ":" v[k] }' "$RESULTS" | sort
    fi
} | tee "$RUN_DIR/summary.txt"
