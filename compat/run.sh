#!/usr/bin/env bash
# Cross-client compatibility suite: starts the broker jar on an ephemeral loopback port, once per storage
# kind, and a three-node cluster of it; runs every client's checks against each and prints "N passed, M failed,
# K skipped" per client and storage and overall. Exits non-zero if any check failed.
#
#   compat/run.sh                       # the jar of this checkout: memory, rocksdb and cluster, every client
#   HEXALOG_JAR=/path/hexalog.jar compat/run.sh
#   COMPAT_STORAGES=memory COMPAT_CLIENTS="kcat kafkajs" compat/run.sh
#   COMPAT_STORAGES=cluster compat/run.sh   # only the three-node cluster (on RocksDB; cluster-memory on memory)
#
# Needs kcat, Debian's python3-kafka and python3-confluent-kafka, and `npm ci` run in compat/kafkajs; Kafka's
# own tools (kafka-tools) are downloaded from Maven by compat/kafka-tools.sh before the first broker starts.
set -uo pipefail

COMPAT_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$COMPAT_DIR")"
JAR="${HEXALOG_JAR:-$ROOT/bootstrap/target/hexalog.jar}"
STORAGES="${COMPAT_STORAGES:-memory rocksdb cluster}"
CLIENTS="${COMPAT_CLIENTS:-kcat kafkajs kafka-python confluent-kafka kafka-tools}"
# Kafka's tools take minutes per broker for what they add; the cluster runs the other clients unless told, and
# kafka-metadata-quorum (kafka-quorum), which only a cluster serves.
CLUSTER_CLIENTS="${COMPAT_CLUSTER_CLIENTS:-$(echo " $CLIENTS " | sed 's/ kafka-tools / kafka-quorum /; s/^ *//; s/ *$//')}"
CLUSTER_NODES=3
PYTHON="${COMPAT_PYTHON:-/usr/bin/python3}"   # Debian's, which sees python3-kafka and python3-confluent-kafka
STARTUP_TIMEOUT_S=60
# The nodes of a cluster wait for each other and elect the leaders of their Raft groups before they are ready.
CLUSTER_STARTUP_TIMEOUT_S=120
CLIENT_TIMEOUT_S=150
# Kafka's tools start a JVM for each of their thirty-odd commands: two minutes on an idle machine, more on a busy one.
KAFKA_TOOLS_TIMEOUT_S=600
STOP_TIMEOUT_S=20

WORK="$(mktemp -d -t hexalog-compat.XXXXXX)"
BROKER_PIDS=()
NODE_ADDRESSES=()   # where each broker listens, as its ready line says
TOTAL_PASSED=0 TOTAL_FAILED=0 TOTAL_SKIPPED=0

client_command() {
    case "$1" in
        kcat) echo "$PYTHON $COMPAT_DIR/kcat/kcat_checks.py" ;;
        kafkajs) echo "node $COMPAT_DIR/kafkajs/checks.js" ;;
        kafka-python) echo "$PYTHON $COMPAT_DIR/python/kafka_python_checks.py" ;;
        confluent-kafka) echo "$PYTHON $COMPAT_DIR/python/confluent_kafka_checks.py" ;;
        kafka-tools) echo "bash $COMPAT_DIR/kafka-tools.sh" ;;
        kafka-quorum) echo "bash $COMPAT_DIR/kafka-tools.sh --quorum" ;;
        *) return 1 ;;
    esac
}

# Stops every broker this script started, all at once, each by its PID; one that outlives the bound is killed.
stop_brokers() {
    local pid
    [ "${#BROKER_PIDS[@]}" -gt 0 ] || return 0
    for pid in "${BROKER_PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    for _ in $(seq 1 $((STOP_TIMEOUT_S * 10))); do
        running_brokers || break
        sleep 0.1
    done
    for pid in "${BROKER_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            echo "broker $pid did not stop within ${STOP_TIMEOUT_S}s: killing it"
            kill -9 "$pid" 2>/dev/null
        fi
        wait "$pid" 2>/dev/null
    done
    BROKER_PIDS=()
    NODE_ADDRESSES=()
}

running_brokers() {
    local pid
    for pid in "${BROKER_PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null && return 0
    done
    return 1
}

cleanup() {
    stop_brokers
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The storage flag of a kind: memory and rocksdb as they are; a cluster's nodes store in RocksDB unless the kind
# says cluster-memory.
storage_of() {
    case "$1" in
        cluster) echo rocksdb ;;
        cluster-*) echo "${1#cluster-}" ;;
        *) echo "$1" ;;
    esac
}

# Starts one broker with the flags given after its log file; adds its PID to BROKER_PIDS.
launch_broker() {
    local log="$1"
    shift
    java -jar "$JAR" --host 127.0.0.1 --port 0 --http-port 0 --num-partitions 4 "$@" > "$log" 2>&1 &
    BROKER_PIDS+=($!)
}

# Waits until each log has its ready line and sets NODE_ADDRESSES, in the order of the logs; returns non-zero
# if one does not get ready within the bound or dies first.
await_ready() {
    local timeout_s="$1" log address pid
    shift
    for _ in $(seq 1 $((timeout_s * 10))); do
        NODE_ADDRESSES=()
        for log in "$@"; do
            address="$(grep -o 'ready on 127\.0\.0\.1:[0-9]*' "$log" | head -1 | sed 's/ready on //')"
            [ -n "$address" ] && NODE_ADDRESSES+=("$address")
        done
        [ "${#NODE_ADDRESSES[@]}" -eq $# ] && return 0
        for pid in "${BROKER_PIDS[@]}"; do
            kill -0 "$pid" 2>/dev/null || break 2
        done
        sleep 0.1
    done
    for log in "$@"; do
        grep -q 'ready on ' "$log" && continue
        echo "$(basename "$log" .log) did not get ready within ${timeout_s}s:"
        tail -20 "$log"
    done
    return 1
}

# Starts the brokers of a kind: one, or a cluster of CLUSTER_NODES; sets NODE_ADDRESSES and BROKER_LOGS.
start_brokers() {
    case "$1" in
        cluster*) start_cluster "$1" ;;
        *)
            BROKER_LOGS=("$WORK/broker-$1.log")
            launch_broker "${BROKER_LOGS[0]}" --storage="$1" --data-dir "$WORK/data-$1"
            await_ready "$STARTUP_TIMEOUT_S" "${BROKER_LOGS[@]}"
            ;;
    esac
}

# Free loopback ports, as many as asked: the Raft addresses of --quorum-voters are fixed before the nodes start.
free_ports() {
    "$PYTHON" - "$1" <<'PY'
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))
PY
}

# Starts CLUSTER_NODES nodes on 127.0.0.1, each with its own data directory and Kafka port, the Raft ports
# chosen free just before. A port taken meanwhile by another process fails the start: tried once more.
start_cluster() {
    local kind="$1" storage attempt node port voters
    storage="$(storage_of "$kind")"
    for attempt in 1 2; do
        voters=""
        node=0
        for port in $(free_ports "$CLUSTER_NODES"); do
            node=$((node + 1))
            voters="${voters:+$voters,}$node@127.0.0.1:$port"
        done
        BROKER_LOGS=()
        for node in $(seq 1 "$CLUSTER_NODES"); do
            BROKER_LOGS+=("$WORK/broker-$kind-node$node.log")
            rm -rf "$WORK/data-$kind-node$node"
            launch_broker "$WORK/broker-$kind-node$node.log" --storage="$storage" \
                --data-dir "$WORK/data-$kind-node$node" --node-id "$node" --quorum-voters "$voters"
        done
        await_ready "$CLUSTER_STARTUP_TIMEOUT_S" "${BROKER_LOGS[@]}" && return 0
        stop_brokers
        [ "$attempt" -eq 1 ] && echo "cluster ($kind) did not start: once more, on other ports"
    done
    return 1
}

# The advertised address of every started broker, sorted and comma-separated, from their ready lines.
advertised_addresses() {
    local log
    for log in "${BROKER_LOGS[@]}"; do
        grep -o 'advertised as [^ )]*' "$log" | head -1 | sed 's/advertised as //'
    done | sort | paste -sd, -
}

# Runs one client's checks against the broker at $3, echoing their lines, and adds its counts to the totals.
run_client() {
    local client="$1" storage="$2" bootstrap="$3" out="$WORK/$1-$2.out" command rc limit="$CLIENT_TIMEOUT_S"
    [ "$client" = kafka-tools ] && limit="$KAFKA_TOOLS_TIMEOUT_S"
    command="$(client_command "$client")" || { echo "unknown client $client"; TOTAL_FAILED=$((TOTAL_FAILED + 1)); return; }
    mkdir -p "$WORK/$client-$storage"
    echo "--- $client on $storage storage, bootstrapping from $bootstrap"
    COMPAT_WORK_DIR="$WORK/$client-$storage" HEXALOG_API_KEYS="$API_KEYS" HEXALOG_BROKERS="$BROKERS" \
        timeout --kill-after=10 "$limit" $command "$bootstrap" > "$out" 2> "$out.err"
    rc=$?
    sed 's/^/  /' "$out"
    local passed failed skipped
    passed=$(grep -c '^PASS ' "$out")
    failed=$(grep -c '^FAIL ' "$out")
    skipped=$(grep -c '^SKIP ' "$out")
    if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
        # The script died or ran out of time before reporting a failure: that is one.
        echo "  FAIL $client-script: exited with $rc$([ "$rc" -eq 124 ] && echo " (over ${limit}s)")"
        failed=1
    fi
    if [ "$rc" -ne 0 ] && [ -s "$out.err" ]; then
        echo "  stderr (last lines):"
        tail -15 "$out.err" | sed 's/^/    /'
    fi
    echo "$client/$storage: $passed passed, $failed failed, $skipped skipped"
    SUMMARY+=("$client/$storage: $passed passed, $failed failed, $skipped skipped")
    TOTAL_PASSED=$((TOTAL_PASSED + passed))
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    TOTAL_SKIPPED=$((TOTAL_SKIPPED + skipped))
}

if [ ! -f "$JAR" ]; then
    echo "no broker jar at $JAR: build it (./mvnw -q package -DskipTests) or set HEXALOG_JAR"
    exit 2
fi
echo "compatibility suite: $JAR; storage: $STORAGES; clients: $CLIENTS; on a cluster: $CLUSTER_CLIENTS"
case " $CLIENTS $CLUSTER_CLIENTS " in
    *" kafka-tools "* | *" kafka-quorum "*)
        # Downloaded once, before any broker runs, so that the download does not count against the checks' time.
        timeout 600 "$COMPAT_DIR/kafka-tools.sh" --fetch || echo "could not download Kafka's tools: kafka-tools will fail"
        ;;
esac
SUMMARY=()
for storage in $STORAGES; do
    if ! start_brokers "$storage"; then
        SUMMARY+=("broker/$storage: 0 passed, 1 failed, 0 skipped")
        TOTAL_FAILED=$((TOTAL_FAILED + 1))
        stop_brokers
        continue
    fi
    BROKERS="$(advertised_addresses)"
    API_KEYS="$("$PYTHON" "$COMPAT_DIR/lib/api_keys.py" "${NODE_ADDRESSES[0]}" 2>&1)" || API_KEYS=""
    echo "=== $storage storage: brokers ${BROKER_PIDS[*]} on ${NODE_ADDRESSES[*]}, API keys ${API_KEYS:-unknown}"
    clients="$CLIENTS"
    case "$storage" in cluster*) clients="$CLUSTER_CLIENTS" ;; esac
    # Each client is given one node, another for the next client: it finds the others through Metadata.
    index=0
    for client in $clients; do
        run_client "$client" "$storage" "${NODE_ADDRESSES[$((index % ${#NODE_ADDRESSES[@]}))]}"
        index=$((index + 1))
    done
    stop_brokers
    if grep -qE ' (ERROR|WARN) ' "${BROKER_LOGS[@]}"; then
        echo "broker warnings and errors ($storage):"
        # without time stamps, client ports and thread numbers, so that repeats count as one
        grep -hE ' (ERROR|WARN) ' "${BROKER_LOGS[@]}" | cut -d' ' -f2- \
            | sed -E 's#(/127\.0\.0\.1):[0-9]+#\1#; s/\[[A-Za-z]+-[0-9-]+\]/[...]/' | cut -c1-240 \
            | sort | uniq -c | sort -rn | head -20 | sed 's/^/  /'
    fi
done

echo "=== summary"
printf '%s\n' "${SUMMARY[@]}"
echo "compat: $TOTAL_PASSED passed, $TOTAL_FAILED failed, $TOTAL_SKIPPED skipped"
[ "$TOTAL_FAILED" -eq 0 ]
