# Shared helpers of the load scripts in this folder; sourced, not run. Everything binds and connects to 127.0.0.1.
# shellcheck shell=bash

LOAD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# For the scripts that source this file.
# shellcheck disable=SC2034
{
    REPO_ROOT="$(cd "$LOAD_DIR/../.." && pwd)"
    CLK_TCK="$(getconf CLK_TCK)"
}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Nothing here goes through a proxy the environment may name (curl and .NET both read these).
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

STARTED_PIDS=()
WORK_DIR=""

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Stops every process this script started (by pid, newest first), then removes the scratch directory.
cleanup() {
    local i pid
    for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
        pid="${STARTED_PIDS[i]}"
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${STARTED_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    STARTED_PIDS=()
    if [[ -n "$WORK_DIR" && -d "$WORK_DIR" && -z "${KEEP_WORK:-}" ]]; then
        rm -rf "$WORK_DIR"
    fi
}

make_work_dir() {
    WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/meshlib-load.XXXXXX")"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
}

# Installs the Debian packages that provide the given commands when any is missing ("command:package" pairs).
ensure_commands() {
    local pair missing=()
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
    done
    ((${#missing[@]} == 0)) && return 0
    local sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 || die "missing ${missing[*]}; run as root or install them"
        sudo=(sudo)
    fi
    log "installing ${missing[*]} (apt-get)"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -qq update >/dev/null \
        || die "apt-get update failed"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -qq install -y "${missing[@]}" >/dev/null \
        || die "apt-get install ${missing[*]} failed"
}

# Builds a project in Release and prints the path of its built assembly.
build_project() {
    local project="$1" target
    local output
    output="$(dotnet build "$project" -c Release --nologo -v quiet 2>&1)" || { printf '%s\n' "$output" >&2; die "build of $project failed"; }
    target="$(dotnet msbuild "$project" -p:Configuration=Release -getProperty:TargetPath)" || die "cannot locate the build of $project"
    [[ -f "$target" ]] || die "build of $project did not produce $target"
    printf '%s\n' "$target"
}

# Sets LOAD_DLL and SIDECAR_DLL: built now in Release, or the last Release build when $1 is 1 (--skip-build).
build_load_tools() {
    if (($1)); then
        log "using the last Release build"
        LOAD_DLL="$REPO_ROOT/benchmarks/MeshLib.Load/bin/Release/net10.0/MeshLib.Load.dll"
        SIDECAR_DLL="$REPO_ROOT/src/MeshLib.Sidecar/bin/Release/net10.0/MeshLib.Sidecar.dll"
        [[ -f "$LOAD_DLL" && -f "$SIDECAR_DLL" ]] || die "no Release build yet: run without --skip-build"
    else
        log "building (Release)"
        LOAD_DLL="$(build_project "$REPO_ROOT/benchmarks/MeshLib.Load/MeshLib.Load.csproj")"
        SIDECAR_DLL="$(build_project "$REPO_ROOT/src/MeshLib.Sidecar/MeshLib.Sidecar.csproj")"
    fi
}

USED_PORTS=" "
# A free TCP port on 127.0.0.1, not handed out before in this run.
free_port() {
    local port i
    for ((i = 0; i < 200; i++)); do
        port=$((20000 + RANDOM % 20000))
        [[ "$USED_PORTS" == *" $port "* ]] && continue
        if [[ -z "$(ss -Htln "sport = :$port" 2>/dev/null)" ]]; then
            USED_PORTS+="$port "
            printf '%s\n' "$port"
            return 0
        fi
    done
    die "no free port found"
}

# Starts a command in the background, pinned to the CPU list $1 (empty: not pinned), output to $2; sets LAST_PID.
start_process() {
    local cpus="$1" logfile="$2"
    shift 2
    if [[ -n "$cpus" ]]; then
        taskset -c "$cpus" "$@" >"$logfile" 2>&1 &
    else
        "$@" >"$logfile" 2>&1 &
    fi
    LAST_PID=$!
    STARTED_PIDS+=("$LAST_PID")
}

# Stops one process this script started and forgets it.
stop_process() {
    local pid="$1" kept=() p
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for p in "${STARTED_PIDS[@]}"; do
        [[ "$p" != "$pid" ]] && kept+=("$p")
    done
    STARTED_PIDS=("${kept[@]}")
}

# The HTTP status of a GET (000 when nothing answers). Extra arguments go to curl (e.g. -H 'Host: backend').
http_status() {
    local url="$1"
    shift
    curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url" 2>/dev/null || true
}

# Polls until GET $2 answers 200 or process $1 dies or 60 s pass; extra arguments go to curl.
wait_for_200() {
    local pid="$1" url="$2" deadline=$((SECONDS + 60))
    shift 2
    until [[ "$(http_status "$url" "$@")" == 200 ]]; do
        kill -0 "$pid" 2>/dev/null || return 1
        ((SECONDS < deadline)) || return 1
        sleep 0.005
    done
}

now_ns() { date +%s%N; }

# A process and its direct children (nginx: master and workers).
process_tree() {
    local pid="$1"
    printf '%s\n' "$pid"
    ps -o pid= --ppid "$pid" 2>/dev/null | tr -d ' ' || true
}

# Clock ticks of CPU (user + system) used so far by a process and its direct children.
cpu_ticks() {
    local total=0 p fields
    for p in $(process_tree "$1"); do
        [[ -r "/proc/$p/stat" ]] || continue
        # Fields after the ")" that closes the command name: utime and stime are the 12th and 13th.
        fields="$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null)" || continue
        total=$((total + $(awk '{print $12 + $13}' <<<"$fields")))
    done
    printf '%s\n' "$total"
}

# Resident set size in KiB of a process and its direct children.
rss_kb() {
    local total=0 p kb
    for p in $(process_tree "$1"); do
        kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || true)"
        total=$((total + ${kb:-0}))
    done
    printf '%s\n' "$total"
}

# Samples rss_kb of $1 every 0.2 s into file $2 until stopped; sets SAMPLER_PID.
start_rss_sampler() {
    local pid="$1" file="$2"
    (
        while kill -0 "$pid" 2>/dev/null; do
            rss_kb "$pid"
            sleep 0.2
        done
    ) >"$file" 2>/dev/null &
    SAMPLER_PID=$!
    STARTED_PIDS+=("$SAMPLER_PID")
}

stop_rss_sampler() { stop_process "$SAMPLER_PID"; }

# Largest sample in a file of numbers, in MB with one decimal.
max_mb() { awk 'BEGIN {m = 0} $1 > m {m = $1} END {printf "%.1f", m / 1024}' "$1"; }

kb_to_mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# Median of the numbers on standard input, one a line.
median() {
    sort -g | awk '{v[NR] = $1} END {if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# a ÷ b with two decimals ("n/a" when b is 0 or empty).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b}'; }

# Arithmetic on decimals: calc 'expression' [format].
calc() { awk "BEGIN {printf \"${2:-%.2f}\", $1}"; }

# The value of key=... in a RESULT line.
field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k {print $2}'; }

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# Markdown lines describing the machine.
machine_description() {
    local cpu
    cpu="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
    printf '| CPU | %s, %s logical CPUs |\n' "${cpu:-unknown}" "$(nproc)"
    printf '| Memory | %s |\n' "$(free -h | awk '/^Mem:/ {print $2}')"
    printf '| OS | %s, kernel %s |\n' "$(. /etc/os-release && printf '%s' "$PRETTY_NAME")" "$(uname -r)"
    printf '| .NET | SDK %s |\n' "$(dotnet --version)"
}

# Where a run writes its results: $1 if given, else a timestamped file under results/ (ignored by git).
results_file() {
    local given="$1" name="$2"
    if [[ -n "$given" ]]; then
        printf '%s\n' "$given"
    else
        mkdir -p "$LOAD_DIR/results"
        printf '%s/%s-%s.md\n' "$LOAD_DIR/results" "$name" "$(date -u +%Y%m%dT%H%M%SZ)"
    fi
}
