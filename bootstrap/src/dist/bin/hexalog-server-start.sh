#!/usr/bin/env bash
# Starts a Hexalog broker, as Kafka's kafka-server-start.sh starts Kafka:
#
#   bin/hexalog-server-start.sh [-daemon] config/server.properties [flags...]
#
# Flags after the config file win over it (bin/hexalog-server-start.sh --help lists them). With -daemon the
# broker runs in the background and its console output goes to $LOG_DIR/hexalog-server.out; stop it with
# bin/hexalog-server-stop.sh.
#
# Environment, as Kafka's scripts read it:
#   JAVA_HOME        the JDK (17 or later) to run; else `java` on the PATH
#   KAFKA_HEAP_OPTS  heap options; default -Xmx1G -Xms1G
#   KAFKA_JVM_PERFORMANCE_OPTS
#                    garbage collector and compiler options; default none, the JVM's own (G1 with its 200 ms
#                    pause goal). Kafka's default, -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35,
#                    touches about a quarter less memory and costs about a tenth of produce throughput;
#                    -XX:TieredStopAtLevel=1 (C1 only) helps cluster nodes that share few CPUs
#                    (docs/operations.md, "JVM options")
#   KAFKA_OPTS       any other JVM options
#   LOG_DIR          where -daemon writes the console output; default logs/ in this installation
#   HEXALOG_PID_DIR  where the broker's process ID is kept for the stop script; default this installation
#
# The first start records the classes the broker loads into a class-data archive (libs/hexalog.jsa, for this
# installation and this JDK: a few seconds, once) and every start maps them from it, which saves about a third
# of the start-up time. A JDK change records the archive again. Set HEXALOG_CLASS_DATA_ARCHIVE=off to skip it.
# A node of a cluster (controller.quorum.voters set in the config file, by --override, --quorum-voters or
# KAFKA_CONTROLLER_QUORUM_VOTERS) records and maps libs/hexalog-cluster.jsa instead, which holds Ratis too.
set -euo pipefail

base="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$base/libs/hexalog.jar"

usage() {
    echo "USAGE: $0 [-daemon] config/server.properties [flags...]" >&2
    exit 1
}

if [ $# -lt 1 ]; then
    usage
fi
if [ "$1" = "--help" ] || [ "$1" = "-h" ] || [ "$1" = "--version" ]; then
    exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar "$jar" "$1"
fi
daemon=false
if [ "$1" = "-daemon" ]; then
    daemon=true
    shift
fi
[ $# -ge 1 ] || usage
config="$1"
shift
if [ ! -r "$config" ]; then
    echo "Cannot read the config file $config" >&2
    exit 1
fi

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# Word splitting is wanted: these hold several options, as in Kafka's scripts.
read -r -a heap_opts <<< "${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}"
read -r -a performance_opts <<< "${KAFKA_JVM_PERFORMANCE_OPTS:-}"
read -r -a kafka_opts <<< "${KAFKA_OPTS:-}"
pid_file="${HEXALOG_PID_DIR:-$base}/hexalog-server.pid"

# The class-data archive belongs to one jar file at one path and to one JDK: it is recorded here, on first
# start, by the same training run the build makes (docs/adr/0004-class-data-archive-for-start-up.md).
archive="$base/libs/hexalog.jsa"
archive_opts=()
training_flags=()

# Whether the broker starts as a node of a cluster: a guess from where controller.quorum.voters may be set, which
# only chooses the archive (a wrong one costs start-up time, nothing else).
cluster_node() {
    local arg
    for arg in "$@"; do
        case "$arg" in
            --quorum-voters|--quorum-voters=*|controller.quorum.voters=*|--override=controller.quorum.voters=*)
                return 0 ;;
        esac
    done
    [ -n "${KAFKA_CONTROLLER_QUORUM_VOTERS:-}" ] \
        || grep -Eq '^[[:space:]]*controller\.quorum\.voters[[:space:]]*[=:][[:space:]]*[^[:space:]]' "$config"
}

# A port of 127.0.0.1 nothing listens on, for the training run's one-node cluster; fails after 20 tries.
free_port() {
    local try port
    for try in $(seq 1 20); do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}
record_archive() {
    local jdk scratch
    jdk="$("$java" -version 2>&1 | tr '\n' ' ')"
    if [ -f "$archive" ] && [ "$(cat "$archive.jdk" 2>/dev/null)" = "$jdk" ]; then
        return 0
    fi
    [ -w "$base/libs" ] || return 1
    scratch="$(mktemp -d -t hexalog-class-data.XXXXXX)"
    rm -f "$archive" "$archive.jdk"
    # The training run lists the classes a start and a first request load; the JVM then dumps them into a
    # static archive, which holds picocli's Java 5 classes too.
    if "$java" ${heap_opts[@]+"${heap_opts[@]}"} -XX:DumpLoadedClassList="$scratch/classes.list" \
            -jar "$jar" --storage=rocksdb --data-dir="$scratch/data" --host=127.0.0.1 --port=0 --http-port=0 \
            ${training_flags[@]+"${training_flags[@]}"} --log-level=WARN --exit-when-ready > "$scratch/training.log" 2>&1 \
            && "$java" ${heap_opts[@]+"${heap_opts[@]}"} -Xshare:dump -XX:SharedClassListFile="$scratch/classes.list" \
            -XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:gc+verify=off -cp "$jar" \
            >> "$scratch/training.log" 2>&1 && [ -f "$archive" ]; then
        echo "$jdk" > "$archive.jdk"
        rm -rf "$scratch"
        return 0
    fi
    rm -f "$archive"
    rm -rf "$scratch"
    return 1
}
if [ "${HEXALOG_CLASS_DATA_ARCHIVE:-on}" != "off" ] && cluster_node "$@"; then
    # a one-node cluster of its own, in the scratch directory, loads what a node of the real one does
    archive="$base/libs/hexalog-cluster.jsa"
    training_flags=(--node-id=1 "--quorum-voters=1@127.0.0.1:$(free_port || echo 0)")
fi
if [ "${HEXALOG_CLASS_DATA_ARCHIVE:-on}" != "off" ] && record_archive; then
    archive_opts=(-XX:SharedArchiveFile="$archive" -Xshare:auto)
fi

# ${a[@]+"${a[@]}"}: an empty array expands to nothing under `set -u` in bash 3 (macOS) too.
command=("$java" ${heap_opts[@]+"${heap_opts[@]}"} ${performance_opts[@]+"${performance_opts[@]}"} \
    ${archive_opts[@]+"${archive_opts[@]}"} ${kafka_opts[@]+"${kafka_opts[@]}"} -jar "$jar" --config "$config" "$@")

mkdir -p "$(dirname "$pid_file")"
if [ "$daemon" = true ]; then
    log_dir="${LOG_DIR:-$base/logs}"
    mkdir -p "$log_dir"
    nohup "${command[@]}" > "$log_dir/hexalog-server.out" 2>&1 < /dev/null &
    echo $! > "$pid_file"
else
    echo $$ > "$pid_file"
    exec "${command[@]}"
fi
