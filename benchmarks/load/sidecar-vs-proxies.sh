#!/usr/bin/env bash
# The MeshLib sidecar against a direct call, plain YARP forwarding and nginx, on one machine in one run (issue #5).
#
# Starts a Kestrel backend (fixed 1 KB body), the sidecar (a ServiceEntry + VirtualService routing host "backend" to
# the backend, no faults), a plain YARP IHttpForwarder to the same backend, the same YARP with the sidecar's socket
# setting (I/O continuations inline, DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1; informative, so that the
# sidecar's gain from that setting is not mistaken for the mesh's), and nginx as a reverse proxy (upstream
# keepalive). Then:
#   1. startup: sidecar process start -> admin /ready 200 and -> first proxied 200 (YARP and nginx: first proxied 200);
#   2. saturation: wrk with the same threads/connections/duration against each target, origin-form requests with
#      "Host: backend"; requests/s, p50/p90/p99, CPU per request and peak RSS of the server process;
#   3. fixed rate: the .NET load driver at --rate requests/s (default 1000, 16 connections) against each target;
#      p50/p90/p99, CPU (vCPU) and RSS of the server process at that rate;
# and prints markdown tables with the ratios vs direct, vs YARP and vs nginx, also written to a results file.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
    cat <<'EOF'
usage: benchmarks/load/sidecar-vs-proxies.sh [options]
  --quick               5 s per case, 10 s warm-up, 1 round, 2 sidecar starts (defaults: 15 s, 30 s, 3 rounds, 5 starts)
  --duration S          measured seconds per case
  --warmup S            warm-up seconds before each target's first case (not reported; later rounds: at most 3 s,
                        fixed-rate phase: at most 5 s). Except with --quick, the first warm-up goes on in 5 s windows
                        until two agree within 5% (at most 120 s): a saturated .NET server takes 30–90 s to tier up
  --rounds N            rounds over all targets, the order reversed every other round; medians are reported
  --connections N       wrk connections (default 64)
  --threads N           wrk threads (default: the number of CPUs the client side may use)
  --rate R              requests/s of the fixed-rate phase (default 1000; 0 skips the phase)
  --rate-connections N  connections of the fixed-rate phase (default 16)
  --starts N            sidecar starts timed
  --body-bytes N        backend response body size (default 1024)
  --no-pin              do not pin: every process may use every CPU
  --out FILE            results file (default: benchmarks/load/results/sidecar-vs-proxies-<UTC time>.md)
  --skip-build          use the last Release build
EOF
}

QUICK=0
for arg in "$@"; do [[ "$arg" == --quick ]] && QUICK=1; done
if ((QUICK)); then DURATION=5 WARMUP=10 MAX_WARMUP=10 ROUNDS=1 STARTS=2; else DURATION=15 WARMUP=30 MAX_WARMUP=120 ROUNDS=3 STARTS=5; fi
CONNECTIONS=64 THREADS="" RATE=1000 RATE_CONNECTIONS=16 BODY_BYTES=1024 PIN=1 OUT="" SKIP_BUILD=0
while (($#)); do
    case "$1" in
        --quick) ;;
        --duration) DURATION="$2"; shift ;;
        --warmup) WARMUP="$2"; shift ;;
        --rounds) ROUNDS="$2"; shift ;;
        --connections) CONNECTIONS="$2"; shift ;;
        --threads) THREADS="$2"; shift ;;
        --rate) RATE="$2"; shift ;;
        --rate-connections) RATE_CONNECTIONS="$2"; shift ;;
        --starts) STARTS="$2"; shift ;;
        --body-bytes) BODY_BYTES="$2"; shift ;;
        --no-pin) PIN=0 ;;
        --out) OUT="$2"; shift ;;
        --skip-build) SKIP_BUILD=1 ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option $1" ;;
    esac
    shift
done
((STARTS >= 1 && ROUNDS >= 1)) || die "--starts and --rounds must be at least 1"

ensure_commands wrk:wrk nginx:nginx curl:curl taskset:util-linux ss:iproute2

# Each process gets the socket setting this script gives it, not the caller's: the sidecar its own default (inline),
# plain YARP, the backend and the drivers the runtime's (the thread pool).
unset DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is required"

# CPU layout. Pinned (the default on 2+ CPUs): the server under test (backend for "direct", else the proxy) alone on
# CPU 1; wrk, the load driver and the backend of the proxied runs on the others. Every proxy gets exactly one CPU,
# so the comparison is per-core efficiency, not who grabs more of a shared box.
CPUS="$(nproc)"
if ((PIN && CPUS >= 2)); then
    SERVER_CPUS=1
    CLIENT_CPUS=$( ((CPUS == 2)) && echo 0 || echo "0,2-$((CPUS - 1))")
    CLIENT_CPU_COUNT=$((CPUS - 1)) SERVER_CPU_COUNT=1
else
    PIN=0 SERVER_CPUS="" CLIENT_CPUS="" CLIENT_CPU_COUNT=$CPUS SERVER_CPU_COUNT=$CPUS
fi
THREADS="${THREADS:-$CLIENT_CPU_COUNT}"

RESULTS="$(results_file "$OUT" sidecar-vs-proxies)"
make_work_dir
LOAD_BEFORE="$(load_average)"

build_load_tools "$SKIP_BUILD"

BACKEND_PORT="$(free_port)" YARP_PORT="$(free_port)" YARP_INLINE_PORT="$(free_port)" NGINX_PORT="$(free_port)"
SIDECAR_PORT="$(free_port)" ADMIN_PORT="$(free_port)"

cat >"$WORK_DIR/mesh.yaml" <<EOF
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: backend
spec:
  hosts: [backend]
  location: MESH_INTERNAL
  resolution: STATIC
  ports:
  - {number: 80, name: http, protocol: HTTP}
  endpoints:
  - address: 127.0.0.1
    ports: {http: $BACKEND_PORT}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: backend
spec:
  hosts: [backend]
  http:
  - route:
    - destination: {host: backend}
EOF

# nginx as a reverse proxy done right: HTTP/1.1 upstream keepalive (without it nginx reconnects per request and loses
# by 10x, as in the published YARP and ASP.NET comparisons), no per-connection request cap, no access log, one worker
# per CPU it may use. Its own pid, log and temp paths; as root the workers run as root too (the current user).
mkdir -p "$WORK_DIR/nginx"
{
    ((EUID == 0)) && echo "user $(id -un) $(id -gn);"
    cat <<EOF
worker_processes $SERVER_CPU_COUNT;
pid $WORK_DIR/nginx/nginx.pid;
error_log $WORK_DIR/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK_DIR/nginx/client_body;
    proxy_temp_path $WORK_DIR/nginx/proxy;
    fastcgi_temp_path $WORK_DIR/nginx/fastcgi;
    uwsgi_temp_path $WORK_DIR/nginx/uwsgi;
    scgi_temp_path $WORK_DIR/nginx/scgi;
    keepalive_requests 1000000;
    upstream backend {
        server 127.0.0.1:$BACKEND_PORT;
        keepalive $CONNECTIONS;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
} >"$WORK_DIR/nginx/nginx.conf"

HOST_HEADER=(-H 'Host: backend')
declare -A PID URL NAME STARTUP
TARGETS=(direct yarp yarp-inline nginx sidecar)
NAME[direct]="direct (Kestrel backend)"
NAME[yarp]="YARP IHttpForwarder"
NAME[yarp-inline]="YARP IHttpForwarder, inline I/O"
NAME[nginx]="nginx $(nginx -v 2>&1 | sed 's|.*nginx/||')"
NAME[sidecar]="MeshLib sidecar"
URL[direct]="http://127.0.0.1:$BACKEND_PORT/"
URL[yarp]="http://127.0.0.1:$YARP_PORT/"
URL[yarp-inline]="http://127.0.0.1:$YARP_INLINE_PORT/"
URL[nginx]="http://127.0.0.1:$NGINX_PORT/"
URL[sidecar]="http://127.0.0.1:$SIDECAR_PORT/"

fail_with_log() {
    log "$1; last lines of $2:"
    tail -n 20 "$2" >&2 || true
    exit 1
}

# The backend shares the client CPUs: for the proxied runs the proxy is the server under test.
log "starting the backend on 127.0.0.1:$BACKEND_PORT"
start_process "$CLIENT_CPUS" "$WORK_DIR/backend.log" dotnet "$LOAD_DLL" backend --port "$BACKEND_PORT" --body-bytes "$BODY_BYTES"
PID[direct]=$LAST_PID
wait_for_200 "${PID[direct]}" "${URL[direct]}" || fail_with_log "the backend did not start" "$WORK_DIR/backend.log"

# 1. Startup. Each start is timed from just before the process is launched; the last start stays up for the load.
log "timing $STARTS sidecar start(s)"
READY_MS=() FIRST_MS=() SELF_MS=()
for ((i = 1; i <= STARTS; i++)); do
    t0="$(now_ns)"
    start_process "$SERVER_CPUS" "$WORK_DIR/sidecar.log" dotnet "$SIDECAR_DLL" --config "$WORK_DIR/mesh.yaml" \
        --outbound-port "$SIDECAR_PORT" --admin-port "$ADMIN_PORT"
    PID[sidecar]=$LAST_PID
    wait_for_200 "${PID[sidecar]}" "http://127.0.0.1:$ADMIN_PORT/ready" || fail_with_log "the sidecar did not get ready" "$WORK_DIR/sidecar.log"
    t1="$(now_ns)"
    wait_for_200 "${PID[sidecar]}" "${URL[sidecar]}" "${HOST_HEADER[@]}" || fail_with_log "the sidecar does not route to the backend" "$WORK_DIR/sidecar.log"
    t2="$(now_ns)"
    READY_MS+=($(((t1 - t0) / 1000000)))
    FIRST_MS+=($(((t2 - t0) / 1000000)))
    SELF_MS+=("$(grep -o 'ready in [0-9]* ms' "$WORK_DIR/sidecar.log" | grep -o '[0-9]*' || echo n/a)")
    ((i < STARTS)) && stop_process "${PID[sidecar]}"
done
STARTUP[sidecar]="$(printf '%s\n' "${FIRST_MS[@]}" | median | xargs printf '%.0f')"

t0="$(now_ns)"
start_process "$SERVER_CPUS" "$WORK_DIR/yarp.log" dotnet "$LOAD_DLL" yarp --port "$YARP_PORT" --backend "http://127.0.0.1:$BACKEND_PORT"
PID[yarp]=$LAST_PID
wait_for_200 "${PID[yarp]}" "${URL[yarp]}" "${HOST_HEADER[@]}" || fail_with_log "the YARP forwarder did not start" "$WORK_DIR/yarp.log"
STARTUP[yarp]=$((($(now_ns) - t0) / 1000000))

t0="$(now_ns)"
start_process "$SERVER_CPUS" "$WORK_DIR/yarp-inline.log" env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
    dotnet "$LOAD_DLL" yarp --port "$YARP_INLINE_PORT" --backend "http://127.0.0.1:$BACKEND_PORT"
PID[yarp-inline]=$LAST_PID
wait_for_200 "${PID[yarp-inline]}" "${URL[yarp-inline]}" "${HOST_HEADER[@]}" || fail_with_log "the inline YARP forwarder did not start" "$WORK_DIR/yarp-inline.log"
STARTUP[yarp-inline]=$((($(now_ns) - t0) / 1000000))

t0="$(now_ns)"
start_process "$SERVER_CPUS" "$WORK_DIR/nginx/stdout.log" nginx -p "$WORK_DIR/nginx" -c "$WORK_DIR/nginx/nginx.conf" \
    -e "$WORK_DIR/nginx/error.log" -g 'daemon off;'
PID[nginx]=$LAST_PID
wait_for_200 "${PID[nginx]}" "${URL[nginx]}" "${HOST_HEADER[@]}" || fail_with_log "nginx did not start" "$WORK_DIR/nginx/error.log"
STARTUP[nginx]=$((($(now_ns) - t0) / 1000000))
STARTUP[direct]="—"

# Idle memory: every server up, one request served each (the startup checks), nothing since.
sleep 2
declare -A RSS_IDLE
for t in "${TARGETS[@]}"; do RSS_IDLE[$t]="$(kb_to_mb "$(rss_kb "${PID[$t]}")")"; done

for t in "${TARGETS[@]}"; do
    size="$(curl -s --max-time 5 "${HOST_HEADER[@]}" "${URL[$t]}" | wc -c)"
    [[ "$size" == "$BODY_BYTES" ]] || die "${NAME[$t]} answered $size bytes, expected $BODY_BYTES"
done

WRK=(wrk -t "$THREADS" -c "$CONNECTIONS" --timeout 5s -s "$LOAD_DIR/wrk-report.lua" "${HOST_HEADER[@]}")
[[ -n "$CLIENT_CPUS" ]] && WRK=(taskset -c "$CLIENT_CPUS" "${WRK[@]}")

# 2. Saturation with wrk: per round and target, a warm-up run (long the first time, while the JIT tiers the server's
# hot path up; the processes stay up, so later rounds only refill connections), then the measured one with the
# server's CPU ticks and RSS sampled around it.
# Rows: target round rps p50 p90 p99 errors non2xx cpu_ms_per_1k_requests rss_max_mb.
LATER_WARMUP=$((WARMUP < 3 ? WARMUP : 3)) RATE_WARMUP=$((WARMUP < 5 ? WARMUP : 5))
declare -A WARMED

# The first warm-up of a target: at least $WARMUP s, then on in 5 s windows until two windows in a row agree within 5%
# (the JIT has tiered the hot path up) or $MAX_WARMUP s have passed. A server saturating its only core starves the JIT's
# background compiler, so how long this takes differs between servers; a fixed warm-up measured some still tiering.
warm_up() {
    local t="$1" url="$2" elapsed=0 window=5 rps previous=0 line
    "${WRK[@]}" -d "${WARMUP}s" "$url" >/dev/null
    elapsed=$WARMUP
    while ((elapsed < MAX_WARMUP)); do
        line="$("${WRK[@]}" -d "${window}s" "$url" | grep '^RESULT')" || die "wrk against $url failed"
        rps="$(field "$line" rps)"
        elapsed=$((elapsed + window))
        if awk -v a="$rps" -v b="$previous" 'BEGIN {exit !(b > 0 && a >= 0.95 * b && a <= 1.05 * b)}'; then
            break
        fi
        previous="$rps"
    done
    WARMED[$t]=$elapsed
}
log "saturation: wrk -t $THREADS -c $CONNECTIONS, ${DURATION} s per case (+${WARMUP} s warm-up), $ROUNDS round(s)"
: >"$WORK_DIR/wrk.tsv"
for ((round = 1; round <= ROUNDS; round++)); do
    order=("${TARGETS[@]}")
    ((round % 2 == 0)) && order=(sidecar nginx yarp-inline yarp direct)
    for t in "${order[@]}"; do
        if ((round == 1)); then
            warm_up "$t" "${URL[$t]}"
            log "${NAME[$t]} warmed up for ${WARMED[$t]} s"
        else
            "${WRK[@]}" -d "${LATER_WARMUP}s" "${URL[$t]}" >/dev/null
        fi
        ticks0="$(cpu_ticks "${PID[$t]}")"
        start_rss_sampler "${PID[$t]}" "$WORK_DIR/rss-$t-$round"
        line="$("${WRK[@]}" -d "${DURATION}s" "${URL[$t]}" | grep '^RESULT')" || die "wrk against ${NAME[$t]} failed"
        stop_rss_sampler
        ticks1="$(cpu_ticks "${PID[$t]}")"
        requests="$(field "$line" requests)"
        cpu="$(calc "($ticks1 - $ticks0) * 1000 / $CLK_TCK / $requests * 1000" %.1f)"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$round" "$(field "$line" rps)" "$(field "$line" p50_us)" \
            "$(field "$line" p90_us)" "$(field "$line" p99_us)" "$(field "$line" errors)" "$(field "$line" non2xx)" \
            "$cpu" "$(max_mb "$WORK_DIR/rss-$t-$round")" >>"$WORK_DIR/wrk.tsv"
        log "round $round ${NAME[$t]}: $(field "$line" rps) req/s, p50 $(field "$line" p50_us) us, p99 $(field "$line" p99_us) us, $cpu CPU ms/1k req"
    done
done

# Median over rounds of column $2 for target $1.
med() { awk -F'\t' -v t="$1" -v c="$2" '$1 == t {print $c}' "$WORK_DIR/wrk.tsv" | median; }
declare -A RPS P50 P90 P99 ERR CPU RSS_MAX
for t in "${TARGETS[@]}"; do
    RPS[$t]="$(med "$t" 3)" P50[$t]="$(med "$t" 4)" P90[$t]="$(med "$t" 5)" P99[$t]="$(med "$t" 6)" CPU[$t]="$(med "$t" 9)"
    ERR[$t]="$(awk -F'\t' -v t="$t" '$1 == t {s += $7 + $8} END {print s + 0}' "$WORK_DIR/wrk.tsv")"
    RSS_MAX[$t]="$(awk -F'\t' -v t="$t" 'BEGIN {m = 0} $1 == t && $10 > m {m = $10} END {print m}' "$WORK_DIR/wrk.tsv")"
done

# 3. Fixed rate with the .NET driver; the server's CPU and RSS are sampled during its measured phase only.
declare -A R_RPS R_P50 R_P90 R_P99 R_ERR R_VCPU R_RSS
if [[ "$RATE" != 0 ]]; then
    log "fixed rate: $RATE req/s over $RATE_CONNECTIONS connections, ${DURATION} s per target (+${RATE_WARMUP} s warm-up)"
    DRIVER=(dotnet "$LOAD_DLL")
    [[ -n "$CLIENT_CPUS" ]] && DRIVER=(taskset -c "$CLIENT_CPUS" "${DRIVER[@]}")
    for t in "${TARGETS[@]}"; do
        result="" ticks0=0 ticks1=0
        while IFS= read -r line; do
            case "$line" in
                "PHASE measure") ticks0="$(cpu_ticks "${PID[$t]}")"; start_rss_sampler "${PID[$t]}" "$WORK_DIR/rss-rate-$t" ;;
                "PHASE done") ticks1="$(cpu_ticks "${PID[$t]}")"; stop_rss_sampler ;;
                RESULT*) result="$line" ;;
                *) log "$line" ;;
            esac
        done < <("${DRIVER[@]}" drive --client plain --url "${URL[$t]}" --host backend --connections "$RATE_CONNECTIONS" \
            --rate "$RATE" --duration "$DURATION" --warmup "$RATE_WARMUP" --label "$t" 2>&1)
        [[ -n "$result" ]] || die "the load driver against ${NAME[$t]} reported nothing"
        R_RPS[$t]="$(field "$result" rps)" R_P50[$t]="$(field "$result" p50_us)" R_P90[$t]="$(field "$result" p90_us)"
        R_P99[$t]="$(field "$result" p99_us)" R_ERR[$t]="$(field "$result" errors)"
        R_VCPU[$t]="$(calc "($ticks1 - $ticks0) / $CLK_TCK / $(field "$result" seconds)" %.3f)"
        R_RSS[$t]="$(max_mb "$WORK_DIR/rss-rate-$t")"
    done
fi
LOAD_AFTER="$(load_average)"

ms() { calc "$1 / 1000" %.3f; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN {if (v == "n/a") print "n/a"; else print (v + 0 >= t ? "met" : "missed")}'; }
SC_VS_YARP="$(ratio "${RPS[sidecar]}" "${RPS[yarp]}")"
SC_VS_NGINX="$(ratio "${RPS[sidecar]}" "${RPS[nginx]}")"
# Capacity per core: what one fully used core would serve, 1 / CPU per request.
CAP_VS_YARP="$(ratio "${CPU[yarp]}" "${CPU[sidecar]}")"
CAP_VS_NGINX="$(ratio "${CPU[nginx]}" "${CPU[sidecar]}")"
SC_VS_YARP_INLINE="$(ratio "${RPS[sidecar]}" "${RPS[yarp-inline]}")"
CAP_VS_YARP_INLINE="$(ratio "${CPU[yarp-inline]}" "${CPU[sidecar]}")"

report() {
    local t pinning
    if ((PIN)); then
        pinning="pinned: server under test on CPU $SERVER_CPUS; wrk, the driver and the backend of proxied runs on CPU $CLIENT_CPUS (taskset)"
    else
        pinning="not pinned: every process may use all $CPUS CPUs"
    fi
    cat <<EOF
# Sidecar vs proxies on loopback

$(date -u '+%Y-%m-%d %H:%M UTC'), \`benchmarks/load/sidecar-vs-proxies.sh $*\`

| | |
|---|---|
$(machine_description)
| Load average (1/5/15 min) | before: $LOAD_BEFORE; after: $LOAD_AFTER |
| CPUs | $pinning |
| Backend | Kestrel, 200 with a $BODY_BYTES-byte body |
| nginx | worker_processes $SERVER_CPU_COUNT, upstream keepalive $CONNECTIONS, proxy_http_version 1.1, access log off |
| Saturation | wrk $(wrk -v 2>&1 | awk 'NR == 1 {print $2}'), -t $THREADS -c $CONNECTIONS, ${DURATION} s per case after a first warm-up of at least ${WARMUP} s, continued in 5 s windows until two agree within 5% (at most ${MAX_WARMUP} s; here: direct ${WARMED[direct]} s, YARP ${WARMED[yarp]} s, YARP inline ${WARMED[yarp-inline]} s, nginx ${WARMED[nginx]} s, sidecar ${WARMED[sidecar]} s; later rounds ${LATER_WARMUP} s), $ROUNDS round(s) (order reversed every other round), medians |

## Saturation (wrk, closed loop)

| Target | req/s | p50 (ms) | p90 (ms) | p99 (ms) | req/s ÷ direct / YARP / nginx | p50 ÷ direct / YARP / nginx | p99 ÷ direct / YARP / nginx | errors |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
    for t in "${TARGETS[@]}"; do
        printf '| %s | %.0f | %s | %s | %s | %s / %s / %s | %s / %s / %s | %s / %s / %s | %s |\n' "${NAME[$t]}" "${RPS[$t]}" \
            "$(ms "${P50[$t]}")" "$(ms "${P90[$t]}")" "$(ms "${P99[$t]}")" \
            "$(ratio "${RPS[$t]}" "${RPS[direct]}")" "$(ratio "${RPS[$t]}" "${RPS[yarp]}")" "$(ratio "${RPS[$t]}" "${RPS[nginx]}")" \
            "$(ratio "${P50[$t]}" "${P50[direct]}")" "$(ratio "${P50[$t]}" "${P50[yarp]}")" "$(ratio "${P50[$t]}" "${P50[nginx]}")" \
            "$(ratio "${P99[$t]}" "${P99[direct]}")" "$(ratio "${P99[$t]}" "${P99[yarp]}")" "$(ratio "${P99[$t]}" "${P99[nginx]}")" \
            "${ERR[$t]}"
    done
    cat <<EOF

- Sidecar ÷ YARP throughput: **$SC_VS_YARP** (target ≥ 0.9: $(verdict "$SC_VS_YARP" 0.9)).
- Sidecar ÷ nginx throughput: **$SC_VS_NGINX** (target ≥ 1.0: $(verdict "$SC_VS_NGINX" 1.0)).
- Capacity per core (1 / CPU per request, table below), sidecar ÷ YARP: **$CAP_VS_YARP** ($(verdict "$CAP_VS_YARP" 0.9));
  sidecar ÷ nginx: **$CAP_VS_NGINX** ($(verdict "$CAP_VS_NGINX" 1.0)). Requests/s follows this when the proxy's core is
  the bottleneck; it depends much less than requests/s on other work sharing the machine. "Cores used" below shows
  whether each server had its core: well under 1 means its requests/s was set by the scheduler, not by its cost.
- With the sidecar's socket setting, YARP too runs its I/O continuations inline: sidecar ÷ that YARP, requests/s
  **$SC_VS_YARP_INLINE**, capacity per core **$CAP_VS_YARP_INLINE** (what the mesh itself costs over YARP; no target).

## Server process: CPU, memory, startup

"direct" is the backend itself. CPU per 1000 requests is from the saturation runs (user + system time of the process
and, for nginx, its workers); RSS sums the same processes (nginx's shared pages count once per process).

| Target | CPU ms / 1000 req (saturated) | capacity per core (req/s) | cores used (saturated) | RSS idle (MB) | RSS peak, saturated (MB) | vCPU at $RATE req/s | RSS peak at $RATE req/s (MB) | start → first proxied 200 (ms) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
    for t in "${TARGETS[@]}"; do
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${NAME[$t]}" "${CPU[$t]}" "$(calc "1000000 / ${CPU[$t]}" %.0f)" \
            "$(calc "${RPS[$t]} * ${CPU[$t]} / 1000000")" "${RSS_IDLE[$t]}" "${RSS_MAX[$t]}" "${R_VCPU[$t]:-—}" "${R_RSS[$t]:-—}" \
            "${STARTUP[$t]}"
    done
    cat <<EOF

Sidecar startup over $STARTS start(s), process launch → admin \`/ready\` 200: median $(printf '%s\n' "${READY_MS[@]}" | median | xargs printf '%.0f') ms
(each: ${READY_MS[*]}); → first proxied 200: median ${STARTUP[sidecar]} ms (each: ${FIRST_MS[*]}); the sidecar's own
log line "ready in N ms since process start": ${SELF_MS[*]}. Polled every ≈5–10 ms with curl, so ±10 ms.
EOF
    if [[ "$RATE" != 0 ]]; then
        cat <<EOF

## Fixed rate ($RATE req/s, $RATE_CONNECTIONS connections, .NET load driver)

Latency from each request's actual send, not its scheduled slot; the rate is well below saturation, so this is the
added latency of one hop, not queueing.

| Target | achieved req/s | p50 (ms) | p90 (ms) | p99 (ms) | p50 added vs direct (ms) | p99 added vs direct (ms) | errors |
|---|---:|---:|---:|---:|---:|---:|---:|
EOF
        for t in "${TARGETS[@]}"; do
            printf '| %s | %.0f | %s | %s | %s | %s | %s | %s |\n' "${NAME[$t]}" "${R_RPS[$t]}" "$(ms "${R_P50[$t]}")" \
                "$(ms "${R_P90[$t]}")" "$(ms "${R_P99[$t]}")" "$(calc "(${R_P50[$t]} - ${R_P50[direct]}) / 1000" %.3f)" \
                "$(calc "(${R_P99[$t]} - ${R_P99[direct]}) / 1000" %.3f)" "${R_ERR[$t]}"
        done
    fi
    printf '\n## Every saturation run\n\n| Target | round | req/s | p50 (µs) | p90 (µs) | p99 (µs) | errors | non-2xx | CPU ms / 1000 req | RSS peak (MB) |\n'
    printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
    awk -F'\t' '{printf "| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10}' "$WORK_DIR/wrk.tsv"
}

report "$@" | tee "$RESULTS"
log "results written to $RESULTS"
