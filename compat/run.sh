#!/usr/bin/env bash
# Cross-client compatibility suite: starts the broker jar on an ephemeral loopback port, once per storage
# kind, runs every client's checks against it and prints "N passed, M failed, K skipped" per client and
# storage and overall. Exits non-zero if any check failed.
#
#   compat/run.sh                       # the jar of this checkout, both storage kinds, every client
#   HEXALOG_JAR=/path/hexalog.jar compat/run.sh
#   COMPAT_STORAGES=memory COMPAT_CLIENTS="kcat kafkajs" compat/run.sh
#
# Needs kcat, Debian's python3-kafka and python3-confluent-kafka, and `npm ci` run in compat/kafkajs; Kafka's
# own tools (kafka-tools) are downloaded from Maven by compat/kafka-tools.sh before the first broker starts.
set -uo pipefail

COMPAT_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$COMPAT_DIR")"
JAR="${HEXALOG_JAR:-$ROOT/bootstrap/target/hexalog.jar}"
STORAGES="${COMPAT_STORAGES:-memory rocksdb}"
CLIENTS="${COMPAT_CLIENTS:-kcat kafkajs kafka-python confluent-kafka kafka-tools}"
PYTHON="${COMPAT_PYTHON:-/usr/bin/python3}"   # Debian's, which sees python3-kafka and python3-confluent-kafka
STARTUP_TIMEOUT_S=60
CLIENT_TIMEOUT_S=150
# Kafka's tools start a JVM for each of their thirty-odd commands: two minutes on an idle machine, more on a busy one.
KAFKA_TOOLS_TIMEOUT_S=600
STOP_TIMEOUT_S=20

WORK="$(mktemp -d -t hexalog-compat.XXXXXX)"
BROKER_PID=""
TOTAL_PASSED=0 TOTAL_FAILED=0 TOTAL_SKIPPED=0

client_command() {
    case "$1" in
        kcat) echo "$PYTHON $COMPAT_DIR/kcat/kcat_checks.py" ;;
        kafkajs) echo "node $COMPAT_DIR/kafkajs/checks.js" ;;
        kafka-python) echo "$PYTHON $COMPAT_DIR/python/kafka_python_checks.py" ;;
        confluent-kafka) echo "$PYTHON $COMPAT_DIR/python/confluent_kafka_checks.py" ;;
        kafka-tools) echo "bash $COMPAT_DIR/kafka-tools.sh" ;;
        *) return 1 ;;
    esac
}

stop_broker() {
    [ -n "$BROKER_PID" ] || return 0
    kill "$BROKER_PID" 2>/dev/null
    for _ in $(seq 1 $((STOP_TIMEOUT_S * 10))); do
        kill -0 "$BROKER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$BROKER_PID" 2>/dev/null; then
        echo "broker $BROKER_PID did not stop within ${STOP_TIMEOUT_S}s: killing it"
        kill -9 "$BROKER_PID" 2>/dev/null
    fi
    wait "$BROKER_PID" 2>/dev/null
    BROKER_PID=""
}

cleanup() {
    stop_broker
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts the broker and sets BOOTSTRAP from its ready line; returns non-zero if it does not get ready.
start_broker() {
    local storage="$1" log="$WORK/broker-$1.log"
    java -jar "$JAR" --storage="$storage" --data-dir "$WORK/data-$storage" --host 127.0.0.1 --port 0 \
        --http-port 0 --num-partitions 4 > "$log" 2>&1 &
    BROKER_PID=$!
    for _ in $(seq 1 $((STARTUP_TIMEOUT_S * 10))); do
        BOOTSTRAP="$(grep -o 'ready on 127\.0\.0\.1:[0-9]*' "$log" | head -1 | sed 's/ready on //')"
        [ -n "$BOOTSTRAP" ] && return 0
        kill -0 "$BROKER_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "broker ($storage) did not get ready within ${STARTUP_TIMEOUT_S}s:"
    tail -20 "$log"
    return 1
}

# Runs one client's checks, echoing their lines, and adds its counts to the totals.
run_client() {
    local client="$1" storage="$2" out="$WORK/$1-$2.out" command rc limit="$CLIENT_TIMEOUT_S"
    [ "$client" = kafka-tools ] && limit="$KAFKA_TOOLS_TIMEOUT_S"
    command="$(client_command "$client")" || { echo "unknown client $client"; TOTAL_FAILED=$((TOTAL_FAILED + 1)); return; }
    mkdir -p "$WORK/$client-$storage"
    echo "--- $client on $storage storage"
    COMPAT_WORK_DIR="$WORK/$client-$storage" HEXALOG_API_KEYS="$API_KEYS" \
        timeout --kill-after=10 "$limit" $command "$BOOTSTRAP" > "$out" 2> "$out.err"
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
echo "compatibility suite: $JAR; storage: $STORAGES; clients: $CLIENTS"
case " $CLIENTS " in
    *" kafka-tools "*)
        # Downloaded once, before any broker runs, so that the download does not count against the checks' time.
        timeout 600 "$COMPAT_DIR/kafka-tools.sh" --fetch || echo "could not download Kafka's tools: kafka-tools will fail"
        ;;
esac
SUMMARY=()
for storage in $STORAGES; do
    if ! start_broker "$storage"; then
        SUMMARY+=("broker/$storage: 0 passed, 1 failed, 0 skipped")
        TOTAL_FAILED=$((TOTAL_FAILED + 1))
        stop_broker
        continue
    fi
    API_KEYS="$("$PYTHON" "$COMPAT_DIR/lib/api_keys.py" "$BOOTSTRAP" 2>&1)" || API_KEYS=""
    echo "=== $storage storage: broker $BROKER_PID on $BOOTSTRAP, API keys ${API_KEYS:-unknown}"
    for client in $CLIENTS; do
        run_client "$client" "$storage"
    done
    stop_broker
    if grep -qE ' (ERROR|WARN) ' "$WORK/broker-$storage.log"; then
        echo "broker warnings and errors ($storage):"
        # without time stamps, client ports and thread numbers, so that repeats count as one
        grep -E ' (ERROR|WARN) ' "$WORK/broker-$storage.log" | cut -d' ' -f2- \
            | sed -E 's#(/127\.0\.0\.1):[0-9]+#\1#; s/\[[A-Za-z]+-[0-9-]+\]/[...]/' | cut -c1-240 \
            | sort | uniq -c | sort -rn | head -20 | sed 's/^/  /'
    fi
done

echo "=== summary"
printf '%s\n' "${SUMMARY[@]}"
echo "compat: $TOTAL_PASSED passed, $TOTAL_FAILED failed, $TOTAL_SKIPPED skipped"
[ "$TOTAL_FAILED" -eq 0 ]
