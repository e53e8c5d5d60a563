#!/usr/bin/env bash
# Profiles three Hexalog RocksDB nodes on 127.0.0.1 while the load tool produces to them: the same workload runs
# --warm-passes times to let the JIT settle, then once more while async-profiler samples every node's CPU. Prints
# where the three nodes' CPU went by kind of thread and keeps the samples (collapsed stacks, one line per stack, for
# a flame graph) in the work directory. Every process it starts is stopped by its PID; every load run is bounded.
#
#   benchmarks/profile-cluster.sh [--warm-passes 3] [--record-size 100] [--records 300000] [--rate 0]
#       [--work-dir DIR] [--event cpu|alloc]
#
# --rate N produces N records/s instead of as fast as the nodes take them (0), to see what a low rate costs.
# --event alloc samples where the nodes allocate (one sample per 512 KB of heap allocated) instead of their CPU,
# by the same kinds of thread, the stacks ending in the class allocated.
# The measured pass includes the load tool's consumption of the topic after its produce phase.
# async-profiler (tools.profiler:async-profiler on Maven Central) is fetched into the local Maven repository on the
# first run; Linux x64 or arm64.
# HEXALOG_JAVA_OPTS adds JVM options to every node (e.g. -XX:TieredStopAtLevel=1, to see the nodes' CPU without C2).
# Needs a build: ./mvnw -q install -DskipTests. MAVEN_ARGS is passed to Maven (e.g. -o).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/bootstrap/target/hexalog.jar"
CDS="$ROOT/bootstrap/target/hexalog-cluster.jsa"
TOOLS_JAR="$ROOT/benchmarks/target/benchmarks.jar"
PROFILER_VERSION=4.2
WARM_PASSES=3
RECORD_SIZE=100
RECORDS=300000
RATE=0
WORK_DIR="${TMPDIR:-/tmp}/hexalog-profile-cluster"
EVENT=cpu

while [[ $# -gt 0 ]]; do
    case "$1" in
        --warm-passes) WARM_PASSES="$2"; shift ;;
        --record-size) RECORD_SIZE="$2"; shift ;;
        --records) RECORDS="$2"; shift ;;
        --rate) RATE="$2"; shift ;;
        --work-dir) WORK_DIR="$2"; shift ;;
        --event) EVENT="$2"; shift ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

case "$EVENT" in
    cpu) SAMPLING="event=cpu,interval=1ms"; SAMPLE="samples of 1 ms of CPU" ;;
    alloc) SAMPLING="event=alloc,alloc=512k"; SAMPLE="samples of 512 KB allocated" ;;
    *) echo "--event is cpu or alloc, not $EVENT" >&2; exit 2 ;;
esac

[[ -f "$JAR" && -f "$TOOLS_JAR" ]] || { echo "build first: ./mvnw -q install -DskipTests" >&2; exit 1; }

case "$(uname -m)" in
    x86_64) PLATFORM=linux-x64 ;;
    aarch64) PLATFORM=linux-arm64 ;;
    *) echo "async-profiler has no library for $(uname -m)" >&2; exit 1 ;;
esac
PROFILER_JAR="$HOME/.m2/repository/tools/profiler/async-profiler/$PROFILER_VERSION/async-profiler-$PROFILER_VERSION.jar"
if [[ ! -f "$PROFILER_JAR" ]]; then
    log "fetching async-profiler $PROFILER_VERSION from Maven Central"
    "$ROOT/mvnw" -q ${MAVEN_ARGS:-} dependency:get -Dartifact="tools.profiler:async-profiler:$PROFILER_VERSION" \
        -Dtransitive=false
fi
RUN_DIR="$WORK_DIR/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR/lib"
(cd "$RUN_DIR/lib" && unzip -q -o "$PROFILER_JAR" "$PLATFORM/libasyncProfiler.so")
LIBRARY="$RUN_DIR/lib/$PLATFORM/libasyncProfiler.so"

free_port() {
    local port="$1"
    while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    echo "$port"
}

PIDS=()
stop_nodes() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    PIDS=()
}
trap stop_nodes EXIT

# Each node dumps what it sampled every 5 s into a file named by the time of the dump.
next=29092 voters="" servers=""
declare -a PORTS
for node in 1 2 3; do
    PORTS[node]="$(free_port "$next")"
    quorum="$(free_port $((PORTS[node] + 1)))"
    next=$((quorum + 1))
    voters="$voters${voters:+,}$node@127.0.0.1:$quorum"
    servers="$servers${servers:+,}127.0.0.1:${PORTS[node]}"
done
for node in 1 2 3; do
    java -XX:SharedArchiveFile="$CDS" -Xms512m -Xmx512m ${HEXALOG_JAVA_OPTS:-} \
        -agentpath:"$LIBRARY=start,$SAMPLING,loop=5s,file=$RUN_DIR/node$node-%t.collapsed,collapsed" \
        -jar "$JAR" --node-id "$node" --storage=rocksdb --host 127.0.0.1 --port "${PORTS[node]}" --http-port 0 \
        --data-dir "$RUN_DIR/node$node" --quorum-voters "$voters" >"$RUN_DIR/node$node.log" 2>&1 &
    PIDS+=($!)
done
for node in 1 2 3; do
    java -cp "$TOOLS_JAR" io.hexalog.benchmarks.load.StartupProbe --port "${PORTS[node]}" --brokers 3 \
        --pid "${PIDS[node - 1]}" --timeout-seconds 120 >/dev/null \
        || { log "node $node did not come up: $RUN_DIR/node$node.log"; exit 1; }
done
log "three nodes up (pids ${PIDS[*]}); results in $RUN_DIR"

pass() {
    timeout 300 java -cp "$TOOLS_JAR" io.hexalog.benchmarks.load.LoadTool --bootstrap-servers "$servers" \
        --records "$RECORDS" --warmup-records $((RECORDS / 5)) --record-size "$RECORD_SIZE" --rate "$RATE" --partitions 6 \
        --replication-factor 3 --acks all --idempotence true --consume-passes 1 --timeout-seconds 240 \
        --broker-pid "$(IFS=,; echo "${PIDS[*]}")" 2>>"$RUN_DIR/load-errors.log" | grep '^RESULT ' \
        | tr ' ' '\n' | grep -E '^(produce_rps|produce_p50_ms|broker_cpu_s_per_gb_produced)=' | tr '\n' ' '
}
for i in $(seq 1 "$WARM_PASSES"); do
    log "warm-up pass $i: $(pass)"
done
# A node dumps what it sampled over the 5 s before each dump: those dumped from 5 s into the pass on hold only it.
first_dump="$(date -d "@$(( $(date +%s) + 5 ))" +%Y%m%d-%H%M%S)"
log "measured pass: $(pass)"
sleep 6
ended="$(date +%Y%m%d-%H%M%S)"
stop_nodes

: >"$RUN_DIR/profile.collapsed"
for file in "$RUN_DIR"/node*-*.collapsed; do
    stamp="${file%.collapsed}"; stamp="${stamp#"$RUN_DIR"/node?-}"
    if [[ ! "$stamp" < "$first_dump" && ! "$stamp" > "$ended" ]]; then
        cat "$file" >>"$RUN_DIR/profile.collapsed"
    fi
done

# Kinds of thread, by a frame their stacks hold; the first that matches names the sample.
awk -v sample="$SAMPLE" '
    BEGIN {
        n = split("JIT compilers|CompileBroker;GC|G1|GCTaskThread|WorkerThread::run|ConcurrentGCThread;" \
            "Ratis log worker|SegmentedRaftLogWorker;Ratis state machine updater|StateMachineUpdater;" \
            "Ratis appenders|LogAppender;Ratis gRPC|org/apache/ratis/thirdparty/io/grpc|org/apache/ratis/thirdparty/io/netty;" \
            "Kafka listener|io/netty/channel;partition store|io/hexalog/adapter/storage|org/rocksdb;" \
            "shard submitter|ShardSubmitter", kinds, ";")
    }
    {
        count = $NF; stack = $0; total += count
        for (i = 1; i <= n; i++) {
            split(kinds[i], rule, "|"); name = rule[1]
            for (j = 2; j in rule; j++) if (index(stack, rule[j])) { by[name] += count; next }
        }
        by["other"] += count
    }
    END {
        printf "%d %s on the three nodes\n", total, sample
        for (name in by) printf "%6.1f %%  %s\n", 100 * by[name] / total, name | "sort -rn"
    }' "$RUN_DIR/profile.collapsed"
log "samples of the measured pass: $RUN_DIR/profile.collapsed (collapsed stacks)"
