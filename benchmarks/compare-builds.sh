#!/usr/bin/env bash
# Compares two broker builds (two runnable hexalog.jar files) on the same non-transactional workloads, on each
# store, alternating them in ABBA order (round 1: before, after; round 2: after, before; ...), and prints medians,
# spreads (min-max) and after/before ratios of throughput and of the broker's CPU seconds per GB.
# Each broker starts fresh (its own data directory, a free port on 127.0.0.1, HTTP off) and is stopped by its PID;
# every load run is bounded by timeout.
#
#   benchmarks/compare-builds.sh --before OLD/hexalog.jar --after NEW/hexalog.jar [--rounds 4]
#       [--storages "memory rocksdb"] [--tools benchmarks/target/benchmarks.jar] [--work-dir DIR] [--scale 1.0]
#   benchmarks/compare-builds.sh --summarise DIR/results.tsv    # the table again, e.g. of an interrupted run
#   benchmarks/compare-builds.sh --cluster --before ... --after ...   # three nodes of each build, replication
#       factor 3, RocksDB: acks=1 and idempotent acks=all, unbounded and at 2,000 records/s (latency), and
#       idempotent acks=all on 100-byte records
# --scale multiplies the records of every workload (1.0: 300,000 of 1 KB, 1,000,000 of 100 B; --cluster: 300,000 of
# 100 B, 100,000 and 20,000 of 1 KB). A jar's class-data archive (hexalog.jsa next to it; hexalog-cluster.jsa for
# --cluster) is used when present, as the README starts the broker.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BEFORE=""
AFTER=""
ROUNDS=4
STORAGES="memory rocksdb"
TOOLS_JAR="$ROOT/benchmarks/target/benchmarks.jar"
WORK_DIR="${TMPDIR:-/tmp}/hexalog-compare-builds"
SCALE=1.0
SUMMARISE=""
CLUSTER=false

while [[ $# -gt 0 ]]; do
    case "$1" in
        --before) BEFORE="$2"; shift ;;
        --after) AFTER="$2"; shift ;;
        --rounds) ROUNDS="$2"; shift ;;
        --storages) STORAGES="$2"; shift ;;
        --tools) TOOLS_JAR="$2"; shift ;;
        --work-dir) WORK_DIR="$2"; shift ;;
        --scale) SCALE="$2"; shift ;;
        --summarise) SUMMARISE="$2"; shift ;;
        --cluster) CLUSTER=true; STORAGES="rocksdb" ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done

# One line per store, workload and metric: the median [min-max] of each build over the rounds, the ratio of the
# medians after/before, and the range of the ratios within each round (the two builds of a round ran back to back,
# so the neighbours' load disturbed them alike).
summarise() {
    echo "medians [min-max] over the rounds; a/b: after/before of the medians; rounds: min-max of each round's a/b"
    printf '%-8s %-16s %-29s %-26s %-26s %5s %11s\n' store workload metric before after a/b rounds
    sort -t$'\t' -k1,1 -k2,2 -k3,3 -k5,5n "$1" | awk -F'\t' '
        function fmt(metric, x) { return metric ~ /_rps$/ ? sprintf("%d", x) : sprintf("%.2f", x) }
        function sorted(list, v,   n, i, j, t) {
            n = split(list, v, " ")
            for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
            return n
        }
        function median(list,   v, n) { n = sorted(list, v); return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }
        function spread(metric, list,   v, n) { n = sorted(list, v); return sprintf("%s [%s-%s]", fmt(metric, median(list)), fmt(metric, v[1]), fmt(metric, v[n])) }
        $3 ~ /^(produce_rps|produce_mbps|consume_rps|consume_mbps|broker_cpu_s_per_gb_produced|broker_cpu_s_per_gb_consumed)$/ \
                || ($2 ~ /\/s$/ && $3 ~ /^produce_p(50|99)_ms$/) {
            key = $1 SUBSEP $2 SUBSEP $3
            if (!(key in seen)) { seen[key] = 1; order[++n] = key }
            vals[key SUBSEP $4] = vals[key SUBSEP $4] " " $6
            byround[key SUBSEP $5 SUBSEP $4] = $6
            rounds[key] = rounds[key] " " $5
        }
        END {
            for (r = 1; r <= n; r++) {
                split(order[r], k, SUBSEP)
                mb = median(vals[order[r] SUBSEP "before"]); ma = median(vals[order[r] SUBSEP "after"])
                lo = ""; hi = ""; split(rounds[order[r]], rs, " ")
                for (i in rs) {
                    b = byround[order[r] SUBSEP rs[i] SUBSEP "before"]; a = byround[order[r] SUBSEP rs[i] SUBSEP "after"]
                    if (b == "" || a == "" || b + 0 == 0) continue
                    q = a / b; if (lo == "" || q < lo) lo = q; if (hi == "" || q > hi) hi = q
                }
                printf "%-8s %-16s %-29s %-26s %-26s %5s %11s\n", k[1], k[2], k[3], spread(k[3], vals[order[r] SUBSEP "before"]),
                    spread(k[3], vals[order[r] SUBSEP "after"]), mb + 0 == 0 ? "-" : sprintf("%.2f", ma / mb),
                    lo == "" ? "-" : sprintf("%.2f-%.2f", lo, hi)
            }
        }'
}

if [[ -n "$SUMMARISE" ]]; then
    summarise "$SUMMARISE"
    exit 0
fi
[[ -f "$BEFORE" && -f "$AFTER" && -f "$TOOLS_JAR" ]] || { echo "--before, --after and the tools jar must exist" >&2; exit 2; }

CLOCK_TICKS="$(getconf CLK_TCK)"
RUN_DIR="$WORK_DIR/run-$(date +%Y%m%d-%H%M%S)"
RESULTS="$RUN_DIR/results.tsv"
mkdir -p "$RUN_DIR"
scaled() { awk -v n="$1" -v s="$SCALE" 'BEGIN { printf "%d", n * s }'; }

# name, record size, partitions, acks, idempotence, rate (0: unbounded), records: each measured phase lasts several
# seconds. A rated workload's name ends in /s, and its produce latencies are compared too.
if $CLUSTER; then
    WORKLOADS=(
        "100B-p6-all-idem   100  6 all true  0    $(scaled 300000)"
        "1KB-p6-acks1       1024 6 1   false 0    $(scaled 100000)"
        "1KB-p6-all-idem    1024 6 all true  0    $(scaled 100000)"
        "1KB-p6-acks1-2000/s 1024 6 1  false 2000 $(scaled 20000)"
        "1KB-p6-all-2000/s  1024 6 all true  2000 $(scaled 20000)"
    )
else
    WORKLOADS=(
        "1KB-p6-all-idem  1024 6 all true  0 $(scaled 300000)"
        "1KB-p1-acks1     1024 1 1   false 0 $(scaled 300000)"
        "100B-p1-acks1    100  1 1   false 0 $(scaled 1000000)"
    )
fi

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

LIVE_PIDS=()
stop_broker() {
    local pid
    for pid in "${LIVE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${LIVE_PIDS[@]}"; do
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    LIVE_PIDS=()
}
trap stop_broker EXIT
trap 'exit 130' INT TERM

free_port() {
    local port
    for port in $(seq "${1:-19500}" 20000); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    echo "no free port" >&2; exit 1
}

record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"; }

# Starts one broker of a build, or three (--cluster), each on a free port with its own data directory; sets
# LIVE_PIDS and SERVERS, or returns 1.
start_build() {
    local jar="$1" storage="$2" dir="$3" nodes=1 node next=19500 voters="" ports=() quorum=() cds=() flags=()
    $CLUSTER && nodes=3
    [[ -f "${jar%.jar}.jsa" ]] && cds=(-XX:SharedArchiveFile="${jar%.jar}.jsa")
    $CLUSTER && [[ -f "${jar%.jar}-cluster.jsa" ]] && cds=(-XX:SharedArchiveFile="${jar%.jar}-cluster.jsa")
    SERVERS=""
    for node in $(seq 1 "$nodes"); do
        ports[node]="$(free_port "$next")"; next=$((ports[node] + 1))
        SERVERS="$SERVERS${SERVERS:+,}127.0.0.1:${ports[node]}"
        if $CLUSTER; then
            quorum[node]="$(free_port "$next")"; next=$((quorum[node] + 1))
            voters="$voters${voters:+,}$node@127.0.0.1:${quorum[node]}"
        fi
    done
    for node in $(seq 1 "$nodes"); do
        flags=(--storage="$storage" --data-dir "$dir/data/node$node" --host 127.0.0.1 --port "${ports[node]}"
            --http-port -1 --log-level WARN)
        $CLUSTER && flags+=(--node-id "$node" --quorum-voters "$voters")
        # three JVMs share the machine: the heap compare-with-kafka.sh --cluster gives each
        java "${cds[@]}" $($CLUSTER && echo -Xms512m -Xmx512m) -jar "$jar" "${flags[@]}" >"$dir/broker$node.log" 2>&1 &
        LIVE_PIDS+=($!)
    done
    for node in $(seq 1 "$nodes"); do
        if ! timeout 130 java -cp "$TOOLS_JAR" io.hexalog.benchmarks.load.StartupProbe --port "${ports[node]}" \
                --brokers "$nodes" --pid "${LIVE_PIDS[node - 1]}" --timeout-seconds 120 >/dev/null 2>>"$dir/probe.log"; then
            return 1
        fi
    done
}

run_one() {
    local build="$1" storage="$2" round="$3" jar dir line name size partitions acks idem rate records out result
    local pids replication=1
    if [[ "$build" == before ]]; then jar="$BEFORE"; else jar="$AFTER"; fi
    dir="$RUN_DIR/$storage-$build-round$round"
    mkdir -p "$dir/data"
    if ! start_build "$jar" "$storage" "$dir"; then
        log "$build/$storage did not start; see $dir/broker*.log"
        stop_broker
        return
    fi
    pids="$(IFS=,; echo "${LIVE_PIDS[*]}")"
    $CLUSTER && replication=3
    log "round $round: $storage $build up (pids $pids, $SERVERS), load $(cut -d' ' -f1 /proc/loadavg)"
    for line in "${WORKLOADS[@]}"; do
        read -r name size partitions acks idem rate records <<<"$line"
        if ! out="$(timeout 300 java -cp "$TOOLS_JAR" io.hexalog.benchmarks.load.LoadTool \
                --bootstrap-servers "$SERVERS" --records "$records" --warmup-records $((records / 5)) \
                --record-size "$size" --partitions "$partitions" --replication-factor "$replication" \
                --acks "$acks" --idempotence "$idem" --rate "$rate" \
                --timeout-seconds 240 --broker-pid "$pids" --clock-ticks "$CLOCK_TICKS" 2>>"$dir/load-errors.log")"; then
            log "  $name failed (see $dir/load-errors.log)"
            continue
        fi
        printf '%s\n' "$out" >>"$dir/load.log"
        result="$(grep '^RESULT ' <<<"$out")"
        log "  $name: ${result#RESULT }"
        for pair in ${result#RESULT }; do record "$storage" "$name" "${pair%%=*}" "$build" "$round" "${pair#*=}"; done
    done
    stop_broker
    rm -rf "$dir/data"
}

log "results in $RUN_DIR; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
    if (( round % 2 )); then order="before after"; else order="after before"; fi
    for storage in $STORAGES; do
        for build in $order; do run_one "$build" "$storage" "$round"; done
    done
done

{
    echo "$ROUNDS ABBA rounds; before: $BEFORE; after: $AFTER; $(nproc) CPUs, load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
    summarise "$RESULTS"
} | tee "$RUN_DIR/summary.txt"
