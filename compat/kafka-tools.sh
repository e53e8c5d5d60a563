#!/usr/bin/env bash
# Kafka's own command-line tools against a running broker: compat/kafka-tools.sh HOST:PORT
#
# The tools come from Maven (org.apache.kafka:kafka-tools and kafka_2.13, the Kafka release of the broker's
# kafka-clients) and run with `java -cp`, each as `bin/kafka-*.sh` would run it. Every check asserts on what
# the tool prints, and prints one line as the other client scripts of compat/ do:
#   PASS name | FAIL name: why | SKIP name: why
#
#   compat/kafka-tools.sh --fetch          # only download the tools into compat/kafka-tools/target/lib
#   compat/kafka-tools.sh 127.0.0.1:9092   # the checks (downloading the tools first if needed)
#   compat/kafka-tools.sh --quorum 127.0.0.1:9092   # only kafka-metadata-quorum's checks, for a cluster
#
# compat/run.sh runs it once per storage kind, with COMPAT_WORK_DIR set to a scratch directory.
set -uo pipefail

COMPAT_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$COMPAT_DIR")"
TOOLS_DIR="$COMPAT_DIR/kafka-tools"
LIB="$TOOLS_DIR/target/lib"
TOOL_TIMEOUT_S=60
# The producer that holds a transaction open while kafka-transactions looks at it: stopped once that is done.
HELD_TRANSACTION_TIMEOUT_S=300
# The tools start a JVM each: the C1 compiler alone and a small heap start them fastest.
TOOL_JVM_OPTS=(-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.level=WARN)

kafka_version() {
    sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/pom.xml" | head -1
}

# Downloads the tools of the broker's Kafka release, unless they are there already.
fetch_tools() {
    local version
    version="$(kafka_version)"
    if [ -f "$LIB/kafka-tools-$version.jar" ] && [ -f "$LIB/kafka_2.13-$version.jar" ]; then
        return 0
    fi
    rm -rf "$LIB" "$TOOLS_DIR/target/kafka-tools.jsa"
    "$ROOT/mvnw" -B -q -f "$TOOLS_DIR/pom.xml" -Dkafka.version="$version" \
        org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy-dependencies \
        -DoutputDirectory="$LIB" -DincludeScope=runtime
}

if [ "${1:-}" = "--fetch" ]; then
    fetch_tools
    exit $?
fi
QUORUM_ONLY=false
if [ "${1:-}" = "--quorum" ]; then
    QUORUM_ONLY=true
    shift
fi
if [ $# -ne 1 ]; then
    echo "usage: $0 [--quorum] HOST:PORT | --fetch" >&2
    exit 2
fi
BOOTSTRAP="$1"
# Every broker holds a replica of the topics created here, as on a Kafka cluster: one, or three (HEXALOG_BROKERS,
# the advertised addresses of a cluster's brokers, as compat/run.sh passes them).
REPLICATION_FACTOR="$(echo "${HEXALOG_BROKERS:-$BOOTSTRAP}" | tr ',' '\n' | grep -c .)"
WORK="${COMPAT_WORK_DIR:-$(mktemp -d -t hexalog-kafka-tools.XXXXXX)}"
mkdir -p "$WORK"
if ! fetch_tools > "$WORK/fetch.log" 2>&1; then
    echo "FAIL fetch-tools: could not download Kafka $(kafka_version)'s tools: $(tail -3 "$WORK/fetch.log" | tr '\n' ' ')"
    exit 1
fi

FAILED=0
SUFFIX="$$"
TOPIC="tools-$SUFFIX"
GROUP="tools-group-$SUFFIX"
PERF_TOPIC="tools-perf-$SUFFIX"
TX_TOPIC="tools-tx-$SUFFIX"
OUT="$WORK/out"

# The first tool run records the classes it loads into a class-data archive, which every later run maps instead
# of loading them from the 90-odd jars: that halves the start-up of each tool. The archive names the jars by
# their paths, so the class path is spelled out rather than given as lib/*.
TOOLS_CP="$(ls "$LIB"/*.jar | tr '\n' ':')"
ARCHIVE="$TOOLS_DIR/target/kafka-tools.jsa"
ARCHIVE_RECORDED=false
archive_opts() {
    if [ -f "$ARCHIVE" ]; then
        echo "-XX:SharedArchiveFile=$ARCHIVE -Xshare:auto -Xlog:cds=off"
    elif [ "$ARCHIVE_RECORDED" = false ]; then
        ARCHIVE_RECORDED=true
        echo "-XX:ArchiveClassesAtExit=$ARCHIVE -Xlog:cds=off"
    fi
}

# Runs one tool by its main class; its stdout and stderr go to $OUT. Returns the tool's exit code.
tool() {
    local main="$1" cds
    shift
    cds="$(archive_opts)"
    [ -f "$ARCHIVE" ] || [ -z "$cds" ] || ARCHIVE_RECORDED=true
    # shellcheck disable=SC2086 # $cds holds several options
    timeout --kill-after=5 "$TOOL_TIMEOUT_S" java "${TOOL_JVM_OPTS[@]}" $cds -cp "$TOOLS_CP" "$main" "$@" > "$OUT" 2>&1
}

pass() { echo "PASS $1"; }
fail() {
    echo "FAIL $1: $2 (output: $(grep -v '^SLF4J' "$OUT" | tail -4 | tr '\n' ' ' | cut -c1-400))"
    FAILED=$((FAILED + 1))
}
skip() { echo "SKIP $1: $2"; }

# check NAME EXTENDED-REGEX: passes if the last tool's output matches.
expect_output() {
    if grep -Eq -- "$2" "$OUT"; then pass "$1"; else fail "$1" "no line matches /$2/"; fi
}

topics() { tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" "$@"; }
groups() { tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" "$@"; }
configs() { tool org.apache.kafka.tools.ConfigCommand --bootstrap-server "$BOOTSTRAP" "$@"; }
offsets() { tool org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOTSTRAP" "$@"; }

# The sum of the last column of lines "topic:partition:offset" in the tool output.
offset_sum() {
    awk -F: -v topic="$1" '$1 == topic { sum += $3 } END { print sum + 0 }' "$OUT"
}

# The sum of the LAG column of kafka-consumer-groups --describe for the topic.
group_lag() {
    awk -v topic="$1" '$2 == topic && $6 ~ /^[0-9]+$/ { sum += $6 } END { print sum + 0 }' "$OUT"
}

produce_lines() {
    local count="$1" from="$2"
    seq "$from" $((from + count - 1)) | sed 's/.*/key-&:value-&/' > "$WORK/lines"
    # shellcheck disable=SC2046 # the archive's options are several words
    timeout --kill-after=5 "$TOOL_TIMEOUT_S" java "${TOOL_JVM_OPTS[@]}" $(archive_opts) -cp "$TOOLS_CP" \
        org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" \
        --property parse.key=true --property key.separator=: --producer-property acks=all \
        < "$WORK/lines" > "$OUT" 2>&1
}

# --- kafka-metadata-quorum: a cluster's metadata log is its quorum, which any node describes; a single broker has
# none and does not offer DescribeQuorum
quorum() { tool org.apache.kafka.tools.MetadataQuorumCommand --bootstrap-server "$BOOTSTRAP" "$@"; }
if [ "$REPLICATION_FACTOR" -gt 1 ]; then
    quorum describe --status
    leader="$(awk '/^LeaderId:/ { print $2 }' "$OUT")"
    voters="$(grep '^CurrentVoters:' "$OUT" | grep -o '"id": [0-9]*' | grep -o '[0-9]*' | sort -n | paste -sd, -)"
    expected_voters="$(seq 1 "$REPLICATION_FACTOR" | paste -sd, -)"
    if [ "$voters" = "$expected_voters" ] && [[ ",$voters," == *",$leader,"* ]] \
            && grep -Eq '^HighWatermark:\s+[1-9][0-9]*$' "$OUT" && grep -q 'CONTROLLER://' "$OUT"; then
        pass metadata-quorum-status
    else
        fail metadata-quorum-status "expected voters $expected_voters with CONTROLLER endpoints, the leader among them"
    fi
    quorum describe --replication
    if [ "$(grep -Ec '\sLeader\s*$' "$OUT")" -eq 1 ] \
            && [ "$(grep -Ec '\sFollower\s*$' "$OUT")" -eq $((REPLICATION_FACTOR - 1)) ]; then
        pass metadata-quorum-replication
    else
        fail metadata-quorum-replication "expected one Leader and $((REPLICATION_FACTOR - 1)) Follower rows"
    fi
else
    quorum describe --status
    expect_output metadata-quorum-single-broker "UnsupportedVersionException: The node does not support DESCRIBE_QUORUM"
fi
if [ "$QUORUM_ONLY" = true ]; then
    [ "$FAILED" -eq 0 ]
    exit
fi

# --- kafka-topics
if topics --create --topic "$TOPIC" --partitions 3 --replication-factor "$REPLICATION_FACTOR" \
        && grep -q "Created topic $TOPIC\." "$OUT"; then
    pass topics-create
else
    fail topics-create "no 'Created topic $TOPIC.'"
fi

topics --list
if grep -qx "$TOPIC" "$OUT"; then pass topics-list; else fail topics-list "$TOPIC not listed"; fi

topics --describe --topic "$TOPIC"
if grep -Eq "Topic: $TOPIC\s.*PartitionCount: 3\s.*ReplicationFactor: $REPLICATION_FACTOR\s" "$OUT" \
        && [ "$(grep -Ec "Partition: [0-2]\s+Leader: [0-9]+\s+Replicas: [0-9,]+\s+Isr: [0-9,]+" "$OUT")" -eq 3 ]; then
    pass topics-describe
else
    fail topics-describe "expected 3 partitions, replication factor $REPLICATION_FACTOR, each with a leader, replicas and ISR"
fi

topics --alter --topic "$TOPIC" --partitions 4
topics --describe --topic "$TOPIC"
if grep -Eq "PartitionCount: 4" "$OUT" && grep -Eq "Partition: 3\s+Leader: [0-9]+" "$OUT"; then
    pass topics-alter-partitions
else
    fail topics-alter-partitions "describe shows no fourth partition"
fi

# --- kafka-console-producer and kafka-console-consumer, in a group
if produce_lines 20 1; then pass console-producer; else fail console-producer "exited with an error"; fi

tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" \
    --group "$GROUP" --from-beginning --max-messages 20 --timeout-ms 30000 \
    --property print.key=true --property key.separator=:
received="$(grep -Ec '^key-([0-9]+):value-\1$' "$OUT")"
if [ "$received" -eq 20 ] && grep -q "Processed a total of 20 messages" "$OUT"; then
    pass console-consumer-group
else
    fail console-consumer-group "read $received of 20 records as key:value"
fi

# --- kafka-get-offsets
offsets --topic "$TOPIC"
if [ "$(offset_sum "$TOPIC")" -eq 20 ] && [ "$(grep -c "^$TOPIC:[0-3]:" "$OUT")" -eq 4 ]; then
    pass get-offsets-latest
else
    fail get-offsets-latest "log end offsets of 4 partitions should add up to 20, got $(offset_sum "$TOPIC")"
fi

# --- kafka-consumer-groups
groups --list
if grep -qx "$GROUP" "$OUT"; then pass groups-list; else fail groups-list "$GROUP not listed"; fi

produce_lines 5 21
groups --describe --group "$GROUP"
if grep -Eq "CURRENT-OFFSET +LOG-END-OFFSET +LAG" "$OUT" && [ "$(group_lag "$TOPIC")" -eq 5 ]; then
    pass groups-describe-lag
else
    fail groups-describe-lag "lag should add up to the 5 records produced after the group read, got $(group_lag "$TOPIC")"
fi

groups --reset-offsets --group "$GROUP" --topic "$TOPIC" --to-earliest --execute
if [ "$(awk -v topic="$TOPIC" '$2 == topic && $4 == "0"' "$OUT" | wc -l)" -eq 4 ]; then
    groups --describe --group "$GROUP"
    if [ "$(group_lag "$TOPIC")" -eq 25 ]; then
        pass groups-reset-offsets
    else
        fail groups-reset-offsets "after a reset to the earliest offsets the lag should be 25, got $(group_lag "$TOPIC")"
    fi
else
    fail groups-reset-offsets "expected NEW-OFFSET 0 for the 4 partitions"
fi

groups --delete --group "$GROUP"
if grep -q "Deletion of requested consumer groups ('$GROUP') was successful" "$OUT"; then
    groups --list
    if grep -qx "$GROUP" "$OUT"; then fail groups-delete "still listed after deletion"; else pass groups-delete; fi
else
    fail groups-delete "no 'Deletion ... was successful'"
fi

# --- kafka-consumer-groups on a group of the consumer protocol (KIP-848), described while its member consumes
CONSUMER_GROUP="tools-kip848-$SUFFIX"
# shellcheck disable=SC2046 # the archive's options are several words
timeout --kill-after=5 "$TOOL_TIMEOUT_S" java "${TOOL_JVM_OPTS[@]}" $(archive_opts) -cp "$TOOLS_CP" \
    org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" \
    --group "$CONSUMER_GROUP" --consumer-property group.protocol=consumer \
    --consumer-property auto.commit.interval.ms=500 --from-beginning --timeout-ms 20000 \
    > "$WORK/kip848-consumer.out" 2>&1 &
member_pid=$!
described=false
for _ in $(seq 1 30); do
    sleep 1
    groups --describe --group "$CONSUMER_GROUP" --members
    if grep -Eq "^$CONSUMER_GROUP +[^ ]+ +[^ ]+ +console-consumer[^ ]* +4 " "$OUT"; then
        described=true
        break
    fi
done
if $described; then
    pass groups-consumer-protocol-members
    groups --describe --group "$CONSUMER_GROUP" --state
    expect_output groups-consumer-protocol-state "^$CONSUMER_GROUP +.*\\) +uniform +Stable +1 *$"
    for _ in $(seq 1 10); do
        groups --describe --group "$CONSUMER_GROUP"
        [ "$(awk -v topic="$TOPIC" '$2 == topic && $6 == "0" && $7 != "-"' "$OUT" | wc -l)" -eq 4 ] && break
        sleep 1
    done
    if [ "$(awk -v topic="$TOPIC" '$2 == topic && $6 == "0" && $7 != "-"' "$OUT" | wc -l)" -eq 4 ]; then
        pass groups-consumer-protocol-lag
    else
        fail groups-consumer-protocol-lag "expected 4 partitions with lag 0, each held by the member"
    fi
else
    fail groups-consumer-protocol-members "no member of $CONSUMER_GROUP with 4 partitions"
fi
kill "$member_pid" 2>/dev/null
wait "$member_pid" 2>/dev/null

# --- kafka-configs: topics
configs --entity-type topics --entity-name "$TOPIC" --alter --add-config retention.ms=3600000,cleanup.policy=delete
if grep -q "Completed updating config for topic $TOPIC" "$OUT"; then
    configs --entity-type topics --entity-name "$TOPIC" --describe
    expect_output configs-topic "retention\.ms=3600000"
else
    fail configs-topic "no 'Completed updating config for topic $TOPIC'"
fi

configs --entity-type topics --entity-name "$TOPIC" --alter --delete-config retention.ms
configs --entity-type topics --entity-name "$TOPIC" --describe
if grep -q "retention\.ms=3600000" "$OUT"; then
    fail configs-topic-delete "retention.ms still set after --delete-config"
else
    pass configs-topic-delete
fi

# min.insync.replicas=2 is taken on any replication factor (never more than the replicas are asked for); a cluster
# refuses one above the majority that acks=all waits for
configs --entity-type topics --entity-name "$TOPIC" --alter --add-config min.insync.replicas=2
if grep -q "Completed updating config for topic $TOPIC" "$OUT"; then
    configs --entity-type topics --entity-name "$TOPIC" --describe
    expect_output configs-topic-min-insync-replicas "min\.insync\.replicas=2"
else
    fail configs-topic-min-insync-replicas "no 'Completed updating config for topic $TOPIC'"
fi
if [ "$REPLICATION_FACTOR" -ge 3 ]; then
    configs --entity-type topics --entity-name "$TOPIC" --alter --add-config min.insync.replicas=3
    expect_output configs-topic-min-insync-replicas-above-majority "InvalidConfigurationException.*takes at most 2"
fi

# --- kafka-configs: broker-loggers (DescribeConfigs / IncrementalAlterConfigs on BROKER_LOGGER)
configs --entity-type brokers --describe --all
BROKER_ID="$(sed -n 's/^All configs for broker \([0-9]*\) are:$/\1/p' "$OUT" | head -1)"
BROKER_ID="${BROKER_ID:-1}"
configs --entity-type broker-loggers --entity-name "$BROKER_ID" --describe
if grep -Eq "(All|Dynamic) configs for broker-logger $BROKER_ID are:" "$OUT" && grep -Eq "^ +root=[A-Z]+" "$OUT"; then
    LOGGER=io.hexalog.adapter.protocol.kafka
    configs --entity-type broker-loggers --entity-name "$BROKER_ID" --alter --add-config "$LOGGER=DEBUG"
    configs --entity-type broker-loggers --entity-name "$BROKER_ID" --describe
    if grep -Eq "^ +$LOGGER=DEBUG" "$OUT"; then
        configs --entity-type broker-loggers --entity-name "$BROKER_ID" --alter --delete-config "$LOGGER"
        pass configs-broker-loggers
    else
        fail configs-broker-loggers "$LOGGER is not DEBUG after altering it"
    fi
else
    fail configs-broker-loggers "no 'configs for broker-logger $BROKER_ID are:' with the root logger"
fi

# --- kafka-configs: groups (DescribeConfigs / IncrementalAlterConfigs on GROUP, KIP-848), within the broker's
# default bounds (sessions of 45 to 60 s, heartbeats of 5 to 15 s)
CONFIG_GROUP="tools-configs-$SUFFIX"
configs --entity-type groups --entity-name "$CONFIG_GROUP" --alter \
    --add-config consumer.session.timeout.ms=50000,consumer.heartbeat.interval.ms=6000
if grep -q "Completed updating config for group $CONFIG_GROUP" "$OUT"; then
    configs --entity-type groups --entity-name "$CONFIG_GROUP" --describe
    if grep -Eq "^ +consumer\.session\.timeout\.ms=50000 .*DYNAMIC_GROUP_CONFIG" "$OUT" \
            && grep -Eq "^ +consumer\.heartbeat\.interval\.ms=6000 " "$OUT"; then
        configs --entity-type groups --entity-name "$CONFIG_GROUP" --alter --add-config consumer.session.timeout.ms=1000
        if grep -q "InvalidConfigurationException: consumer.session.timeout.ms must be greater than or equal to" "$OUT"; then
            configs --entity-type groups --entity-name "$CONFIG_GROUP" --alter \
                --delete-config consumer.session.timeout.ms,consumer.heartbeat.interval.ms
            configs --entity-type groups --entity-name "$CONFIG_GROUP" --describe --all
            if grep -Eq "^ +consumer\.session\.timeout\.ms=45000 .*DEFAULT_CONFIG" "$OUT"; then
                pass configs-groups
            else
                fail configs-groups "consumer.session.timeout.ms is not the broker's 45000 after --delete-config"
            fi
        else
            fail configs-groups "a 1000 ms session timeout was not refused with INVALID_CONFIG"
        fi
    else
        fail configs-groups "the group's own consumer.session.timeout.ms and consumer.heartbeat.interval.ms not described"
    fi
else
    fail configs-groups "no 'Completed updating config for group $CONFIG_GROUP'"
fi

# --- kafka-transactions (TransactionsCommand: ListTransactions, DescribeTransactions) is checked below on a
# transaction that kafka-producer-perf-test holds open from now on: its records, 10 a second, go out in one
# transaction that would last far longer than the checks. It is stopped when they are done, and a second
# instance with the same transactional ID fences it (which aborts its transaction) and commits one of its own.
TX_ID="tools-tx-$SUFFIX"
transactions() { tool org.apache.kafka.tools.TransactionsCommand --bootstrap-server "$BOOTSTRAP" "$@"; }
# transactional_perf [exec] RECORDS THROUGHPUT BOUND_S: with exec, run in the background, the background job
# becomes the timeout process itself, so that killing it by its PID stops the tool.
transactional_perf() {
    local run=""
    [ "$1" = exec ] && { run=exec; shift; }
    local records="$1" throughput="$2" bound="$3"
    # shellcheck disable=SC2046 # the archive's options are several words
    $run timeout --kill-after=5 "$bound" java "${TOOL_JVM_OPTS[@]}" $(archive_opts) -cp "$TOOLS_CP" \
        org.apache.kafka.tools.ProducerPerformance --topic "$TX_TOPIC" --num-records "$records" --record-size 20 \
        --throughput "$throughput" --transactional-id "$TX_ID" --transaction-duration-ms 600000 \
        --producer-props bootstrap.servers="$BOOTSTRAP"
}
topics --create --topic "$TX_TOPIC" --partitions 2 --replication-factor "$REPLICATION_FACTOR"
transactional_perf exec 100000 10 "$HELD_TRANSACTION_TIMEOUT_S" > "$WORK/tx-producer.out" 2>&1 &
TX_PRODUCER=$!

# --- kafka-delete-records, checked with kafka-get-offsets --time -2 (earliest)
printf '{"version":1,"partitions":[{"topic":"%s","partition":0,"offset":1}]}\n' "$TOPIC" > "$WORK/delete.json"
offsets --topic "$TOPIC" --partitions 0
end_of_0="$(offset_sum "$TOPIC")"
tool org.apache.kafka.tools.DeleteRecordsCommand --bootstrap-server "$BOOTSTRAP" --offset-json-file "$WORK/delete.json"
if [ "$end_of_0" -lt 1 ]; then
    skip delete-records "partition 0 holds no record to delete"
elif grep -Eq "partition: $TOPIC-0\s+low_watermark: 1" "$OUT"; then
    offsets --topic "$TOPIC" --partitions 0 --time -2
    if grep -qx "$TOPIC:0:1" "$OUT"; then pass delete-records; else fail delete-records "earliest offset of partition 0 is not 1"; fi
else
    fail delete-records "no 'partition: $TOPIC-0 low_watermark: 1'"
fi

# --- kafka-log-dirs (DescribeLogDirs)
tool org.apache.kafka.tools.LogDirsCommand --bootstrap-server "$BOOTSTRAP" --describe --topic-list "$TOPIC"
log_dirs="$(grep '^{' "$OUT" | /usr/bin/python3 -c '
import json, sys
topic = sys.argv[1]
answer = json.load(sys.stdin)
dirs = [d for broker in answer["brokers"] for d in broker["logDirs"]]
sizes = {p["partition"]: p["size"] for d in dirs for p in d["partitions"]}
assert all(d["error"] is None for d in dirs), dirs
assert sorted(sizes) == [f"{topic}-{i}" for i in range(4)], sorted(sizes)
assert sum(sizes.values()) > 0, sizes
print(dirs[0]["logDir"])
' "$TOPIC" 2>&1)"
if [ $? -eq 0 ]; then
    pass log-dirs
    echo "INFO log directory: $log_dirs"
else
    fail log-dirs "$(echo "$log_dirs" | tail -1)"
fi

# --- kafka-transactions: the transaction started above, listed and described while it is open
# The ID is listed once the producer has initialised it, Ongoing once its first record is on its way.
listed=false
for _ in $(seq 1 20); do
    transactions list
    if grep -Eq "^$TX_ID\s+[0-9]+\s+[0-9]+\s+Ongoing\s*$" "$OUT"; then listed=true; break; fi
    kill -0 "$TX_PRODUCER" 2>/dev/null || break
    sleep 0.5
done
if [ "$listed" = true ]; then pass transactions-list; else fail transactions-list "$TX_ID is not listed as Ongoing"; fi

# the epoch of a described transactional ID in state $1 (CoordinatorId TransactionalId ProducerId ProducerEpoch
# TransactionState TransactionTimeoutMs CurrentTransactionStartTimeMs TransactionDurationMs TopicPartitions)
described_epoch() {
    awk -v id="$TX_ID" -v state="$1" '$2 == id && $3 ~ /^[0-9]+$/ && $5 == state { print $4 }' "$OUT" | head -1
}
transactions describe --transactional-id "$TX_ID"
first_epoch="$(described_epoch Ongoing)"
if grep -Eq "^[0-9]+\s+$TX_ID\s+[0-9]+\s+[0-9]+\s+Ongoing\s+60000\s+[0-9]+\s+[0-9]+\s+$TX_TOPIC-[01]" "$OUT"; then
    pass transactions-describe
else
    fail transactions-describe "expected $TX_ID Ongoing with its producer ID and epoch, a timeout of 60000 ms and a partition of $TX_TOPIC"
fi

# find-hanging asks each broker for the producers of its partitions (DescribeProducers, KIP-664).
if [ -n "${HEXALOG_API_KEYS:-}" ] && ! echo ",$HEXALOG_API_KEYS," | grep -q ",61,"; then
    skip transactions-find-hanging "the broker does not advertise DescribeProducers, which find-hanging (and abort) ask each broker for"
elif transactions find-hanging --broker-id "$BROKER_ID"; then
    # the transaction above is open on a partition of $TX_TOPIC (DescribeProducers tells where it began) but not
    # hanging: its coordinator holds it, and its timeout has not passed
    # hanging transactions are rows under the table's header; there must be the header and no row
    if ! grep -q "^Topic\s*Partition\s*ProducerId" "$OUT"; then
        fail transactions-find-hanging "no table of hanging transactions"
    elif grep -Eq "^$TX_TOPIC\s" "$OUT"; then
        fail transactions-find-hanging "a transaction on $TX_TOPIC found hanging: $(grep -m1 "^$TX_TOPIC" "$OUT")"
    else
        pass transactions-find-hanging
    fi
elif grep -q "does not support DESCRIBE_PRODUCERS" "$OUT"; then
    skip transactions-find-hanging "the broker does not serve DescribeProducers, which find-hanging (and abort) ask each broker for"
else
    fail transactions-find-hanging "exited with an error"
fi

# describe-producers asks a partition's leader for its producers (DescribeProducers): the open transaction shows
# the offset where it began on its partition. abort, given that offset, writes the abort marker (WriteTxnMarkers) as
# an operator ends a hanging transaction; the producer's next records then begin a transaction further on.
# the CurrentTransactionStartOffset of the first producer listed with one, in $OUT
open_start_offset() {
    awk '/CurrentTransactionStartOffset/ { for (i = 1; i <= NF; i++) if ($i == "CurrentTransactionStartOffset") col = i; next }
         col && $col ~ /^[0-9]+$/ { print $col; exit }' "$OUT"
}
tx_partition=""
start_offset=""
for partition in 0 1; do
    transactions describe-producers --topic "$TX_TOPIC" --partition "$partition"
    start_offset="$(open_start_offset)"
    if [ -n "$start_offset" ]; then tx_partition="$partition"; break; fi
done
if [ -n "$start_offset" ]; then
    pass transactions-describe-producers
    echo "INFO open transaction on $TX_TOPIC-$tx_partition from offset $start_offset"
    if transactions abort --topic "$TX_TOPIC" --partition "$tx_partition" --start-offset "$start_offset"; then
        transactions describe-producers --topic "$TX_TOPIC" --partition "$tx_partition"
        after="$(open_start_offset)"
        if [ "$after" != "$start_offset" ]; then
            pass transactions-abort
        else
            fail transactions-abort "the transaction still begins at $start_offset after abort"
        fi
    else
        fail transactions-abort "exited with an error"
    fi
else
    fail transactions-describe-producers "no producer of $TX_TOPIC-0 or -1 with a CurrentTransactionStartOffset"
    skip transactions-abort "no open transaction found to abort"
fi

# The first producer stops without ending its transaction; the second, same ID, fences it and commits 20 records.
kill "$TX_PRODUCER" 2>/dev/null
wait "$TX_PRODUCER" 2>/dev/null
if transactional_perf 20 -1 "$TOOL_TIMEOUT_S" > "$OUT" 2>&1 && grep -Eq "^20 records sent" "$OUT"; then
    transactions describe --transactional-id "$TX_ID"
    second_epoch="$(described_epoch CompleteCommit)"
    if [ -n "$second_epoch" ] && [ -n "$first_epoch" ] && [ "$second_epoch" -gt "$first_epoch" ]; then
        pass transactions-fence-and-commit
    else
        fail transactions-fence-and-commit "expected $TX_ID CompleteCommit at an epoch above ${first_epoch:-the first}, got ${second_epoch:-none}"
    fi
else
    fail transactions-fence-and-commit "a second transactional kafka-producer-perf-test with $TX_ID did not send its 20 records"
fi

# --- kafka-producer-perf-test and kafka-consumer-perf-test
PERF_RECORDS=20000
topics --create --topic "$PERF_TOPIC" --partitions 2 --replication-factor "$REPLICATION_FACTOR"
tool org.apache.kafka.tools.ProducerPerformance --topic "$PERF_TOPIC" --num-records "$PERF_RECORDS" \
    --record-size 100 --throughput -1 --producer-props bootstrap.servers="$BOOTSTRAP" acks=all linger.ms=5
expect_output producer-perf-test "^$PERF_RECORDS records sent, [0-9.]+ records/sec"

tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$BOOTSTRAP" --topic "$PERF_TOPIC" \
    --messages "$PERF_RECORDS" --timeout 30000
consumed="$(awk -F', *' 'header { print $5; exit } /data.consumed.in.nMsg/ { header = 1 }' "$OUT")"
if [ "${consumed:-0}" = "$PERF_RECORDS" ]; then
    pass consumer-perf-test
else
    fail consumer-perf-test "consumed ${consumed:-nothing} of $PERF_RECORDS records"
fi

# --- kafka-broker-api-versions
tool org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "$BOOTSTRAP"
if grep -Eq "Produce\(0\): 0 to [0-9]+ \[usable: [0-9]+\]" "$OUT" \
        && grep -Eq "DescribeLogDirs\(35\): 1 to 5 \[usable: 5\]" "$OUT" \
        && grep -Eq "Fetch\(1\): [0-9]+ to [0-9]+ \[usable: [0-9]+\]" "$OUT"; then
    pass broker-api-versions
else
    fail broker-api-versions "Produce, Fetch and DescribeLogDirs 1 to 5 should be usable"
fi

# --- kafka-topics --delete, last: it removes what the checks above used
topics --delete --topic "$TOPIC"
topics --delete --topic "$PERF_TOPIC"
topics --delete --topic "$TX_TOPIC"
topics --list
if grep -qx "$TOPIC" "$OUT" || grep -qx "$PERF_TOPIC" "$OUT" || grep -qx "$TX_TOPIC" "$OUT"; then
    fail topics-delete "deleted topics are still listed"
else
    pass topics-delete
fi

[ "$FAILED" -eq 0 ]
