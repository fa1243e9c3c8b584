#!/usr/bin/env bash
# End-to-end on loopback (issue #8): requests/s and p50/p99 of a plain HttpClient, MeshLib in-process and the MeshLib
# sidecar against Kestrel backends, in one run, with ratios to plain.
#
# One backend process serves three ports (one endpoint per subset). The .NET load driver runs N concurrent request
# loops for D seconds with, in turn:
#   plain   an IHttpClientFactory client straight to one backend port;
#   mesh    the same client with .AddMesh() over a realistic configuration (a VirtualService with header and uri
#           routes that do not match, then 80/10/10 over three subsets with a timeout and retries; LEAST_REQUEST,
#           connection-pool limits and outlier detection in the DestinationRule);
#   sidecar the plain client with the sidecar as its HTTP proxy, the sidecar running the same configuration.
# Prints a markdown table (also written to a results file).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
    cat <<'EOF'
usage: benchmarks/load/loopback.sh [options]
  --quick          5 s per case, 10 s warm-up, 1 round (defaults: 15 s, 15 s, 3 rounds)
  --duration S     measured seconds per case
  --warmup S       warm-up seconds before each case (same driver process; not reported). The mesh path needs
                   about 10 s of traffic before the JIT has tiered it up on a busy 2-core box
  --rounds N       rounds over the three clients, the order reversed every other round; medians are reported
  --connections N  concurrent request loops (default 64)
  --rate R         requests/s spread over the loops (default 0: as fast as they go)
  --body-bytes N   backend response body size (default 1024)
  --pin            driver on CPU 1, backend and sidecar on CPU 0 (default: not pinned)
  --out FILE       results file (default: benchmarks/load/results/loopback-<UTC time>.md)
  --skip-build     use the last Release build
EOF
}

QUICK=0
for arg in "$@"; do [[ "$arg" == --quick ]] && QUICK=1; done
if ((QUICK)); then DURATION=5 WARMUP=10 ROUNDS=1; else DURATION=15 WARMUP=15 ROUNDS=3; fi
CONNECTIONS=64 RATE=0 BODY_BYTES=1024 PIN=0 OUT="" SKIP_BUILD=0
while (($#)); do
    case "$1" in
        --quick) ;;
        --duration) DURATION="$2"; shift ;;
        --warmup) WARMUP="$2"; shift ;;
        --rounds) ROUNDS="$2"; shift ;;
        --connections) CONNECTIONS="$2"; shift ;;
        --rate) RATE="$2"; shift ;;
        --body-bytes) BODY_BYTES="$2"; shift ;;
        --pin) PIN=1 ;;
        --out) OUT="$2"; shift ;;
        --skip-build) SKIP_BUILD=1 ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option $1" ;;
    esac
    shift
done
((ROUNDS >= 1)) || die "--rounds must be at least 1"

ensure_commands curl:curl taskset:util-linux ss:iproute2

# Each process gets the socket setting this script gives it, not the caller's: the sidecar its own default (inline I/O),
# the backend and the driver the runtime's (the thread pool).
unset DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is required"

SERVER_CPUS="" CLIENT_CPUS=""
if ((PIN)); then
    (($(nproc) >= 2)) || die "--pin needs at least 2 CPUs"
    SERVER_CPUS=0 CLIENT_CPUS=1
fi

RESULTS="$(results_file "$OUT" loopback)"
make_work_dir
LOAD_BEFORE="$(load_average)"

build_load_tools "$SKIP_BUILD"

PORTS=("$(free_port)" "$(free_port)" "$(free_port)")
SIDECAR_PORT="$(free_port)" ADMIN_PORT="$(free_port)"

# The realistic configuration: the same shape as the BenchmarkDotNet handler benchmarks, on real sockets.
{
    cat <<EOF
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
EOF
    for i in 0 1 2; do
        printf '  - {address: 127.0.0.1, ports: {http: %s}, labels: {app: backend, version: v%s}}\n' "${PORTS[i]}" $((i + 1))
    done
    cat <<'EOF'
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: backend
spec:
  host: backend
  trafficPolicy:
    loadBalancer:
      simple: LEAST_REQUEST
    connectionPool:
      tcp:
        maxConnections: 1000
        connectTimeout: 1s
      http:
        http1MaxPendingRequests: 1000
        http2MaxRequests: 1000
        maxRetries: 10
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 10s
      baseEjectionTime: 30s
      maxEjectionPercent: 50
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
  - {name: v3, labels: {version: v3}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: backend
spec:
  hosts: [backend]
  http:
  - name: jason
    match:
    - headers: {end-user: {exact: jason}}
    route:
    - destination: {host: backend, subset: v2}
  - name: canary
    match:
    - headers: {x-canary: {regex: "canary-.*"}}
      uri: {prefix: /reviews/}
    route:
    - destination: {host: backend, subset: v3}
  - name: beta
    match:
    - uri: {prefix: /beta/}
    - uri: {regex: "/api/v[0-9]+/beta/.*"}
    route:
    - destination: {host: backend, subset: v3}
  - name: default
    timeout: 10s
    retries: {attempts: 2, perTryTimeout: 3s, retryOn: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes"}
    route:
    - destination: {host: backend, subset: v1}
      weight: 80
    - destination: {host: backend, subset: v2}
      weight: 10
    - destination: {host: backend, subset: v3}
      weight: 10
EOF
} >"$WORK_DIR/mesh.yaml"

fail_with_log() {
    log "$1; last lines of $2:"
    tail -n 20 "$2" >&2 || true
    exit 1
}

log "starting the backend on 127.0.0.1:${PORTS[0]},${PORTS[1]},${PORTS[2]} and the sidecar on 127.0.0.1:$SIDECAR_PORT"
start_process "$SERVER_CPUS" "$WORK_DIR/backend.log" dotnet "$LOAD_DLL" backend --port "${PORTS[0]}" --port "${PORTS[1]}" \
    --port "${PORTS[2]}" --body-bytes "$BODY_BYTES"
BACKEND_PID=$LAST_PID
for port in "${PORTS[@]}"; do
    wait_for_200 "$BACKEND_PID" "http://127.0.0.1:$port/" || fail_with_log "the backend did not start" "$WORK_DIR/backend.log"
done
start_process "$SERVER_CPUS" "$WORK_DIR/sidecar.log" dotnet "$SIDECAR_DLL" --config "$WORK_DIR/mesh.yaml" \
    --outbound-port "$SIDECAR_PORT" --admin-port "$ADMIN_PORT"
SIDECAR_PID=$LAST_PID
wait_for_200 "$SIDECAR_PID" "http://127.0.0.1:$ADMIN_PORT/ready" || fail_with_log "the sidecar did not get ready" "$WORK_DIR/sidecar.log"
wait_for_200 "$SIDECAR_PID" "http://backend/" -x "http://127.0.0.1:$SIDECAR_PORT" || fail_with_log "the sidecar does not route" "$WORK_DIR/sidecar.log"

CLIENTS=(plain mesh sidecar)
declare -A NAME ARGS
NAME[plain]="plain HttpClient"
NAME[mesh]="MeshLib in-process (.AddMesh())"
NAME[sidecar]="MeshLib sidecar (HttpClient with Proxy)"
ARGS[plain]="--client plain --url http://127.0.0.1:${PORTS[0]}/"
ARGS[mesh]="--client mesh --url http://backend/ --config $WORK_DIR/mesh.yaml"
ARGS[sidecar]="--client proxy --url http://backend/ --proxy http://127.0.0.1:$SIDECAR_PORT"

DRIVER=(dotnet "$LOAD_DLL" drive --connections "$CONNECTIONS" --duration "$DURATION" --warmup "$WARMUP" --rate "$RATE")
[[ -n "$CLIENT_CPUS" ]] && DRIVER=(taskset -c "$CLIENT_CPUS" "${DRIVER[@]}")

# Rows: client round rps p50 p90 p99 errors, then per request: client CPU µs, backend CPU µs, sidecar CPU µs
# (0 unless the sidecar carries the traffic), client bytes allocated. CPU is sampled over the measured phase only.
log "$CONNECTIONS loops, ${DURATION} s per case (+${WARMUP} s warm-up), $ROUNDS round(s)$( ((RATE > 0)) && echo ", $RATE req/s")"
: >"$WORK_DIR/runs.tsv"
for ((round = 1; round <= ROUNDS; round++)); do
    order=("${CLIENTS[@]}")
    ((round % 2 == 0)) && order=(sidecar mesh plain)
    for c in "${order[@]}"; do
        result="" b0=0 b1=0 s0=0 s1=0
        # shellcheck disable=SC2086 # ARGS holds several words on purpose; no value contains a space.
        while IFS= read -r line; do
            case "$line" in
                "PHASE measure") b0="$(cpu_ticks "$BACKEND_PID")" s0="$(cpu_ticks "$SIDECAR_PID")" ;;
                "PHASE done") b1="$(cpu_ticks "$BACKEND_PID")" s1="$(cpu_ticks "$SIDECAR_PID")" ;;
                RESULT*) result="$line" ;;
                *) log "$line" ;;
            esac
        done < <("${DRIVER[@]}" ${ARGS[$c]} --label "$c" 2>&1)
        [[ -n "$result" ]] || die "the load driver reported nothing for ${NAME[$c]}"
        requests="$(field "$result" requests)"
        backend_cpu="$(calc "($b1 - $b0) * 1000000 / $CLK_TCK / $requests" %.1f)"
        sidecar_cpu=0
        [[ "$c" == sidecar ]] && sidecar_cpu="$(calc "($s1 - $s0) * 1000000 / $CLK_TCK / $requests" %.1f)"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$round" "$(field "$result" rps)" "$(field "$result" p50_us)" \
            "$(field "$result" p90_us)" "$(field "$result" p99_us)" "$(field "$result" errors)" \
            "$(field "$result" client_cpu_us)" "$backend_cpu" "$sidecar_cpu" "$(field "$result" client_bytes)" >>"$WORK_DIR/runs.tsv"
    done
done
SIDECAR_RSS="$(kb_to_mb "$(rss_kb "$SIDECAR_PID")")"
LOAD_AFTER="$(load_average)"

med() { awk -F'\t' -v c="$1" -v k="$2" '$1 == c {print $k}' "$WORK_DIR/runs.tsv" | median; }
declare -A RPS P50 P90 P99 ERR CCPU BCPU SCPU TCPU CBYTES
for c in "${CLIENTS[@]}"; do
    RPS[$c]="$(med "$c" 3)" P50[$c]="$(med "$c" 4)" P90[$c]="$(med "$c" 5)" P99[$c]="$(med "$c" 6)"
    CCPU[$c]="$(med "$c" 8)" BCPU[$c]="$(med "$c" 9)" SCPU[$c]="$(med "$c" 10)" CBYTES[$c]="$(med "$c" 11)"
    TCPU[$c]="$(awk -F'\t' -v c="$c" '$1 == c {print $8 + $9 + $10}' "$WORK_DIR/runs.tsv" | median)"
    ERR[$c]="$(awk -F'\t' -v c="$c" '$1 == c {s += $7} END {print s + 0}' "$WORK_DIR/runs.tsv")"
done
MESH_VS_PLAIN="$(ratio "${RPS[mesh]}" "${RPS[plain]}")"
# On a machine whose CPUs are the limit, requests/s go as 1 / (CPU per request of every process involved).
MESH_CPU_BOUND="$(ratio "${TCPU[plain]}" "${TCPU[mesh]}")"
met() { awk -v v="$1" -v t="$2" 'BEGIN {print (v + 0 >= t ? "met" : "missed")}'; }

report() {
    local c
    cat <<EOF
# End-to-end on loopback

$(date -u '+%Y-%m-%d %H:%M UTC'), \`benchmarks/load/loopback.sh $*\`

| | |
|---|---|
$(machine_description)
| Load average (1/5/15 min) | before: $LOAD_BEFORE; after: $LOAD_AFTER |
| CPUs | $( ((PIN)) && echo "pinned: driver on CPU $CLIENT_CPUS, backend and sidecar on CPU $SERVER_CPUS (taskset)" || echo "not pinned") |
| Backend | Kestrel, 3 ports (one endpoint per subset), 200 with a $BODY_BYTES-byte body |
| Load | $CONNECTIONS concurrent loops, $( ((RATE > 0)) && echo "$RATE req/s in total" || echo "closed loop"), ${DURATION} s per case after ${WARMUP} s warm-up, $ROUNDS round(s) (order reversed every other round), medians |

| Client | req/s | p50 (ms) | p90 (ms) | p99 (ms) | req/s ÷ plain | p50 ÷ plain | p99 ÷ plain | errors |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
    for c in "${CLIENTS[@]}"; do
        printf '| %s | %.0f | %s | %s | %s | %s | %s | %s | %s |\n' "${NAME[$c]}" "${RPS[$c]}" "$(calc "${P50[$c]} / 1000" %.3f)" \
            "$(calc "${P90[$c]} / 1000" %.3f)" "$(calc "${P99[$c]} / 1000" %.3f)" "$(ratio "${RPS[$c]}" "${RPS[plain]}")" \
            "$(ratio "${P50[$c]}" "${P50[plain]}")" "$(ratio "${P99[$c]}" "${P99[plain]}")" "${ERR[$c]}"
    done
    cat <<EOF

CPU time per request over the measured phase: the driver's own (the client side), the backend's, the sidecar's; and
the driver's allocation per request.

| Client | client CPU (µs) | backend CPU (µs) | sidecar CPU (µs) | total CPU (µs) | plain ÷ this, total CPU | client alloc (B) |
|---|---:|---:|---:|---:|---:|---:|
EOF
    for c in "${CLIENTS[@]}"; do
        printf '| %s | %s | %s | %s | %s | %s | %s |\n' "${NAME[$c]}" "${CCPU[$c]}" "${BCPU[$c]}" "${SCPU[$c]}" \
            "$(calc "${TCPU[$c]}" %.1f)" "$(ratio "${TCPU[plain]}" "${TCPU[$c]}")" "${CBYTES[$c]}"
    done
    cat <<EOF

- MeshLib in-process ÷ plain, requests/s: **$MESH_VS_PLAIN** (target ≥ 0.97: $(met "$MESH_VS_PLAIN" 0.97)).
- The same from CPU per request (plain ÷ mesh, all processes): **$MESH_CPU_BOUND** ($(met "$MESH_CPU_BOUND" 0.97)):
  what a machine whose CPUs are the limit would show, and much steadier than requests/s when other work shares it.
- The mesh's own cost, client side: **+$(calc "${CCPU[mesh]} - ${CCPU[plain]}" %.1f) µs** of CPU and
  **+$(calc "${CBYTES[mesh]} - ${CBYTES[plain]}" %.0f) B** allocated per request over plain.
- Sidecar RSS after the runs: $SIDECAR_RSS MB.

| Client | round | req/s | p50 (µs) | p90 (µs) | p99 (µs) | errors | client CPU (µs/req) | backend CPU (µs/req) | sidecar CPU (µs/req) | client alloc (B/req) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
    awk -F'\t' '{printf "| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11}' "$WORK_DIR/runs.tsv"
}

report "$@" | tee "$RESULTS"
log "results written to $RESULTS"
