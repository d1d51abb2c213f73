#!/usr/bin/env bash
# Postern and Postfix side by side: the same smtp-source workloads against the built Postern distribution
# and a private Postfix instance (Debian's package, unpacked into benchmarks/target, its own configuration,
# queue and Maildirs in a temporary directory, listening on 127.0.0.1 only; no system service is touched).
# Prints accepted/s, end-to-end/s and acceptance latency for both, and their ratio. See benchmarks/README.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"

# ------------------------------------------------------------------ defaults / options
DIST_DIR="$ROOT_DIR/distribution/target/postern-0.1.0"
BENCH_JAR="$SCRIPT_DIR/target/postern-bench.jar"
POSTFIX_ROOT="$SCRIPT_DIR/target/postfix/root"
MESSAGES=2000
LARGE_MESSAGES=500
LARGE_SIZE_FROM=65536
SESSIONS_LIST="1,4,16"
SIZES_LIST="5120,102400"
MODES_LIST="new,kept"
DATABASES_LIST="derby"
WARMUP=1000
LATENCY_MESSAGES=300
DELIVERY_TIMEOUT=300
KEEP=0

DOMAIN="bench.test"
RECIPIENT="u1@$DOMAIN"
SENDER="loadgen@$DOMAIN"
USER_PASSWORD="bench-secret"

usage() {
    cat <<EOF
Usage: benchmarks/compare.sh [options]     (as root: Postfix's master starts as root and drops to 'mail')

Builds nothing: run 'mvn -q -DskipTests package' from the repository root first. Postfix comes from
Debian's package (apt-get download postfix) unpacked into $POSTFIX_ROOT on the first run.

  --messages N        messages per run of small messages (default $MESSAGES)
  --large-messages N  messages per run when the size is $LARGE_SIZE_FROM bytes or more (default $LARGE_MESSAGES)
  --sessions LIST     parallel SMTP sessions, one run each (default $SESSIONS_LIST)
  --sizes LIST        message sizes in bytes (default $SIZES_LIST)
  --modes LIST        new = a new connection per message (smtp-source's default, what an MX sees),
                      kept = one connection per session for all its messages (smtp-source -d) (default $MODES_LIST)
  --databases LIST    derby and/or postgresql (a fresh database on 127.0.0.1:5432, user postgres) (default $DATABASES_LIST)
  --warmup N          messages sent to each server before measuring, not measured (default $WARMUP)
  --latency-messages N  messages of the latency pass of each workload (default $LATENCY_MESSAGES; 0 = none)
  --delivery-timeout S  how long a run may wait for its messages to reach the mailbox (default $DELIVERY_TIMEOUT)
  --dist DIR          Postern distribution (default distribution/target/postern-0.1.0)
  --jar FILE          postern-bench.jar (default benchmarks/target/postern-bench.jar)
  --postfix-root DIR  an unpacked postfix package (default $POSTFIX_ROOT)
  --keep              keep the temporary directory (logs, Maildirs, Postern's data)
EOF
}

die_usage() { echo "compare.sh: $*" >&2; usage >&2; exit 2; }
is_uint() { [[ $1 =~ ^(0|[1-9][0-9]{0,8})$ ]]; }

while (($#)); do
    opt=$1
    shift
    case $opt in
        -h|--help) usage; exit 0 ;;
        --keep) KEEP=1; continue ;;
    esac
    (($#)) || die_usage "missing value for $opt"
    val=$1
    shift
    case $opt in
        --messages) is_uint "$val" && ((val > 0)) || die_usage "bad --messages: $val"; MESSAGES=$val ;;
        --large-messages) is_uint "$val" && ((val > 0)) || die_usage "bad --large-messages: $val"; LARGE_MESSAGES=$val ;;
        --sessions) [[ $val =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die_usage "bad --sessions: $val"; SESSIONS_LIST=$val ;;
        --sizes) [[ $val =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die_usage "bad --sizes: $val"; SIZES_LIST=$val ;;
        --modes) [[ $val =~ ^(new|kept)(,(new|kept))*$ ]] || die_usage "bad --modes: $val"; MODES_LIST=$val ;;
        --databases) [[ $val =~ ^(derby|postgresql)(,(derby|postgresql))*$ ]] || die_usage "bad --databases: $val"
            DATABASES_LIST=$val ;;
        --warmup) is_uint "$val" || die_usage "bad --warmup: $val"; WARMUP=$val ;;
        --latency-messages) is_uint "$val" || die_usage "bad --latency-messages: $val"; LATENCY_MESSAGES=$val ;;
        --delivery-timeout) is_uint "$val" && ((val > 0)) || die_usage "bad --delivery-timeout: $val"; DELIVERY_TIMEOUT=$val ;;
        --dist) DIST_DIR=$val ;;
        --jar) BENCH_JAR=$val ;;
        --postfix-root) POSTFIX_ROOT=$val ;;
        *) die_usage "unknown option: $opt" ;;
    esac
done
IFS=',' read -r -a SESSIONS <<<"$SESSIONS_LIST"
IFS=',' read -r -a SIZES <<<"$SIZES_LIST"
IFS=',' read -r -a MODES <<<"$MODES_LIST"
IFS=',' read -r -a DATABASES <<<"$DATABASES_LIST"

# ------------------------------------------------------------------ helpers
# shellcheck source=bench-lib.sh
source "$SCRIPT_DIR/bench-lib.sh"
log() { printf '[compare %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { log "ERROR: $*" >&2; exit 1; }

((EUID == 0)) || fail "run as root: Postfix's master process must start as root (it runs its daemons as 'mail')"
for tool in java curl timeout python3 dpkg; do
    command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is needed on PATH"
done
id mail >/dev/null 2>&1 || fail "the 'mail' user is needed (Postfix's mail_owner)"
getent group news >/dev/null 2>&1 || fail "the 'news' group is needed (Postfix's setgid_group, unused here)"
[[ -x "$DIST_DIR/bin/postern" ]] || fail "no server distribution at $DIST_DIR: run 'mvn -q -DskipTests package' from $ROOT_DIR"
[[ -f "$BENCH_JAR" ]] || fail "no load generator at $BENCH_JAR: run 'mvn -q -DskipTests package' from $ROOT_DIR"

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/postern-compare.XXXXXX")"
chmod 755 "$WORK_DIR"
POSTERN_PID=""
POSTFIX_CONF=""
PG_DATABASE=""

postfix_cmd() { LD_LIBRARY_PATH="$POSTFIX_ROOT/usr/lib/postfix" "$@"; }

stop_postern() {
    if alive "$POSTERN_PID"; then
        kill -TERM "$POSTERN_PID" 2>/dev/null || true
        local deadline=$(($(now_ms) + 60000))
        while alive "$POSTERN_PID" && (($(now_ms) < deadline)); do sleep 0.2; done
        alive "$POSTERN_PID" && kill -KILL "$POSTERN_PID" 2>/dev/null || true
        wait "$POSTERN_PID" 2>/dev/null || true
    fi
    POSTERN_PID=""
    if [[ -n $PG_DATABASE ]]; then
        psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $PG_DATABASE" >/dev/null 2>&1 || true
        PG_DATABASE=""
    fi
}

cleanup() {
    local rc=$?
    stop_postern
    if [[ -n $POSTFIX_CONF ]]; then
        postfix_cmd "$POSTFIX_ROOT/usr/sbin/postfix" -c "$POSTFIX_CONF" stop >/dev/null 2>&1 || true
    fi
    if ((KEEP)); then
        log "kept $WORK_DIR"
    else
        rm -rf "$WORK_DIR"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ Postfix: unpack and start a private instance
if [[ ! -x $POSTFIX_ROOT/usr/sbin/smtp-source ]]; then
    log "fetching Debian's postfix package into $(dirname "$POSTFIX_ROOT")"
    mkdir -p "$(dirname "$POSTFIX_ROOT")"
    (cd "$(dirname "$POSTFIX_ROOT")" && rm -f postfix_*.deb && apt-get download postfix >/dev/null 2>&1) \
        || fail "apt-get download postfix failed (Debian's package registry is needed once)"
    dpkg -x "$(ls "$(dirname "$POSTFIX_ROOT")"/postfix_*.deb | head -n 1)" "$POSTFIX_ROOT"
fi
SMTP_SOURCE="$POSTFIX_ROOT/usr/sbin/smtp-source"
POSTFIX_VERSION=$(postfix_cmd "$POSTFIX_ROOT/usr/sbin/postconf" -d -h mail_version 2>/dev/null || echo "?")

read -r POSTFIX_PORT SMTP_PORT SUBMISSION_PORT SMTPS_PORT IMAP_PORT IMAPS_PORT POP3_PORT POP3S_PORT MANAGESIEVE_PORT \
    WEBADMIN_PORT <<<"$(pick_ports 10)"
[[ -n ${WEBADMIN_PORT:-} ]] || fail "could not pick free ports"

PF="$WORK_DIR/postfix"
POSTFIX_CONF="$PF/conf"
POSTFIX_MAILDIR="$PF/mail/u1/new"
mkdir -p "$PF/conf" "$PF/queue" "$PF/data" "$PF/mail" "$PF/doc"
chown mail:mail "$PF/data" "$PF/mail"
MAIL_UID=$(id -u mail)
MAIL_GID=$(id -g mail)
# Debian's defaults where they matter to speed (queue files and Maildir files fsynced, no chroot), a
# virtual mailbox domain as the seeds' virtual-domain tutorials set it up, logging to a file (postlogd)
cat >"$PF/conf/main.cf" <<EOF
compatibility_level = 3.6
config_directory = $PF/conf
queue_directory = $PF/queue
data_directory = $PF/data
daemon_directory = $POSTFIX_ROOT/usr/lib/postfix/sbin
command_directory = $POSTFIX_ROOT/usr/sbin
shlib_directory = $POSTFIX_ROOT/usr/lib/postfix
meta_directory = $POSTFIX_ROOT/etc/postfix
sendmail_path = $POSTFIX_ROOT/usr/sbin/sendmail
newaliases_path = $POSTFIX_ROOT/usr/bin/newaliases
mailq_path = $POSTFIX_ROOT/usr/bin/mailq
html_directory = $PF/doc
manpage_directory = $PF/doc
readme_directory = $PF/doc
sample_directory = $PF/doc
mail_owner = mail
setgid_group = news
default_privs = nobody
import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C LD_LIBRARY_PATH
maillog_file_prefixes = $PF
maillog_file = $PF/maillog
myhostname = postfix.bench.localhost
mydomain = bench.localhost
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_base = $PF/mail
virtual_mailbox_maps = inline:{ $RECIPIENT=u1/ }
virtual_minimum_uid = 1
virtual_uid_maps = static:$MAIL_UID
virtual_gid_maps = static:$MAIL_GID
alias_maps =
alias_database =
biff = no
smtputf8_enable = no
EOF
cat >"$PF/conf/master.cf" <<EOF
127.0.0.1:$POSTFIX_PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
postfix_cmd "$POSTFIX_ROOT/usr/sbin/postfix" -c "$POSTFIX_CONF" start >"$PF/start.log" 2>&1 \
    || fail "Postfix did not start: $(tail -n 5 "$PF/start.log") $(tail -n 5 "$PF/maillog" 2>/dev/null)"
deadline=$(($(now_ms) + 30000))
until smtp_greets "$POSTFIX_PORT"; do
    (($(now_ms) < deadline)) || fail "Postfix does not greet on 127.0.0.1:$POSTFIX_PORT: $(tail -n 5 "$PF/maillog" 2>/dev/null)"
    sleep 0.1
done
log "Postfix $POSTFIX_VERSION on 127.0.0.1:$POSTFIX_PORT (private instance in $PF)"

# ------------------------------------------------------------------ Postern
WEBADMIN_PASSWORD="bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

start_postern() { # DATABASE
    local database=$1 conf="$WORK_DIR/postern-$1/conf"
    export SMTP_PORT SUBMISSION_PORT SMTPS_PORT IMAP_PORT IMAPS_PORT POP3_PORT POP3S_PORT MANAGESIEVE_PORT WEBADMIN_PORT
    export WEBADMIN_PASSWORD BIND_ADDRESS=127.0.0.1 WEBADMIN_BIND_ADDRESS=127.0.0.1 MAIL_HOSTNAME=bench.localhost
    export DNS_SERVERS=127.0.0.1 DATA_DIR="$WORK_DIR/postern-$database/data" CONF_DIR="$conf"
    mkdir -p "$DATA_DIR"
    cp -r "$DIST_DIR/conf" "$conf"
    if [[ $database == postgresql ]]; then
        command -v psql >/dev/null 2>&1 || fail "psql is needed for --databases postgresql"
        PG_DATABASE="postern_compare_$$"
        psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $PG_DATABASE" >/dev/null \
            || fail "cannot create database $PG_DATABASE on 127.0.0.1:5432 as postgres"
        # the shipped file with its PostgreSQL block in place of the Derby lines
        sed -i -e 's/^database\./#&/' \
            -e "s|^#database.driverClassName=org.postgresql.Driver|database.driverClassName=org.postgresql.Driver|" \
            -e "s|^#database.url=jdbc:postgresql://127.0.0.1:5432/postern|database.url=jdbc:postgresql://127.0.0.1:5432/$PG_DATABASE|" \
            "$conf/james-database.properties"
        printf 'database.username=postgres\ndatabase.password=\n' >>"$conf/james-database.properties"
        grep -q "^database.url=jdbc:postgresql" "$conf/james-database.properties" \
            || fail "the shipped james-database.properties has no PostgreSQL block to enable"
    fi
    local start
    start=$(now_ms)
    "$DIST_DIR/bin/postern" >"$WORK_DIR/postern-$database/server.log" 2>&1 </dev/null &
    POSTERN_PID=$!   # bin/postern execs java
    local deadline=$((start + 120000))
    until smtp_greets "$SMTP_PORT" && healthy; do
        alive "$POSTERN_PID" || fail "Postern exited while starting: $(tail -n 20 "$WORK_DIR/postern-$database/server.log")"
        (($(now_ms) < deadline)) || fail "Postern not ready after 120 s"
        sleep 0.1
    done
    POSTERN_READY_MS=$(($(now_ms) - start))
    local code
    code=$(webadmin PUT "/domains/$DOMAIN")
    [[ $code == 2?? ]] || fail "PUT /domains/$DOMAIN -> HTTP $code"
    code=$(webadmin PUT "/users/$RECIPIENT" "{\"password\":\"$USER_PASSWORD\"}")
    [[ $code == 2?? ]] || fail "PUT /users/$RECIPIENT -> HTTP $code"
    log "Postern on $database ready in $(fmt_s "$POSTERN_READY_MS") s, SMTP 127.0.0.1:$SMTP_PORT, RSS $(rss_mb "$POSTERN_PID") MB"
}

# ------------------------------------------------------------------ counting and driving
postfix_count() {
    if [[ -d $POSTFIX_MAILDIR ]]; then
        find "$POSTFIX_MAILDIR" -maxdepth 1 -type f | wc -l
    else
        echo 0
    fi
}

postern_count() {
    java -cp "$BENCH_JAR" org.postern.bench.MailboxWait "127.0.0.1:$IMAPS_PORT" tls "$RECIPIENT" "$USER_PASSWORD" 0 30 \
        | awk '/^messages / { print $2 }'
}

# waits until the server's mailbox holds EXPECTED messages; prints nothing, fails after the timeout
await_count() { # SERVER EXPECTED
    local server=$1 expected=$2
    if [[ $server == postfix ]]; then
        local deadline=$(($(now_ms) + DELIVERY_TIMEOUT * 1000))
        until (($(postfix_count) >= expected)); do
            (($(now_ms) < deadline)) || fail "Postfix delivered $(postfix_count) of $expected within ${DELIVERY_TIMEOUT}s"
            sleep 0.05
        done
    else
        java -cp "$BENCH_JAR" org.postern.bench.MailboxWait "127.0.0.1:$IMAPS_PORT" tls "$RECIPIENT" "$USER_PASSWORD" \
            "$expected" "$DELIVERY_TIMEOUT" >/dev/null || fail "Postern did not deliver $expected messages within ${DELIVERY_TIMEOUT}s"
    fi
}

server_port() { if [[ $1 == postfix ]]; then echo "$POSTFIX_PORT"; else echo "$SMTP_PORT"; fi; }
count_of() { if [[ $1 == postfix ]]; then postfix_count; else postern_count; fi; }

# one smtp-source run; sets ACCEPTED_PER_S and E2E_PER_S
source_run() { # SERVER MODE SESSIONS SIZE MESSAGES
    local server=$1 mode=$2 sessions=$3 size=$4 messages=$5 before start accepted done
    before=$(count_of "$server")
    local args=(-s "$sessions" -m "$messages" -l "$size" -f "$SENDER" -t "$RECIPIENT" -M client.bench.localhost)
    [[ $mode == kept ]] && args+=(-d)
    start=$(now_ms)
    postfix_cmd timeout 900 "$SMTP_SOURCE" "${args[@]}" "127.0.0.1:$(server_port "$server")" >"$WORK_DIR/source.out" 2>&1 \
        || fail "smtp-source against $server ($mode, $sessions sessions, $size bytes): $(tail -n 3 "$WORK_DIR/source.out")"
    accepted=$(now_ms)
    await_count "$server" $((before + messages))
    done=$(now_ms)
    ACCEPTED_PER_S=$(awk -v n="$messages" -v ms=$((accepted - start)) 'BEGIN { printf "%.0f", n * 1000 / (ms > 0 ? ms : 1) }')
    E2E_PER_S=$(awk -v n="$messages" -v ms=$((done - start)) 'BEGIN { printf "%.0f", n * 1000 / (ms > 0 ? ms : 1) }')
}

# acceptance latency of the same workload with Postern's generator; sets P50 and P99 (ms)
latency_run() { # SERVER MODE SESSIONS SIZE
    local server=$1 mode=$2 sessions=$3 size=$4 before summary
    P50="-"; P99="-"
    ((LATENCY_MESSAGES > 0)) || return 0
    before=$(count_of "$server")
    local args=(--smtp "127.0.0.1:$(server_port "$server")" --messages "$LATENCY_MESSAGES" --size "$size"
                --connections "$sessions" --warmup 0 --from "$SENDER" --to "$RECIPIENT" --helo client.bench.localhost)
    [[ $mode == new ]] && args+=(--connection-per-message)
    summary=$(java -Xmx256m -jar "$BENCH_JAR" "${args[@]}" | grep '^SUMMARY' || true)
    [[ $summary == *result=OK* ]] || fail "latency run against $server failed: $summary"
    P50=$(sed -n 's/.* p50_ms=\([^ ]*\).*/\1/p' <<<"$summary")
    P99=$(sed -n 's/.* p99_ms=\([^ ]*\).*/\1/p' <<<"$summary")
    await_count "$server" $((before + LATENCY_MESSAGES))
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# ------------------------------------------------------------------ the runs
CORES=$(nproc 2>/dev/null || echo "?")
log "machine: $CORES cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null), $(java -version 2>&1 | head -n 1)"

declare -A POSTFIX_RESULT=()
declare -a TABLE=()
for database in "${DATABASES[@]}"; do
    start_postern "$database"
    IDLE_RSS=$(rss_mb "$POSTERN_PID")
    if ((WARMUP > 0)); then
        log "warm-up: $WARMUP messages to each server (16 sessions, kept connections), not measured"
        for server in postfix postern; do
            source_run "$server" kept 16 5120 "$WARMUP"
        done
    fi
    for size in "${SIZES[@]}"; do
        messages=$MESSAGES
        ((size >= LARGE_SIZE_FROM)) && messages=$LARGE_MESSAGES
        for mode in "${MODES[@]}"; do
            for sessions in "${SESSIONS[@]}"; do
                key="$mode/$sessions/$size"
                if [[ -z ${POSTFIX_RESULT[$key]:-} ]]; then
                    source_run postfix "$mode" "$sessions" "$size" "$messages"
                    latency_run postfix "$mode" "$sessions" "$size"
                    POSTFIX_RESULT[$key]="$ACCEPTED_PER_S $E2E_PER_S $P50 $P99"
                fi
                read -r pf_acc pf_e2e pf_p50 pf_p99 <<<"${POSTFIX_RESULT[$key]}"
                source_run postern "$mode" "$sessions" "$size" "$messages"
                latency_run postern "$mode" "$sessions" "$size"
                row=$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s |' \
                    "$database" "$mode" "$sessions" "$size" "$messages" \
                    "$ACCEPTED_PER_S" "$pf_acc" "$(ratio "$ACCEPTED_PER_S" "$pf_acc")" \
                    "$E2E_PER_S" "$pf_e2e" "$(ratio "$E2E_PER_S" "$pf_e2e")" "$P50" "$P99" "$pf_p50" "$pf_p99")
                TABLE+=("$row")
                log "$row"
            done
        done
    done
    LOAD_RSS=$(rss_mb "$POSTERN_PID")
    PEAK_RSS=$(hwm_mb "$POSTERN_PID")
    TABLE+=("| $database | Postern start $(fmt_s "$POSTERN_READY_MS") s, RSS idle $IDLE_RSS MB, after the runs $LOAD_RSS MB (peak $PEAK_RSS MB) |")
    stop_postern
done

echo
echo "Postern vs Postfix $POSTFIX_VERSION, $(date -u +%Y-%m-%d), $CORES cores; smtp-source to one mailbox, 127.0.0.1"
echo "(accepted/s: until smtp-source has its last reply; end to end/s: until every message is in the mailbox;"
echo " latency: ms from MAIL FROM, or from the connect for a new connection per message, to the 250 after the data,"
echo " $LATENCY_MESSAGES messages with Postern's generator)"
echo
echo "| db | connection | sessions | bytes | messages | Postern accepted/s | Postfix accepted/s | ratio | Postern end-to-end/s | Postfix end-to-end/s | ratio | Postern p50 / p99 ms | Postfix p50 / p99 ms |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${TABLE[@]}"
