#!/usr/bin/env bash
# Benchmarks `ocop serve` against nginx serving a file of the same size, on
# loopback, in one run (well under two minutes), and runs every Google
# Benchmark binary built under BUILD_DIR/bench/. See docs/benchmarks.md.
#
#   bench/run.sh [BUILD_DIR]        (what `make bench` runs; BUILD_DIR defaults to build)
#
# Prints one line per figure:  BENCH <name> <value> <unit>[ ratio=<r> vs <baseline>]
# Lines starting with `#` are details (request counts, errors); `WARN` lines
# flag something that looked wrong (socket errors, non-2xx answers, a crash).
#
# Environment (all optional):
#   BENCH_DURATION=10      seconds of each measured wrk run
#   BENCH_WARMUP=2         seconds of the unmeasured wrk warm-up before each run
#   BENCH_CONNECTIONS=64   wrk connections      BENCH_WRK_THREADS=2  wrk threads
#   BENCH_STARTS=5         launches timed for start_to_first_answer (median)
#   BENCH_SERVE_THREADS=   --threads for the load server (default: the server's own)
#   BENCH_MIN_TIME=0.1     --benchmark_min_time for the micro-benchmarks
#   BENCH_KEEP=DIR         copy the raw logs (wrk, nginx, server) into DIR at the end
#   BENCH_TRACE_SCALE=0.02 scale of the `ocop bench-data` store for the trace benchmark
#   BENCH_TRACE_LOTS=500   lots traced by trace_bench    BENCH_TRACE_SECONDS=10  wrk on /api/v1/trace
#   BENCH_TRACE_PG=1       0: no PostgreSQL recursive-CTE baseline
set -euo pipefail

die() { echo "bench/run.sh: $*" >&2; exit 1; }
info() { echo "# $*"; }
warn() { echo "WARN $*"; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${1:-build}
if [[ ! -d $BUILD_DIR && -d $ROOT/$BUILD_DIR ]]; then BUILD_DIR=$ROOT/$BUILD_DIR; fi
[[ -d $BUILD_DIR ]] || die "no build directory $BUILD_DIR (run \`make build\` first)"
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
OCOP=$BUILD_DIR/ocop
[[ -x $OCOP ]] || die "no executable $OCOP"

DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
STARTS=${BENCH_STARTS:-5}
SERVE_THREADS=${BENCH_SERVE_THREADS:-}
MIN_TIME=${BENCH_MIN_TIME:-0.1}

for tool in curl wrk nginx awk timeout; do
  command -v "$tool" >/dev/null 2>&1 || [[ -x /usr/sbin/$tool ]] ||
    die "$tool is not installed (scripts/install-deps.sh installs it)"
done
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

# --- clean-up, whatever happens ---------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ocop-bench.XXXXXX")
SERVER_PIDS=()
NGINX_PID=

stop_pid() {  # stop_pid PID SIGNAL: signal, wait up to 5 s, then SIGKILL
  local pid=$1 sig=${2:-TERM} i
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -"$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "process $pid did not stop within 5 s of SIG$sig; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${SERVER_PIDS[@]}"; do stop_pid "$pid" TERM; done
  if [[ -n $NGINX_PID ]]; then stop_pid "$NGINX_PID" QUIT; fi
  if [[ -n ${BENCH_KEEP:-} ]]; then
    { mkdir -p "$BENCH_KEEP" && cp -r "$TMP"/logs/. "$BENCH_KEEP"/; } 2>/dev/null || true
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# nginx's workers run as `nobody` when we are root: let them reach www/ (the
# store and logs stay private in their own 0700 directories).
chmod 755 "$TMP"
mkdir -p "$TMP/store" "$TMP/logs" "$TMP/www" "$TMP/nginx"
chmod 700 "$TMP/store" "$TMP/logs"
chmod 755 "$TMP/www"
LOGS=$TMP/logs

info "$(date -u '+%Y-%m-%dT%H:%M:%SZ') on $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; binary $OCOP"

# --- 1. a fresh store ------------------------------------------------------
STORE=sqlite:$TMP/store/ocop.db
# One public address for the seed and the servers: the demo's lots without a
# GTIN are named by URLs under it (the resolver's /p/ addresses).
BASE_URL=https://ocop.bench.example
"$OCOP" migrate --store "$STORE" >"$LOGS/migrate.log" 2>&1 || { cat "$LOGS/migrate.log" >&2; die "migrate failed"; }
"$OCOP" seed-demo --store "$STORE" --base-url "$BASE_URL" >"$LOGS/seed.log" 2>&1 || { cat "$LOGS/seed.log" >&2; die "seed-demo failed"; }
# 20,000 certificates in the register (the national register holds ~18,000),
# imported as an office would, so each is signed and audited like the rest.
CERTS=${BENCH_CERTIFICATES:-20000}
awk -v n="$CERTS" 'BEGIN {
  print "Số chứng nhận,Tên sản phẩm,Chủ thể,Mã tỉnh,Số sao,Ngày cấp,Cơ quan cấp,Số quyết định"
  split("01 04 08 12 15 19 22 24 31 33 37 38 40 44 46 48 51 52 56 66 68 75 79 80 82 86 91 92 96", p, " ")
  for (i = 1; i <= n; i++) {
    printf "BM-%06d,Sản phẩm OCOP mẫu số %d – mật ong hoa cà phê,Hợp tác xã mẫu %d,%s,%d,%02d/%02d/%d,UBND tỉnh,%d/QĐ-UBND\n",
      i, i, i % 9000, p[i % 29 + 1], 3 + i % 3, 1 + i % 28, 1 + i % 12, 2024 + i % 2, i
  }
}' >"$TMP/store/certificates.csv"
"$OCOP" import-certificates "$TMP/store/certificates.csv" --store "$STORE" >"$LOGS/import.log" 2>&1 ||
  { tail -5 "$LOGS/import.log" >&2; die "importing $CERTS certificates failed"; }
info "$(tail -1 "$LOGS/import.log")"

serve_args=(serve --store "$STORE" --listen 127.0.0.1:0 --base-url "$BASE_URL" --access-log off)

# --- 2. start to first answered request -------------------------------------
# Launch, read the port from the "listening on" line, then poll /healthz with
# curl in a tight loop until it answers 200. The clock runs from just before
# the launch to the 200, so it includes exec, data loading and opening the store.
start_once() {  # prints "<ms to 200> <ms to listening line> <ms to stop>"
  local n=$1
  local out=$LOGS/start-$n.out err=$LOGS/start-$n.err
  local t0 t_listen="" t_ok="" port="" line code pid deadline
  : >"$out"
  t0=$EPOCHREALTIME
  "$OCOP" "${serve_args[@]}" >"$out" 2>"$err" &
  pid=$!
  SERVER_PIDS+=("$pid")
  deadline=$((${EPOCHREALTIME%[.,]*} + 20))
  while :; do
    if [[ -z $port ]]; then
      line=""
      read -r line <"$out" || true
      if [[ $line =~ listening\ on\ http://127\.0\.0\.1:([0-9]+) ]]; then
        port=${BASH_REMATCH[1]}
        t_listen=$EPOCHREALTIME
      fi
    fi
    if [[ -n $port ]]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/healthz" || true)
      if [[ $code == 200 ]]; then t_ok=$EPOCHREALTIME; break; fi
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$err" >&2; die "ocop serve exited during start $n"; }
    ((${EPOCHREALTIME%[.,]*} < deadline)) || die "ocop serve did not answer /healthz within 20 s"
  done
  local t_stop0=$EPOCHREALTIME rc=0
  kill -TERM "$pid"
  wait "$pid" || rc=$?
  local t_stop1=$EPOCHREALTIME
  SERVER_PIDS=()
  [[ $rc == 0 ]] || warn "start run $n: ocop serve exited with status $rc after SIGTERM"
  grep -q "ocop: stopped" "$err" || warn "start run $n: no 'ocop: stopped' after SIGTERM"
  awk -v a="${t0/,/.}" -v l="${t_listen/,/.}" -v o="${t_ok/,/.}" -v s0="${t_stop0/,/.}" -v s1="${t_stop1/,/.}" \
    'BEGIN { printf "%.1f %.1f %.1f\n", (o - a) * 1000, (l - a) * 1000, (s1 - s0) * 1000 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: >"$LOGS/starts.txt"
for ((i = 1; i <= STARTS; i++)); do start_once "$i" >>"$LOGS/starts.txt"; done
START_MS=$(cut -d' ' -f1 "$LOGS/starts.txt" | median)
LISTEN_MS=$(cut -d' ' -f2 "$LOGS/starts.txt" | median)
STOP_MS=$(cut -d' ' -f3 "$LOGS/starts.txt" | median)
info "start runs (ms to 200, ms to 'listening' line, ms from SIGTERM to exit): $(paste -sd';' "$LOGS/starts.txt")"

# --- 3. the load server and nginx -------------------------------------------
load_args=("${serve_args[@]}")
[[ -n $SERVE_THREADS ]] && load_args+=(--threads "$SERVE_THREADS")
: >"$LOGS/serve.out"
"$OCOP" "${load_args[@]}" >"$LOGS/serve.out" 2>"$LOGS/serve.err" &
SERVE_PID=$!
SERVER_PIDS+=("$SERVE_PID")
PORT=
for ((i = 0; i < 400; i++)); do
  line=""
  read -r line <"$LOGS/serve.out" || true
  if [[ $line =~ listening\ on\ http://127\.0\.0\.1:([0-9]+) ]]; then PORT=${BASH_REMATCH[1]}; break; fi
  kill -0 "$SERVE_PID" 2>/dev/null || { cat "$LOGS/serve.err" >&2; die "ocop serve exited"; }
  sleep 0.05
done
[[ -n $PORT ]] || die "ocop serve did not print its port"
OCOP_URL=http://127.0.0.1:$PORT

code=$(curl -s -o "$TMP/www/product.json" -w '%{http_code}' --max-time 5 "$OCOP_URL/api/v1/products/1")
[[ $code == 200 ]] || die "GET /api/v1/products/1 answered $code"
chmod 644 "$TMP/www/product.json"
PRODUCT_BYTES=$(wc -c <"$TMP/www/product.json")
codes=$(curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 "$OCOP_URL/api/v1/products/[1-100]" | sort | uniq -c | tr -s ' ' | paste -sd',')
[[ $codes =~ ^\ ?100\ 200$ ]] || warn "products 1..100 did not all answer 200: $codes"
info "product 1 JSON is $PRODUCT_BYTES bytes; nginx serves a copy of it"

# The scan of a package: /v/{number}?sig=… for certificates spread over the
# register, as people (HTML) and as machines (JSON). nginx serves files of the
# same sizes as the answers for the first certificate.
signed_path() {  # signed_path NUMBER: the path of the certificate's QR code, or nothing
  curl -s --max-time 5 "$OCOP_URL/api/v1/certificates/$1" |
    grep -o '"qr_url":"[^"]*"' | head -1 | cut -d'"' -f4 | sed -e 's|^[a-z]*://[^/]*||'
}
FIRST_PATH=$(signed_path BM-000001)
[[ $FIRST_PATH == /v/* ]] || die "no certificate BM-000001 in the register"
code=$(curl -s -o "$TMP/www/verify.html" -w '%{http_code}' --max-time 5 "$OCOP_URL$FIRST_PATH")
[[ $code == 200 ]] || die "GET $FIRST_PATH answered $code"
code=$(curl -s -o "$TMP/www/verify.json" -w '%{http_code}' -H 'Accept: application/json' --max-time 5 "$OCOP_URL$FIRST_PATH")
[[ $code == 200 ]] || die "GET $FIRST_PATH (JSON) answered $code"
grep -q '"signature_valid":true' "$TMP/www/verify.json" || warn "the first certificate's signature did not verify"
chmod 644 "$TMP/www/verify.html" "$TMP/www/verify.json"
info "verification page of BM-000001: HTML $(wc -c <"$TMP/www/verify.html") bytes, JSON $(wc -c <"$TMP/www/verify.json") bytes"
# 1,000 signed paths of certificates spread over the register, for wrk to cycle.
{
  echo "local paths = {"
  for ((k = 1; k <= 1000; k++)); do
    printf '  "%s",\n' "$(signed_path "$(printf 'BM-%06d' $(((k * 7919) % CERTS + 1)))")"
  done
  echo "}"
} >"$TMP/paths.lua"
SIGNED_PATHS=$(grep -c '"/v/' "$TMP/paths.lua" || true)
((SIGNED_PATHS == 1000)) || die "only $SIGNED_PATHS of 1000 signed certificate paths found"
for kind in html json; do
  accept='text/html'
  [[ $kind == json ]] && accept='application/json'
  { cat "$TMP/paths.lua"
    echo 'local i = 0'
    echo 'request = function()'
    echo '  i = i % #paths + 1'
    echo "  return wrk.format(\"GET\", paths[i], { [\"Accept\"] = \"$accept\" })"
    echo 'end'
  } >"$TMP/verify_$kind.lua"
done

# The scan of a package's GS1 Digital Link (issue 5): the demo's two lots
# (src/main/demo_trace_seed.cc: MO-{year}-01 of the honey with a GTIN,
# MD-{year}-02 of a product without one under /p/{code}/l/{lot}) and the
# product pages /01/{gtin} of every demo product with a GTIN. nginx serves a
# file of the size of the GTIN lot's page (the larger of the two lots).
YEAR=$(TZ=Asia/Ho_Chi_Minh date +%Y)
curl -s --max-time 10 "$OCOP_URL/api/v1/products?per_page=100" >"$TMP/products-list.json"
GTINS=$(grep -o '"gtin":"[0-9]*"' "$TMP/products-list.json" | cut -d'"' -f4 | head -8)
PLATFORM_CODE=$(grep -o '"code":"[^"]*","name":"Mật ong hoa điều Ia Grai"' "$TMP/products-list.json" | head -1 | cut -d'"' -f4)
[[ -n $GTINS && -n $PLATFORM_CODE ]] || die "the demo products with and without a GTIN were not found"
LOT_PATHS=("/01/08939777100106/10/MO-$YEAR-01" "/p/$PLATFORM_CODE/l/MD-$YEAR-02")
PRODUCT_PATHS=()
for g in $GTINS; do PRODUCT_PATHS+=("/01/$g"); done
for p in "${LOT_PATHS[@]}" "${PRODUCT_PATHS[@]}"; do
  code=$(curl -s -o "$TMP/resolver-page.html" -w '%{http_code}' -H 'Accept: text/html' --max-time 5 "$OCOP_URL$p")
  [[ $code == 200 ]] || die "GET $p answered $code"
  if [[ $p == */10/* || $p == */l/* ]] && ! grep -q 'class="event"' "$TMP/resolver-page.html"; then
    warn "the lot page $p shows no events"
  fi
done
curl -s -o "$TMP/www/resolver.html" -H 'Accept: text/html' --max-time 5 "$OCOP_URL${LOT_PATHS[0]}"
chmod 644 "$TMP/www/resolver.html"
info "resolver: lot page ${LOT_PATHS[0]} is $(wc -c <"$TMP/www/resolver.html") bytes; ${#LOT_PATHS[@]} lots and ${#PRODUCT_PATHS[@]} product pages cycled"
for kind in lot product; do
  if [[ $kind == lot ]]; then list=("${LOT_PATHS[@]}"); else list=("${PRODUCT_PATHS[@]}"); fi
  { echo "local paths = {"
    for p in "${list[@]}"; do printf '  "%s",\n' "$p"; done
    echo "}"
    echo 'local i = 0'
    echo 'request = function()'
    echo '  i = i % #paths + 1'
    echo '  return wrk.format("GET", paths[i], { ["Accept"] = "text/html" })'
    echo 'end'
  } >"$TMP/resolver_$kind.lua"
done

free_port() {  # a loopback port nobody listens on (the bind below is the real test)
  local p i
  for ((i = 0; i < 50; i++)); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

start_nginx() {
  local port=$1 i
  cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes 2;
daemon off;
master_process on;
pid $TMP/nginx/nginx.pid;
error_log $LOGS/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/json json; text/html html; }
  default_type application/json;
  charset utf-8;
  charset_types application/json text/html;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  open_file_cache max=16;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    root $TMP/www;
    location / { }
  }
}
EOF
  "$NGINX" -p "$TMP/nginx/" -e "$LOGS/nginx-error.log" -c "$TMP/nginx/nginx.conf" \
    >"$LOGS/nginx.out" 2>&1 &
  NGINX_PID=$!
  for ((i = 0; i < 100; i++)); do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/product.json" || true) == 200 ]]; then
      return 0
    fi
    if ! kill -0 "$NGINX_PID" 2>/dev/null; then
      wait "$NGINX_PID" 2>/dev/null || true
      NGINX_PID=
      return 1
    fi
    sleep 0.05
  done
  stop_pid "$NGINX_PID" QUIT
  NGINX_PID=
  return 1
}

NGINX_URL=
for _ in 1 2 3; do
  nport=$(free_port) || break
  if start_nginx "$nport"; then NGINX_URL=http://127.0.0.1:$nport; break; fi
done
[[ -n $NGINX_URL ]] || { cat "$LOGS/nginx-error.log" "$LOGS/nginx.out" >&2 2>/dev/null; die "nginx did not start"; }
nginx_bytes=$(curl -s --max-time 5 "$NGINX_URL/product.json" | wc -c)
[[ $nginx_bytes == "$PRODUCT_BYTES" ]] || warn "nginx served $nginx_bytes bytes, expected $PRODUCT_BYTES"

RSS_BEFORE_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVE_PID/status")

# --- 4. wrk -----------------------------------------------------------------
cat >"$TMP/products.lua" <<'EOF'
-- Cycles through product ids 1..100 (each wrk thread keeps its own counter).
local id = 0
request = function()
  id = id % 100 + 1
  return wrk.format("GET", "/api/v1/products/" .. id)
end
EOF

declare -A RPS P99
run_wrk() {  # run_wrk NAME URL [LUA_SCRIPT]
  local name=$1 url=$2 script=${3:-} log=$LOGS/wrk-$1.txt
  local args=(-t "$WRK_THREADS" -c "$CONNECTIONS" --latency)
  [[ -n $script ]] && args+=(-s "$script")
  if ((WARMUP > 0)); then
    timeout $((WARMUP + 15)) wrk "${args[@]}" -d "${WARMUP}s" "$url" >"$LOGS/wrk-$name-warmup.txt" 2>&1 ||
      warn "$name: warm-up wrk failed"
  fi
  timeout $((DURATION + 20)) wrk "${args[@]}" -d "${DURATION}s" "$url" >"$log" 2>&1 ||
    { cat "$log" >&2; die "$name: wrk failed"; }
  RPS[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$log")
  P99[$name]=$(awk '$1 == "99%" {
      v = $2; u = v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u);
      f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1;
      if (f < 0) exit 1;
      printf "%.2f", v * f }' "$log")
  [[ -n ${RPS[$name]} && -n ${P99[$name]} ]] || { cat "$log" >&2; die "$name: cannot parse wrk output"; }
  local requests errors non2xx
  requests=$(awk '/requests in/ { print $1 }' "$log")
  errors=$(grep -o 'Socket errors:.*' "$log" || true)
  non2xx=$(awk -F': *' '/Non-2xx or 3xx responses/ { print $2 }' "$log")
  info "$name: $requests requests in ${DURATION}s, p50 $(awk '$1 == "50%" { print $2 }' "$log"), p99 $(awk '$1 == "99%" { print $2 }' "$log")${errors:+, $errors}${non2xx:+, non-2xx: $non2xx}"
  [[ -z $errors ]] || warn "$name: $errors"
  [[ -z $non2xx ]] || warn "$name: $non2xx non-2xx/3xx responses"
}

read -r _ u0 n0 s0 i0 w0 q0 sq0 st0 _ </proc/stat
# nginx runs first and last: the machine is shared and its load drifts, so the
# baseline is the mean of a run before and a run after the ocop runs.
run_wrk nginx_static_before "$NGINX_URL/product.json"
run_wrk healthz "$OCOP_URL/healthz"
run_wrk product_detail "$OCOP_URL/api/v1/products/1" "$TMP/products.lua"
WARMUP=$((WARMUP > 1 ? 1 : WARMUP)) run_wrk nginx_static_after "$NGINX_URL/product.json"
run_wrk nginx_verify_html_before "$NGINX_URL/verify.html"
run_wrk verify_html "$OCOP_URL/v/x" "$TMP/verify_html.lua"
run_wrk verify_json "$OCOP_URL/v/x" "$TMP/verify_json.lua"
WARMUP=$((WARMUP > 1 ? 1 : WARMUP)) run_wrk nginx_verify_json "$NGINX_URL/verify.json"
WARMUP=$((WARMUP > 1 ? 1 : WARMUP)) run_wrk nginx_verify_html_after "$NGINX_URL/verify.html"
WARMUP=$((WARMUP > 1 ? 1 : WARMUP)) run_wrk nginx_resolver_before "$NGINX_URL/resolver.html"
run_wrk resolver_lot "$OCOP_URL/" "$TMP/resolver_lot.lua"
run_wrk resolver_product "$OCOP_URL/" "$TMP/resolver_product.lua"
WARMUP=$((WARMUP > 1 ? 1 : WARMUP)) run_wrk nginx_resolver_after "$NGINX_URL/resolver.html"
RPS[nginx_resolver]=$(awk -v a="${RPS[nginx_resolver_before]}" -v b="${RPS[nginx_resolver_after]}" 'BEGIN { printf "%.0f", (a + b) / 2 }')
P99[nginx_resolver]=$(awk -v a="${P99[nginx_resolver_before]}" -v b="${P99[nginx_resolver_after]}" 'BEGIN { printf "%.2f", (a + b) / 2 }')
RPS[nginx_verify_html]=$(awk -v a="${RPS[nginx_verify_html_before]}" -v b="${RPS[nginx_verify_html_after]}" 'BEGIN { printf "%.0f", (a + b) / 2 }')
P99[nginx_verify_html]=$(awk -v a="${P99[nginx_verify_html_before]}" -v b="${P99[nginx_verify_html_after]}" 'BEGIN { printf "%.2f", (a + b) / 2 }')
RPS[nginx_static]=$(awk -v a="${RPS[nginx_static_before]}" -v b="${RPS[nginx_static_after]}" 'BEGIN { printf "%.0f", (a + b) / 2 }')
P99[nginx_static]=$(awk -v a="${P99[nginx_static_before]}" -v b="${P99[nginx_static_after]}" 'BEGIN { printf "%.2f", (a + b) / 2 }')
read -r _ u1 n1 s1 i1 w1 q1 sq1 st1 _ </proc/stat
info "CPU during the load runs: $(awk -v busy=$(((u1 - u0) + (n1 - n0) + (s1 - s0) + (q1 - q0) + (sq1 - sq0))) \
  -v idle=$(((i1 - i0) + (w1 - w0))) -v steal=$((st1 - st0)) 'BEGIN { t = busy + idle + steal;
  printf "%.0f%% busy, %.0f%% idle, %.1f%% stolen by the hypervisor", 100 * busy / t, 100 * idle / t, 100 * steal / t }')"
info "nginx baseline: ${RPS[nginx_static_before]} req/s before, ${RPS[nginx_static_after]} req/s after the ocop runs; the mean is used"

# --- 5. resident memory after the load --------------------------------------
if ! kill -0 "$SERVE_PID" 2>/dev/null; then
  cat "$LOGS/serve.err" >&2
  die "ocop serve died during the load runs"
fi
[[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$OCOP_URL/healthz" || true) == 200 ]] ||
  warn "ocop serve does not answer /healthz after the load runs"
RSS_AFTER_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVE_PID/status")
HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVE_PID/status")
SERVE_THREADS_SEEN=$(awk '/^Threads:/ { print $2 }' "/proc/$SERVE_PID/status")
info "ocop serve: $SERVE_THREADS_SEEN threads, VmRSS $RSS_BEFORE_KB kB before the load, $RSS_AFTER_KB kB after, peak (VmHWM) $HWM_KB kB"
stop_pid "$SERVE_PID" TERM
SERVER_PIDS=()
grep -q "ocop: stopped" "$LOGS/serve.err" || warn "load server did not report 'ocop: stopped' after SIGTERM"
[[ -n $NGINX_PID ]] && { stop_pid "$NGINX_PID" QUIT; NGINX_PID=; }

info "load average $(cut -d' ' -f1-3 /proc/loadavg) after the load runs"

# --- 6. the summary ---------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo "BENCH nginx_static_rps ${RPS[nginx_static]} req/s"
echo "BENCH healthz_rps ${RPS[healthz]} req/s ratio=$(ratio "${RPS[healthz]}" "${RPS[nginx_static]}") vs nginx_static_rps"
echo "BENCH product_detail_rps ${RPS[product_detail]} req/s ratio=$(ratio "${RPS[product_detail]}" "${RPS[nginx_static]}") vs nginx_static_rps"
echo "BENCH nginx_verify_html_rps ${RPS[nginx_verify_html]} req/s"
echo "BENCH verify_html_rps ${RPS[verify_html]} req/s ratio=$(ratio "${RPS[verify_html]}" "${RPS[nginx_verify_html]}") vs nginx_verify_html_rps"
echo "BENCH nginx_verify_json_rps ${RPS[nginx_verify_json]} req/s"
echo "BENCH verify_json_rps ${RPS[verify_json]} req/s ratio=$(ratio "${RPS[verify_json]}" "${RPS[nginx_verify_json]}") vs nginx_verify_json_rps"
echo "BENCH nginx_verify_html_p99 ${P99[nginx_verify_html]} ms"
echo "BENCH verify_html_p99 ${P99[verify_html]} ms"
echo "BENCH nginx_verify_json_p99 ${P99[nginx_verify_json]} ms"
echo "BENCH verify_json_p99 ${P99[verify_json]} ms"
echo "BENCH nginx_resolver_rps ${RPS[nginx_resolver]} req/s"
echo "BENCH resolver_lot_rps ${RPS[resolver_lot]} req/s ratio=$(ratio "${RPS[resolver_lot]}" "${RPS[nginx_resolver]}") vs nginx_resolver_rps"
echo "BENCH resolver_product_rps ${RPS[resolver_product]} req/s ratio=$(ratio "${RPS[resolver_product]}" "${RPS[nginx_resolver]}") vs nginx_resolver_rps"
echo "BENCH nginx_resolver_p99 ${P99[nginx_resolver]} ms"
echo "BENCH resolver_lot_p99 ${P99[resolver_lot]} ms"
echo "BENCH resolver_product_p99 ${P99[resolver_product]} ms"
echo "BENCH nginx_static_p99 ${P99[nginx_static]} ms"
echo "BENCH healthz_p99 ${P99[healthz]} ms"
echo "BENCH product_detail_p99 ${P99[product_detail]} ms"
echo "BENCH serve_rss_before_load $(mb "$RSS_BEFORE_KB") MB"
echo "BENCH serve_rss_after_load $(mb "$RSS_AFTER_KB") MB"
echo "BENCH start_to_first_answer $(printf '%.0f' "$START_MS") ms"
echo "BENCH start_to_listening $(printf '%.0f' "$LISTEN_MS") ms"
echo "BENCH stop_after_sigterm $(printf '%.0f' "$STOP_MS") ms"

# --- the EPCIS repository: capture and MATCH_epc with a full store ---------
# bench/epcis_bench.cc: fills a fresh store with BENCH_EPCIS_PRELOAD events
# through the capture path, then captures 1,000-event documents next to plain
# SQLite inserts of the same rows (the ceiling) and times MATCH_epc for lots.
EPCIS_PRELOAD=${BENCH_EPCIS_PRELOAD:-1000000}
if [[ -x $BUILD_DIR/bench/epcis_bench ]]; then
  mkdir -p "$TMP/epcis"
  "$OCOP" migrate --store "sqlite:$TMP/epcis/ocop.db" >"$LOGS/epcis-migrate.log" 2>&1 &&
    "$OCOP" seed-demo --store "sqlite:$TMP/epcis/ocop.db" >"$LOGS/epcis-seed.log" 2>&1 ||
    die "could not prepare the EPCIS store"
  timeout 1800 "$BUILD_DIR/bench/epcis_bench" "$TMP/epcis/ocop.db" "$EPCIS_PRELOAD" 20 ||
    warn "epcis_bench failed"
  rm -rf "$TMP/epcis"
fi

# --- the trace graph at national scale (issue 6) ----------------------------
# `ocop bench-data` fills a fresh SQLite store with the synthetic supply chain
# at BENCH_TRACE_SCALE of the national scale (1.0: 20,000 products, 1,000,000
# lots, 10,000,000 events); `ocop serve` on it answers GET /api/v1/trace for
# sample lots under wrk for BENCH_TRACE_SECONDS, and its peak resident memory
# (VmHWM) is read. Then bench/trace_bench.cc times the traces through
# TraceService, the same traces as a PostgreSQL recursive CTE over the same
# data loaded into a throw-away PostgreSQL (scripts/with-postgres.sh, the same
# seed), and a recall of ~1,000 affected records with its spreadsheet.
TRACE_SCALE=${BENCH_TRACE_SCALE:-0.02}
TRACE_LOTS=${BENCH_TRACE_LOTS:-500}
TRACE_SECONDS=${BENCH_TRACE_SECONDS:-10}
if [[ -x $BUILD_DIR/bench/trace_bench ]]; then
  TRACE_DIR=$TMP/trace
  mkdir -p "$TRACE_DIR"
  TRACE_STORE=sqlite:$TRACE_DIR/ocop.db
  "$OCOP" migrate --store "$TRACE_STORE" >"$LOGS/trace-migrate.log" 2>&1 || die "could not migrate the trace store"
  "$OCOP" bench-data --store "$TRACE_STORE" --scale "$TRACE_SCALE" --seed 1 --manifest "$TRACE_DIR/manifest.json" \
    >"$LOGS/trace-generate.log" 2>&1 || { tail -5 "$LOGS/trace-generate.log" >&2; die "ocop bench-data failed"; }
  info "$(grep '^bench-data: scale' "$LOGS/trace-generate.log")"
  info "trace store: $(du -sh "$TRACE_DIR" | cut -f1) for scale $TRACE_SCALE"
  GEN_RATE=$(sed -n 's/.*(\([0-9]*\) events\/s;.*/\1/p' "$LOGS/trace-generate.log")

  # ocop serve under GET /api/v1/trace: a national administrator's token, the
  # sample lots' ids cycled by wrk.
  printf 'bench-trace-password\n' | "$OCOP" user add --username bench.trace --role national-admin \
    --password-stdin --store "$TRACE_STORE" >"$LOGS/trace-user.log" 2>&1 || die "could not add the trace user"
  : >"$LOGS/trace-serve.out"
  "$OCOP" serve --store "$TRACE_STORE" --listen 127.0.0.1:0 --base-url "$BASE_URL" --access-log off \
    >"$LOGS/trace-serve.out" 2>"$LOGS/trace-serve.err" &
  TRACE_PID=$!
  SERVER_PIDS+=("$TRACE_PID")
  TRACE_PORT=
  for ((i = 0; i < 400; i++)); do
    line=""
    read -r line <"$LOGS/trace-serve.out" || true
    if [[ $line =~ listening\ on\ http://127\.0\.0\.1:([0-9]+) ]]; then TRACE_PORT=${BASH_REMATCH[1]}; break; fi
    kill -0 "$TRACE_PID" 2>/dev/null || { cat "$LOGS/trace-serve.err" >&2; die "ocop serve exited on the trace store"; }
    sleep 0.05
  done
  [[ -n $TRACE_PORT ]] || die "ocop serve did not print its port on the trace store"
  TRACE_URL=http://127.0.0.1:$TRACE_PORT
  TOKEN=$(curl -s --max-time 10 -H 'Content-Type: application/json' \
    -d '{"username":"bench.trace","password":"bench-trace-password"}' "$TRACE_URL/api/v1/session" |
    sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
  [[ -n $TOKEN ]] || die "could not sign in on the trace store"
  { echo "local ids = {"
    grep -o '"id": *"[^"]*"' "$TRACE_DIR/manifest.json" | sed 's/"id": *"\(.*\)"/\1/' |
      awk '{ gsub(/%/, "%25"); gsub(/:/, "%3A"); gsub(/\//, "%2F"); printf "  \"%s\",\n", $0 }'
    echo "}"
    echo 'local i = 0'
    echo 'request = function()'
    echo '  i = i % #ids + 1'
    echo "  return wrk.format(\"GET\", \"/api/v1/trace?id=\" .. ids[i], { [\"Authorization\"] = \"Bearer $TOKEN\" })"
    echo 'end'
  } >"$TMP/trace.lua"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Authorization: Bearer $TOKEN" \
    "$TRACE_URL/api/v1/trace?id=$(grep -o '"id": *"[^"]*"' "$TRACE_DIR/manifest.json" | head -1 |
      sed 's/"id": *"\(.*\)"/\1/' | sed 's/:/%3A/g; s/\//%2F/g')")
  [[ $code == 200 ]] || die "GET /api/v1/trace answered $code"
  timeout $((TRACE_SECONDS + 20)) wrk -t 2 -c 8 -d "${TRACE_SECONDS}s" --latency -s "$TMP/trace.lua" "$TRACE_URL" \
    >"$LOGS/wrk-trace.txt" 2>&1 || { cat "$LOGS/wrk-trace.txt" >&2; die "wrk on /api/v1/trace failed"; }
  info "trace API under wrk (8 connections, ${TRACE_SECONDS}s): $(awk '/requests in/ { print $1 }' "$LOGS/wrk-trace.txt") requests, $(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$LOGS/wrk-trace.txt") req/s, p50 $(awk '$1 == "50%" { print $2 }' "$LOGS/wrk-trace.txt"), p99 $(awk '$1 == "99%" { print $2 }' "$LOGS/wrk-trace.txt")$(awk -F': *' '/Non-2xx/ { print ", non-2xx: " $2 }' "$LOGS/wrk-trace.txt")"
  grep -q 'Non-2xx' "$LOGS/wrk-trace.txt" && warn "trace API: non-2xx answers under load"
  kill -0 "$TRACE_PID" 2>/dev/null || { cat "$LOGS/trace-serve.err" >&2; die "ocop serve died under the trace load"; }
  TRACE_HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$TRACE_PID/status")
  stop_pid "$TRACE_PID" TERM
  SERVER_PIDS=()

  # trace_bench on SQLite, with PostgreSQL when it is installed.
  trace_args=("$TRACE_DIR/ocop.db" "$TRACE_DIR/manifest.json" --lots "$TRACE_LOTS" --recall)
  if [[ -x /usr/lib/postgresql/15/bin/initdb && ${BENCH_TRACE_PG:-1} != 0 ]]; then
    PG_LOG=$LOGS/trace-postgres.log
    "$ROOT/scripts/with-postgres.sh" bash -c '
      set -e
      "$0" migrate --store "$OCOP_TEST_PG_URL" >/dev/null
      start=$(date +%s.%N)
      "$0" bench-data --store "$OCOP_TEST_PG_URL" --scale "$1" --seed 1 >&2
      echo "# PostgreSQL: the same data loaded in $(awk -v a="$start" -v b="$(date +%s.%N)" "BEGIN { printf \"%.0f\", b - a }") s" >&2
      psql "$OCOP_TEST_PG_URL" -qc "VACUUM ANALYZE" >&2
      shift
      "$@" --pg "$OCOP_TEST_PG_URL"' "$OCOP" "$TRACE_SCALE" "$BUILD_DIR/bench/trace_bench" "${trace_args[@]}" \
      >"$LOGS/trace-bench.txt" 2>"$PG_LOG" || { tail -20 "$PG_LOG" >&2; warn "trace_bench with PostgreSQL failed"; }
    grep '^# PostgreSQL' "$PG_LOG" || true
  else
    if [[ ${BENCH_TRACE_PG:-1} == 0 ]]; then
      info "BENCH_TRACE_PG=0: no PostgreSQL recursive-CTE baseline"
    else
      warn "PostgreSQL 15 is not installed: no recursive-CTE baseline (scripts/install-deps.sh installs it)"
    fi
    "$BUILD_DIR/bench/trace_bench" "${trace_args[@]}" >"$LOGS/trace-bench.txt" 2>&1 || warn "trace_bench failed"
  fi
  grep -E '^(BENCH|#|WARN)' "$LOGS/trace-bench.txt" || true
  echo "BENCH bench_data_events_per_s ${GEN_RATE:-nan} events/s"
  echo "BENCH serve_rss_peak $(mb "$TRACE_HWM_KB") MB"
  rm -rf "$TRACE_DIR"
fi

# --- micro-benchmarks: every Google Benchmark binary under BUILD_DIR/bench ---
# One line per benchmark, CPU ns per iteration; a benchmark named
# <group>/<case> is stated as a ratio to the <group>/*_baseline one, if any.
micro=()
if [[ -d $BUILD_DIR/bench ]]; then
  while IFS= read -r exe; do micro+=("$exe"); done < <(
    find "$BUILD_DIR/bench" -type f -perm -u+x -not -path '*/CMakeFiles/*' -not -name '*.so*' -not -name epcis_bench \
      -not -name trace_bench | sort)
fi
if ((${#micro[@]} == 0)); then
  info "no micro-benchmark binaries under $BUILD_DIR/bench"
fi
for exe in "${micro[@]}"; do
  bin=$(basename "$exe")
  # Only Google Benchmark programs: they accept --benchmark_list_tests.
  if ! timeout 10 "$exe" --benchmark_list_tests=true >/dev/null 2>&1; then
    info "skipping $bin: not a Google Benchmark program"
    continue
  fi
  if ! timeout 90 "$exe" --benchmark_min_time="$MIN_TIME" --benchmark_format=json \
      >"$LOGS/$bin.json" 2>"$LOGS/$bin.err"; then
    cat "$LOGS/$bin.err" >&2
    warn "$bin failed"
    continue
  fi
  awk -v bin="$bin" '
    function str(s) { sub(/^[^:]*: *"/, "", s); sub(/",? *$/, "", s); return s }
    function num(s) { sub(/^[^:]*: */, "", s); sub(/,? *$/, "", s); return s + 0 }
    /"benchmarks": *\[/ { inb = 1; next }
    !inb { next }
    /^ *\{/ { name = ""; cpu = ""; unit = "ns"; err = 0; agg = 0; next }
    /"name":/ { name = str($0) }
    /"run_type": *"aggregate"/ { agg = 1 }
    /"error_occurred": *true/ { err = 1 }
    /"cpu_time":/ { cpu = num($0) }
    /"time_unit":/ { unit = str($0) }
    /^ *\},?$/ {
      if (name == "" || cpu == "" || agg) next
      if (err) { print "WARN " bin "/" name ": benchmark reported an error"; next }
      f = (unit == "us") ? 1e3 : (unit == "ms") ? 1e6 : (unit == "s") ? 1e9 : 1
      n++; names[n] = name; ns[n] = cpu * f
      g = name; sub(/\/.*/, "", g)
      if (name ~ /_baseline$/ && !(g in base)) base[g] = n
      name = ""
    }
    END {
      for (i = 1; i <= n; i++) {
        g = names[i]; sub(/\/.*/, "", g)
        line = sprintf("BENCH %s/%s %.1f ns/op", bin, names[i], ns[i])
        if ((g in base) && base[g] != i && ns[base[g]] > 0)
          line = line sprintf(" ratio=%.2f vs %s/%s", ns[i] / ns[base[g]], bin, names[base[g]])
        print line
      }
    }' "$LOGS/$bin.json"
done
