#!/usr/bin/env bash
# Stops the Hexalog broker started by bin/hexalog-server-start.sh of this installation, as Kafka's
# kafka-server-stop.sh stops Kafka: with SIGTERM, so that it closes its listener and its storage cleanly.
# Waits up to HEXALOG_STOP_TIMEOUT seconds (default 30) for it to exit.
set -uo pipefail

base="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$base/libs/hexalog.jar"
pid_file="${HEXALOG_PID_DIR:-$base}/hexalog-server.pid"
timeout_s="${HEXALOG_STOP_TIMEOUT:-30}"

# Whether the process runs this installation's broker (a process ID may have been reused since).
is_broker() {
    [ -r "/proc/$1/cmdline" ] && tr '\0' '\n' < "/proc/$1/cmdline" | grep -qxF "$jar" && return 0
    ps -p "$1" -o args= 2>/dev/null | grep -qF -- "-jar $jar"
}

pid="$(cat "$pid_file" 2>/dev/null || true)"
if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null || ! is_broker "$pid"; then
    echo "No Hexalog broker of $base to stop"
    rm -f "$pid_file"
    exit 1
fi

kill -TERM "$pid"
for _ in $(seq 1 $((timeout_s * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
    echo "The Hexalog broker ($pid) did not stop within ${timeout_s}s" >&2
    exit 1
fi
rm -f "$pid_file"
