# Shell helpers shared by bench.sh and compare.sh (sourced, not run). Everything stays on 127.0.0.1.
# webadmin() needs WORK_DIR, WEBADMIN_PORT and WEBADMIN_PASSWORD set by the caller.

# milliseconds since the epoch, without forking when bash has EPOCHREALTIME
now_ms() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        local t=${EPOCHREALTIME/[.,]/}
        echo $((10#$t / 1000))
    else
        echo $(($(date +%s%N) / 1000000))
    fi
}

fmt_s() { # milliseconds -> seconds with 2 decimals
    printf '%d.%02d' $(($1 / 1000)) $((($1 % 1000) / 10))
}

# N distinct free TCP ports on 127.0.0.1
pick_ports() {
    local n=$1
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$n" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
        return
    fi
    # fallback: random ports below the usual ephemeral range, nothing answering on them
    local picked=() p tries=0
    while ((${#picked[@]} < n)); do
        ((tries++ < 1000)) || { echo "cannot find free ports" >&2; return 1; }
        p=$((15000 + RANDOM % 17000))
        [[ " ${picked[*]:-} " == *" $p "* ]] && continue
        if ! timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$p" 2>/dev/null; then
            picked+=("$p")
        fi
    done
    echo "${picked[*]}"
}

# true when something on 127.0.0.1:$1 greets with 220
smtp_greets() {
    timeout 3 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        IFS= read -r -t 2 line <&3 || exit 1
        printf "QUIT\r\n" >&3 || true
        [[ $line == 220* ]]' _ "$1" 2>/dev/null
}

webadmin() { # METHOD PATH [JSON] -> prints the HTTP status code (000 when no answer)
    local method=$1 path=$2 body=${3:-}
    local args=(-s -o "$WORK_DIR/webadmin.out" -w '%{http_code}' --max-time "${WEBADMIN_MAX_TIME:-10}"
                -u "admin:$WEBADMIN_PASSWORD"
                -X "$method" "http://127.0.0.1:$WEBADMIN_PORT$path")
    if [[ -n $body ]]; then
        args+=(-H 'Content-Type: application/json' --data "$body")
    fi
    curl "${args[@]}" || true
}

healthy() {
    [[ $(WEBADMIN_MAX_TIME=2 webadmin GET /healthcheck) == 200 ]]
}

alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

# the java process: the launcher itself when bin/postern execs java, else a java descendant of it
find_java_pid() {
    local root=$1
    if [[ $(cat "/proc/$root/comm" 2>/dev/null) == java ]]; then
        echo "$root"
        return 0
    fi
    local queue=("$root") pid stat line rest state ppid child
    local -A children=()
    for stat in /proc/[0-9]*/stat; do
        pid=${stat#/proc/}
        pid=${pid%/stat}
        { IFS= read -r line <"$stat"; } 2>/dev/null || continue
        rest=${line##*) }            # after "pid (comm) "
        state=${rest%% *}
        rest=${rest#"$state" }
        ppid=${rest%% *}
        children[$ppid]+="$pid "
    done
    while ((${#queue[@]})); do
        pid=${queue[0]}
        queue=("${queue[@]:1}")
        for child in ${children[$pid]:-}; do
            if [[ $(cat "/proc/$child/comm" 2>/dev/null) == java ]]; then
                echo "$child"
                return 0
            fi
            queue+=("$child")
        done
    done
    return 1
}

rss_mb() { # resident memory of a pid, MB
    awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"
}

hwm_mb() { # peak resident memory of a pid, MB
    awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"
}

cpu_ms() { # CPU time (user + system) a pid has used so far, milliseconds
    local ticks
    ticks=$(getconf CLK_TCK 2>/dev/null || echo 100)
    # the command name (field 2) may hold spaces: count fields from after its closing parenthesis
    sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk -v t="$ticks" '{ printf "%d", ($12 + $13) * 1000 / t }' || echo "?"
}
