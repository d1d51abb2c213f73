#!/usr/bin/env bash
# Postern end-to-end benchmark: start the built distribution on free 127.0.0.1 ports with a throwaway
# data directory, measure start-to-ready time and resident memory, create a test domain and users,
# push SMTP load at several concurrency levels (benchmarks/target/postern-bench.jar), verify delivery
# over IMAP, stop the server and print every figure. Nothing leaves 127.0.0.1. See benchmarks/README.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"

# ------------------------------------------------------------------ defaults / options
DIST_DIR="$ROOT_DIR/distribution/target/postern-0.1.0"
BENCH_JAR="$SCRIPT_DIR/target/postern-bench.jar"
MESSAGES=2000
SIZE=5120
CONNECTIONS_LIST="1,4,16"
WARMUP=100
SERVER_WARMUP=0
IDLE_SECONDS=10
READY_TIMEOUT=120
VERIFY_TIMEOUT=120
RUN_TIMEOUT=900
STOP_TIMEOUT=60
SENDER="loadgen@bench.test"
DNS="127.0.0.1"
USE_IMAPS=1
KEEP=0
STRICT=0

DOMAIN="bench.test"
USERS=(u1 u2 u3 u4)
USER_PASSWORD="bench-secret"

# targets (README.md): on a 2-core machine
TARGET_MSGS_PER_S=600      # at the highest concurrency of the list (16 by default)
TARGET_READY_S=10
TARGET_IDLE_RSS_MB=400

usage() {
    cat <<EOF
Usage: benchmarks/bench.sh [options]

Builds nothing: run 'mvn -q -DskipTests package' from the repository root first.

  --messages N          measured messages per run (default $MESSAGES)
  --size BYTES          message size incl. headers (default $SIZE)
  --connections LIST    comma-separated concurrency levels, one run each (default $CONNECTIONS_LIST)
  --warmup N            warmup messages per run, delivered but not measured (default $WARMUP)
  --server-warmup N     before the runs, N messages at the highest concurrency, not measured, so that the
                        JIT has compiled the server's hot paths (default $SERVER_WARMUP; 0 = measure cold)
  --idle-seconds S      idle time before reading the idle resident memory (default $IDLE_SECONDS)
  --ready-timeout S     give up if the server is not ready after S seconds (default $READY_TIMEOUT)
  --verify-timeout S    per run: how long to wait for delivery to the INBOXes (default $VERIFY_TIMEOUT)
  --run-timeout S       per run: hard limit for the load generator process (default $RUN_TIMEOUT)
  --from ADDR           envelope sender (default $SENDER)
  --dns IPS             DNS_SERVERS given to the server (default $DNS: keeps every lookup local)
  --imap-plain          verify delivery over plain IMAP (IMAP_PORT) instead of IMAPS (IMAPS_PORT);
                        Postern refuses LOGIN on plain IMAP by default (plainAuthDisallowed)
  --dist DIR            server distribution (default distribution/target/postern-0.1.0)
  --jar FILE            load generator jar (default benchmarks/target/postern-bench.jar)
  --keep                keep the temporary directory (data, server log, run logs)
  --strict              exit 3 when a target is missed (figures are only printed otherwise)
  -h, --help            this text

Exit status: 0 done (targets are reported, not enforced unless --strict), 1 the server failed to
start/provision or a run had refused or undelivered messages, 2 bad command line, 3 target missed (--strict).
EOF
}

die_usage() {
    echo "bench.sh: $*" >&2
    usage >&2
    exit 2
}

is_uint() { [[ $1 =~ ^(0|[1-9][0-9]{0,8})$ ]]; }

while (($#)); do
    opt="$1"
    case "$opt" in
        -h|--help) usage; exit 0 ;;
        --keep) KEEP=1; shift; continue ;;
        --strict) STRICT=1; shift; continue ;;
        --imaps) USE_IMAPS=1; shift; continue ;;
        --imap-plain) USE_IMAPS=0; shift; continue ;;
    esac
    case "$opt" in
        --messages|--size|--connections|--warmup|--server-warmup|--idle-seconds|--ready-timeout|--verify-timeout|--run-timeout|\
        --from|--dns|--dist|--jar) ;;
        *) die_usage "unknown option: $opt" ;;
    esac
    (($# >= 2)) || die_usage "missing value for $opt"
    val="$2"
    shift 2
    case "$opt" in
        --messages) is_uint "$val" && ((val > 0)) || die_usage "bad --messages: $val"; MESSAGES=$val ;;
        --size) is_uint "$val" && ((val > 0)) || die_usage "bad --size: $val"; SIZE=$val ;;
        --connections)
            [[ $val =~ ^[0-9]+(,[0-9]+)*$ ]] || die_usage "bad --connections list: $val"
            CONNECTIONS_LIST=$val ;;
        --warmup) is_uint "$val" || die_usage "bad --warmup: $val"; WARMUP=$val ;;
        --server-warmup) is_uint "$val" || die_usage "bad --server-warmup: $val"; SERVER_WARMUP=$val ;;
        --idle-seconds) is_uint "$val" || die_usage "bad --idle-seconds: $val"; IDLE_SECONDS=$val ;;
        --ready-timeout) is_uint "$val" && ((val > 0)) || die_usage "bad --ready-timeout: $val"; READY_TIMEOUT=$val ;;
        --verify-timeout) is_uint "$val" || die_usage "bad --verify-timeout: $val"; VERIFY_TIMEOUT=$val ;;
        --run-timeout) is_uint "$val" && ((val > 0)) || die_usage "bad --run-timeout: $val"; RUN_TIMEOUT=$val ;;
        --from) [[ $val == ?*@?* ]] || die_usage "bad --from: $val"; SENDER=$val ;;
        --dns) [[ -n $val ]] || die_usage "empty --dns"; DNS=$val ;;
        --dist) DIST_DIR=$val ;;
        --jar) BENCH_JAR=$val ;;
        *) die_usage "unknown option: $opt" ;;
    esac
done
IFS=',' read -r -a raw_connections <<<"$CONNECTIONS_LIST"
CONNECTIONS=()
for c in "${raw_connections[@]}"; do
    c=$((10#$c))
    ((c > 0)) || die_usage "connection counts must be positive: $CONNECTIONS_LIST"
    CONNECTIONS+=("$c")
done

# ------------------------------------------------------------------ helpers
# shellcheck source=bench-lib.sh
source "$SCRIPT_DIR/bench-lib.sh"
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { log "ERROR: $*" >&2; exit 1; }

for tool in java curl timeout; do
    command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is needed on PATH"
done
[[ -x "$DIST_DIR/bin/postern" ]] || fail "no server distribution at $DIST_DIR (bin/postern missing): run 'mvn -q -DskipTests package' from $ROOT_DIR"
[[ -f "$BENCH_JAR" ]] || fail "no load generator at $BENCH_JAR: run 'mvn -q -DskipTests package' from $ROOT_DIR"

LAUNCHER_PID=""
JAVA_PID=""
GEN_PID=""
TAIL_PID=""
SHUTDOWN_MS=""
EXIT_REASON="interrupted or failed"
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/postern-bench.XXXXXX")"

stop_server() {
    local pids=() p start deadline
    if [[ -z $JAVA_PID ]] && alive "$LAUNCHER_PID"; then
        JAVA_PID=$(find_java_pid "$LAUNCHER_PID" || true)
    fi
    for p in "$JAVA_PID" "$LAUNCHER_PID"; do
        alive "$p" && pids+=("$p")
    done
    ((${#pids[@]})) || return 0
    start=$(now_ms)
    kill -TERM "${pids[@]}" 2>/dev/null || true
    deadline=$((start + STOP_TIMEOUT * 1000))
    while alive "$JAVA_PID" || alive "$LAUNCHER_PID"; do
        if (($(now_ms) > deadline)); then
            log "server did not stop within ${STOP_TIMEOUT}s after SIGTERM: SIGKILL"
            kill -KILL "$JAVA_PID" "$LAUNCHER_PID" 2>/dev/null || true
            break
        fi
        sleep 0.1
    done
    if [[ -n $LAUNCHER_PID ]]; then
        wait "$LAUNCHER_PID" 2>/dev/null || true
    fi
    SHUTDOWN_MS=$(($(now_ms) - start))
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if alive "$GEN_PID"; then
        kill -TERM "$GEN_PID" 2>/dev/null || true   # timeout(1) passes it on to the generator
        wait "$GEN_PID" 2>/dev/null || true
    fi
    if alive "$TAIL_PID"; then
        kill "$TAIL_PID" 2>/dev/null || true
    fi
    stop_server || true
    if ((rc != 0 && rc != 2 && rc != 3)) && [[ -f "$WORK_DIR/server.log" ]]; then
        echo "---- last lines of the server log ($EXIT_REASON) ----" >&2
        tail -n 40 "$WORK_DIR/server.log" >&2 || true
        echo "----" >&2
    fi
    if ((KEEP)); then
        log "kept $WORK_DIR (server.log, run-C*.log, data/)"
    else
        rm -rf "$WORK_DIR"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'EXIT_REASON=interrupted; exit 130' INT
trap 'EXIT_REASON=interrupted; exit 143' TERM

# ------------------------------------------------------------------ start
read -r SMTP_PORT SUBMISSION_PORT SMTPS_PORT IMAP_PORT IMAPS_PORT POP3_PORT POP3S_PORT MANAGESIEVE_PORT WEBADMIN_PORT \
    <<<"$(pick_ports 9)"
[[ -n ${WEBADMIN_PORT:-} ]] || fail "could not pick free ports"
WEBADMIN_PASSWORD="bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export SMTP_PORT SUBMISSION_PORT SMTPS_PORT IMAP_PORT IMAPS_PORT POP3_PORT POP3S_PORT MANAGESIEVE_PORT WEBADMIN_PORT
export BIND_ADDRESS=127.0.0.1
export WEBADMIN_BIND_ADDRESS=127.0.0.1
export DATA_DIR="$WORK_DIR/data"
export MAIL_HOSTNAME=bench.localhost
export DNS_SERVERS="$DNS"
export WEBADMIN_PASSWORD
mkdir -p "$DATA_DIR"

CORES=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
log "machine: $CORES cores, $(java -version 2>&1 | head -n 1)"
log "server: $DIST_DIR"
log "ports: smtp=$SMTP_PORT imap=$IMAP_PORT imaps=$IMAPS_PORT webadmin=$WEBADMIN_PORT (127.0.0.1), data: $DATA_DIR"

START_MS=$(now_ms)
"$DIST_DIR/bin/postern" >"$WORK_DIR/server.log" 2>&1 </dev/null &
LAUNCHER_PID=$!

# ------------------------------------------------------------------ start to ready
EXIT_REASON="server not ready"
deadline=$((START_MS + READY_TIMEOUT * 1000))
smtp_ready_ms=""
web_ready_ms=""
while [[ -z $smtp_ready_ms || -z $web_ready_ms ]]; do
    if ! alive "$LAUNCHER_PID"; then
        wait "$LAUNCHER_PID" 2>/dev/null && code=0 || code=$?
        fail "the server exited (status $code) before being ready"
    fi
    if [[ -z $smtp_ready_ms ]] && smtp_greets "$SMTP_PORT"; then
        smtp_ready_ms=$(now_ms)
    fi
    if [[ -z $web_ready_ms ]] && healthy; then
        web_ready_ms=$(now_ms)
    fi
    if [[ -n $smtp_ready_ms && -n $web_ready_ms ]]; then
        break
    fi
    (($(now_ms) < deadline)) || fail "server not ready after ${READY_TIMEOUT}s (smtp 220: ${smtp_ready_ms:+yes}${smtp_ready_ms:-no}, healthcheck 200: ${web_ready_ms:+yes}${web_ready_ms:-no})"
    sleep 0.1
done
READY_MS=$(( (smtp_ready_ms > web_ready_ms ? smtp_ready_ms : web_ready_ms) - START_MS ))
JAVA_PID=$(find_java_pid "$LAUNCHER_PID" || true)
[[ -n $JAVA_PID ]] || fail "cannot find the server's java process (launcher pid $LAUNCHER_PID)"
log "ready in $(fmt_s "$READY_MS") s (smtp 220 after $(fmt_s $((smtp_ready_ms - START_MS))) s, healthcheck 200 after $(fmt_s $((web_ready_ms - START_MS))) s); java pid $JAVA_PID"

# ------------------------------------------------------------------ idle memory
EXIT_REASON="server died"
log "idling ${IDLE_SECONDS}s before reading resident memory..."
sleep "$IDLE_SECONDS" &
wait $!
alive "$JAVA_PID" || fail "the server died while idle"
IDLE_RSS_MB=$(rss_mb "$JAVA_PID")
log "idle resident memory: ${IDLE_RSS_MB} MB"

# ------------------------------------------------------------------ provisioning
EXIT_REASON="provisioning failed"
code=$(webadmin PUT "/domains/$DOMAIN")
[[ $code == 2?? ]] || fail "PUT /domains/$DOMAIN -> HTTP $code: $(head -c 500 "$WORK_DIR/webadmin.out" 2>/dev/null)"
RECIPIENTS=""
for u in "${USERS[@]}"; do
    code=$(webadmin PUT "/users/$u@$DOMAIN" "{\"password\":\"$USER_PASSWORD\"}")
    [[ $code == 2?? ]] || fail "PUT /users/$u@$DOMAIN -> HTTP $code: $(head -c 500 "$WORK_DIR/webadmin.out" 2>/dev/null)"
    RECIPIENTS+="${RECIPIENTS:+,}$u@$DOMAIN"
done
log "created domain $DOMAIN and users $RECIPIENTS"

# ------------------------------------------------------------------ load runs
EXIT_REASON="load run failed"
if ((USE_IMAPS)); then
    IMAP_ARGS=(--imap "127.0.0.1:$IMAPS_PORT" --imap-tls)
else
    IMAP_ARGS=(--imap "127.0.0.1:$IMAP_PORT")
fi
declare -a SUMMARIES=()
read -r -a GENERATOR_JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--Xmx512m}"
RUNS_OK=1
max_c=0
for c in "${CONNECTIONS[@]}"; do
    if ((c > max_c)); then max_c=$c; fi
done

# run_generator CONNECTIONS MESSAGES WARMUP LOG: one generator run; sets RUN_SUMMARY to its SUMMARY line
# (a FAILED one when the generator failed) and RUNS_OK=0 on failure
run_generator() {
    local c=$1 messages=$2 warmup=$3 run_log=$4 rc=0 summary
    : >"$run_log"
    # in the background and awaited with 'wait', so that a signal to this script is handled at once
    timeout --kill-after=10 "$RUN_TIMEOUT" \
        java "${GENERATOR_JAVA_OPTS[@]}" -jar "$BENCH_JAR" --smtp "127.0.0.1:$SMTP_PORT" --messages "$messages" --size "$SIZE" \
        --connections "$c" --warmup "$warmup" --from "$SENDER" --to "$RECIPIENTS" \
        "${IMAP_ARGS[@]}" --password "$USER_PASSWORD" --verify-timeout "$VERIFY_TIMEOUT" \
        >"$run_log" 2>&1 </dev/null &
    GEN_PID=$!
    tail -s 0.2 -n +1 -f --pid="$GEN_PID" "$run_log" &
    TAIL_PID=$!
    wait "$GEN_PID" || rc=$?
    wait "$TAIL_PID" 2>/dev/null || true
    GEN_PID=""
    TAIL_PID=""
    summary=$(grep '^SUMMARY ' "$run_log" | tail -n 1 || true)
    if ((rc != 0)); then
        RUNS_OK=0
        if ((rc == 124 || rc == 137)); then
            log "run with $c connection(s) hit --run-timeout ${RUN_TIMEOUT}s"
        fi
        [[ -n $summary ]] || summary="SUMMARY connections=$c result=FAILED(exit-$rc)"
    fi
    RUN_SUMMARY=$summary
}

SERVER_WARMUP_SUMMARY=""
if ((SERVER_WARMUP > 0)); then
    # The JIT compiler is still busy with the server's hot paths for the first several thousand messages
    # (and takes CPU from it); a server in service has long compiled them. Not measured.
    log "server warm-up: $SERVER_WARMUP messages over $max_c connection(s), not measured"
    run_generator "$max_c" "$SERVER_WARMUP" 0 "$WORK_DIR/run-warmup.log"
    SERVER_WARMUP_SUMMARY=$RUN_SUMMARY
    alive "$JAVA_PID" || fail "the server died during the warm-up"
fi

for c in "${CONNECTIONS[@]}"; do
    log "run: $MESSAGES messages of $SIZE bytes over $c connection(s) (+$WARMUP warmup)"
    cpu_before=$(cpu_ms "$JAVA_PID")
    run_generator "$c" "$MESSAGES" "$WARMUP" "$WORK_DIR/run-C$c.log"
    cpu_after=$(cpu_ms "$JAVA_PID")
    # the server's CPU time from the run's first connection until its last message was in the mailbox
    if [[ $cpu_before =~ ^[0-9]+$ && $cpu_after =~ ^[0-9]+$ ]]; then
        RUN_SUMMARY+=" server_cpu_ms_per_msg=$(awk -v d=$((cpu_after - cpu_before)) -v n=$((MESSAGES + WARMUP)) 'BEGIN { printf "%.2f", d / n }')"
    fi
    SUMMARIES+=("$RUN_SUMMARY")
    alive "$JAVA_PID" || fail "the server died during the run with $c connection(s)"
done

AFTER_RSS_MB=$(rss_mb "$JAVA_PID")
PEAK_RSS_MB=$(hwm_mb "$JAVA_PID")
log "resident memory after the traffic: ${AFTER_RSS_MB} MB (peak ${PEAK_RSS_MB} MB)"

# ------------------------------------------------------------------ stop
EXIT_REASON="stopping failed"
log "stopping the server (SIGTERM)..."
stop_server
log "stopped in $(fmt_s "$SHUTDOWN_MS") s"
EXIT_REASON="done"

# ------------------------------------------------------------------ report
field() { # KEY SUMMARY-LINE
    local v
    v=$(sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2")
    echo "${v:--}"
}
verdict() { # OK-CONDITION (0/1)
    if (($1)); then echo "ok"; else echo "MISSED"; fi
}

MISSED=0
ready_ok=$((READY_MS <= TARGET_READY_S * 1000))
idle_ok=0
if [[ $IDLE_RSS_MB =~ ^[0-9]+$ ]] && ((IDLE_RSS_MB <= TARGET_IDLE_RSS_MB)); then
    idle_ok=1
fi
if ((!ready_ok || !idle_ok)); then
    MISSED=1
fi

echo
echo "================ Postern benchmark ================"
printf '%-30s %s\n' "machine" "$CORES cores (targets assume 2)"
printf '%-30s %s\n' "message size / count" "$SIZE bytes / $MESSAGES per run (+$WARMUP warmup)"
if [[ -n $SERVER_WARMUP_SUMMARY ]]; then
    printf '%-30s %s\n' "server warm-up (not measured)" \
        "$SERVER_WARMUP messages at $(field connections "$SERVER_WARMUP_SUMMARY") connections: $(field msgs_per_s "$SERVER_WARMUP_SUMMARY") msgs/s, $(field delivered "$SERVER_WARMUP_SUMMARY")/$(field expected "$SERVER_WARMUP_SUMMARY") delivered, $(field result "$SERVER_WARMUP_SUMMARY")"
else
    printf '%-30s %s\n' "server warm-up" "none (--server-warmup 0): the runs include the JIT's warm-up"
fi
printf '%-30s %-12s target <= %s s   %s\n' "start to ready" "$(fmt_s "$READY_MS") s" "$TARGET_READY_S" "$(verdict $ready_ok)"
printf '%-30s %-12s target <= %s MB  %s\n' "idle resident memory" "$IDLE_RSS_MB MB" "$TARGET_IDLE_RSS_MB" "$(verdict $idle_ok)"
printf '%-30s %s\n' "resident memory after load" "$AFTER_RSS_MB MB (peak $PEAK_RSS_MB MB)"
printf '%-30s %s\n' "shutdown after SIGTERM" "$(fmt_s "$SHUTDOWN_MS") s"
echo
printf '%5s %10s %9s %9s %9s %9s %9s %16s %12s %10s %s\n' \
    "conns" "msgs/s" "p50 ms" "p90 ms" "p99 ms" "max ms" "failures" "delivered" "delivery s" "CPU ms/msg" "result"
throughput_ok=1
for s in "${SUMMARIES[@]}"; do
    c=$(field connections "$s")
    printf '%5s %10s %9s %9s %9s %9s %9s %16s %12s %10s %s\n' \
        "$c" "$(field msgs_per_s "$s")" "$(field p50_ms "$s")" "$(field p90_ms "$s")" "$(field p99_ms "$s")" \
        "$(field max_ms "$s")" "$(field failures "$s")" "$(field delivered "$s")/$(field expected "$s")" \
        "$(field delivery_s "$s")" "$(field server_cpu_ms_per_msg "$s")" "$(field result "$s")"
    if [[ $c == "$max_c" ]]; then
        rate=$(field msgs_per_s "$s")
        rate=${rate%%.*}
        if ! [[ $rate =~ ^[0-9]+$ ]] || ((rate < TARGET_MSGS_PER_S)); then
            throughput_ok=0
        fi
    fi
done
printf '%-30s target >= %s accepted msgs/s at %s connections  %s\n' "throughput" "$TARGET_MSGS_PER_S" "$max_c" "$(verdict $throughput_ok)"
if ((!throughput_ok)); then
    MISSED=1
fi
echo "==================================================="

if ((!RUNS_OK)); then
    EXIT_REASON="a load run failed"
    log "a load run failed (refused messages, or delivery not complete or not verifiable): see the runs above"
    exit 1
fi
if ((STRICT && MISSED)); then
    log "a target was missed (--strict)"
    exit 3
fi
exit 0
