#!/usr/bin/env bash
# HTTP load benchmark: the locator's GET /v1/locate against nginx answering a fixed body of the same
# size and content type, both on loopback, driven by wrk with the same settings.
#
#   bench/run-http.sh
#
# Settings (environment): ROUNDS=3 DURATION=15 WARMUP=5 FIRST_WARMUP=30 THREADS=1 CONNECTIONS=32
#   FIRST_WARMUP         seconds of load on each server before the first round, discarded: the locator's
#                        JIT (tiered compilation, dynamic PGO) needs about 20 s of load on 2 cores to settle
#   NGINX_WORKERS=auto   nginx worker_processes
#   POLICY=best          the locator's --policy
#   NO_DOC=1             print the summary only; leave docs/performance.md alone (for experiments)
# The locator inherits the environment, so DOTNET_gcServer=1 or DOTNET_TieredPGO=0 try other runtime
# settings. Installs wrk and nginx-light from Debian when they are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${ROUNDS:-3}
duration=${DURATION:-15}
warmup=${WARMUP:-5}
first_warmup=${FIRST_WARMUP:-30}
threads=${THREADS:-1}
connections=${CONNECTIONS:-32}
nginx_workers=${NGINX_WORKERS:-auto}
policy=${POLICY:-best}
clusters=10
capacity=1000000000

# ---- tools -------------------------------------------------------------------------------------
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if ! command -v wrk >/dev/null || [[ ! -x $nginx_bin ]] || ! command -v curl >/dev/null || ! command -v ss >/dev/null; then
  echo "== installing wrk, nginx-light, curl, iproute2 from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk nginx-light curl iproute2 >/dev/null
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
fi

# ---- build -------------------------------------------------------------------------------------
echo "== building the CLI (Release)" >&2
dotnet build -c Release "$root/src/ClusterLocator.Cli" -nologo -v quiet >&2
cli=$root/src/ClusterLocator.Cli/bin/Release/net10.0/clusterlocator

# ---- everything started here stops on exit -----------------------------------------------------
tmp=$(mktemp -d /tmp/clusterlocator-http-bench.XXXXXX)
locator_pid=""
nginx_pid=""
cleanup() {
  local status=$?
  [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [[ -n $locator_pid ]] && kill "$locator_pid" 2>/dev/null && wait "$locator_pid" 2>/dev/null
  if ((status != 0)); then
    echo "failed; logs kept in $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if [[ -z $(ss -Htln "sport = :$port") && $port != "${1:-}" ]]; then
      echo "$port"
      return
    fi
  done
}

locator_port=$(free_port)
nginx_port=$(free_port "$locator_port")
locator=http://127.0.0.1:$locator_port
locate_url="$locator/v1/locate?service=bench"
nginx_url=http://127.0.0.1:$nginx_port/

# ---- locator and its clusters ------------------------------------------------------------------
echo "== starting the locator on $locator" >&2
"$cli" locator --urls "$locator" --policy "$policy" --warm-up 0s --report-interval 1m --lease 3m >"$tmp/locator.log" 2>&1 &
locator_pid=$!
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$locator/healthz" 2>/dev/null && break
  kill -0 "$locator_pid" 2>/dev/null || { cat "$tmp/locator.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS -o /dev/null "$locator/healthz"

seq_no=0
# A report per cluster: a fresh lease, no placed sessions and not stale, so every measured run sees
# the same state. The huge capacity keeps the placed-since-report count from filling any cluster.
register() {
  seq_no=$((seq_no + 1))
  for i in $(seq 0 $((clusters - 1))); do
    local cpu
    cpu=$(printf '0.%02d' $((30 + 2 * i)))
    curl -fsS -o /dev/null -X PUT -H 'Content-Type: application/json' "$locator/v1/clusters/bench-0$i" --data @- <<JSON
{ "service": "bench", "incarnation": "bench-run", "seq": $seq_no,
  "endpoints": [ { "protocol": "tcp", "address": "127.0.0.1:$((9100 + i))" },
                 { "protocol": "http", "address": "http://127.0.0.1:$((9200 + i))" } ],
  "zone": "z1", "state": "active",
  "load": { "sessions": $((100 * i)), "capacity": $capacity, "cpu": $cpu, "memory": 0.20,
            "healthyMembers": 3, "members": 3 } }
JSON
  done
}
register

curl -fsS -D "$tmp/locate.headers" -o "$tmp/body.json" "$locate_url"
body=$(cat "$tmp/body.json")
body_bytes=$(wc -c <"$tmp/body.json")
content_type=$(awk -F': ' 'tolower($1) == "content-type" { sub(/\r$/, "", $2); print $2 }' "$tmp/locate.headers")
echo "== a placement answer ($body_bytes bytes, $content_type): $body" >&2
if [[ $body == *"'"* || $body == *'$'* || $body == *'\'* ]]; then
  echo "the answer has a character nginx's return string would need escaped; adjust the clusters" >&2
  exit 1
fi

# ---- nginx -------------------------------------------------------------------------------------
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx/nginx.conf" <<NGINX
# A normal production-like config: as many workers as cores (auto) unless NGINX_WORKERS says else,
# no access log (the locator logs no requests either), keep-alive connections kept for the run like
# Kestrel keeps them (nginx closes one after 1000 requests by default, which would cost it reconnects).
worker_processes $nginx_workers;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log off;
    server_tokens off;
    keepalive_requests 1000000;
    client_body_temp_path $tmp/nginx/client_body;
    proxy_temp_path $tmp/nginx/proxy;
    server {
        listen 127.0.0.1:$nginx_port;
        location / {
            default_type "$content_type";
            return 200 '$body';
        }
    }
}
NGINX
"$nginx_bin" -t -q -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf"
echo "== starting nginx on $nginx_url (worker_processes $nginx_workers)" >&2
"$nginx_bin" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 50); do
  curl -fsS -o /dev/null "$nginx_url" 2>/dev/null && break
  sleep 0.1
done
curl -fsS -D "$tmp/nginx.headers" -o "$tmp/nginx-body.json" "$nginx_url"
if ! cmp -s "$tmp/body.json" "$tmp/nginx-body.json"; then
  echo "nginx answers another body than the locator" >&2
  exit 1
fi
nginx_worker_count=$(pgrep -c -P "$nginx_pid" || true)

# ---- measuring ---------------------------------------------------------------------------------
clk=$(getconf CLK_TCK)
# CPU seconds (user + system) used so far by a process and its children's threads (nginx workers).
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] || continue
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}
server_pids() {
  if [[ $1 == nginx ]]; then
    echo "$nginx_pid" $(pgrep -P "$nginx_pid")
  else
    echo "$locator_pid"
  fi
}
to_us() { # 812.00us | 1.23ms | 2.00s -> microseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 1 : (u == "ms") ? 1000 : (u == "s") ? 1000000 : (u == "m") ? 60000000 : -1
    if (f < 0) { print "unknown unit in " v > "/dev/stderr"; exit 1 }
    printf "%.1f", n * f }'
}
to_bytes() { # 150.00MB -> bytes (wrk counts in 1024s)
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "B") ? 1 : (u == "KB") ? 1024 : (u == "MB") ? 1048576 : (u == "GB") ? 1073741824 : -1
    if (f < 0) { print "unknown unit in " v > "/dev/stderr"; exit 1 }
    printf "%.0f", n * f }'
}

source "$root/bench/cpu-meter.sh"
declare -A rps p99 p50 bpr cpu other
run_wrk() { # target round
  local target=$1 round=$2 url out before after
  url=$([[ $target == nginx ]] && echo "$nginx_url" || echo "$locate_url")
  out=$tmp/wrk-$target-$round.txt
  [[ $target == locator ]] && register
  wrk -t"$threads" -c"$connections" -d"${warmup}s" "$url" >/dev/null
  before=$(cpu_ticks $(server_pids "$target"))
  meter_start
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url" >"$out"
  other[$target,$round]=$(meter_other_cores)
  after=$(cpu_ticks $(server_pids "$target"))
  if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
    echo "wrk saw errors against $target:" >&2
    cat "$out" >&2
    exit 1
  fi
  local requests read
  requests=$(awk '/requests in/ { print $1 }' "$out")
  read=$(awk '/requests in/ { print $5 }' "$out")
  rps[$target,$round]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50[$target,$round]=$(to_us "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99[$target,$round]=$(to_us "$(awk '$1 == "99%" { print $2 }' "$out")")
  bpr[$target,$round]=$(awk -v b="$(to_bytes "$read")" -v r="$requests" 'BEGIN { printf "%.0f", b / r }')
  cpu[$target,$round]=$(awk -v t=$((after - before)) -v c="$clk" -v d="$duration" 'BEGIN { printf "%.2f", t / c / d }')
  printf '   %-8s round %d: %10.0f req/s  p50 %7.0f us  p99 %7.0f us  %4d B/response  server %.2f cores  others %.2f cores\n' \
    "$target" "$round" "${rps[$target,$round]}" "${p50[$target,$round]}" "${p99[$target,$round]}" \
    "${bpr[$target,$round]}" "${cpu[$target,$round]}" "${other[$target,$round]}" >&2
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

"$root/bench/wait-quiet.sh"
echo "== warming both up: ${first_warmup}s of load each, discarded" >&2
register
wrk -t"$threads" -c"$connections" -d"${first_warmup}s" "$locate_url" >/dev/null
wrk -t"$threads" -c"$connections" -d"${first_warmup}s" "$nginx_url" >/dev/null
echo "== wrk -t$threads -c$connections -d${duration}s --latency, ${warmup}s warm-up discarded before each run, $rounds rounds" >&2
for round in $(seq "$rounds"); do
  if ((round % 2)); then order=(nginx locator); else order=(locator nginx); fi
  for target in "${order[@]}"; do
    run_wrk "$target" "$round"
  done
done

curl -fsS -o "$tmp/body-after.json" "$locate_url"
if [[ $(wc -c <"$tmp/body-after.json") != "$body_bytes" ]]; then
  echo "warning: the placement answer changed size during the run: $(cat "$tmp/body-after.json")" >&2
fi

# ---- summary -----------------------------------------------------------------------------------
vals() { local t=$1 arr=$2 r; for r in $(seq "$rounds"); do eval "echo \${$arr[$t,$r]}"; done; }
n_rps=$(median $(vals nginx rps)); l_rps=$(median $(vals locator rps))
n_p99=$(median $(vals nginx p99)); l_p99=$(median $(vals locator p99))
n_p50=$(median $(vals nginx p50)); l_p50=$(median $(vals locator p50))
n_cpu=$(median $(vals nginx cpu)); l_cpu=$(median $(vals locator cpu))
max_other=$(printf '%s\n' $(vals nginx other) $(vals locator other) | sort -g | tail -1)
rps_ratio=$(awk -v a="$l_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", a / b }')
p99_ratio=$(awk -v a="$l_p99" -v b="$n_p99" 'BEGIN { printf "%.2f", a / b }')
rps_ok=$(awk -v r="$rps_ratio" 'BEGIN { print (r >= 0.75) ? "met" : "missed" }')
p99_ok=$(awk -v r="$p99_ratio" 'BEGIN { print (r <= 2.0) ? "met" : "missed" }')
if [[ $rps_ok == met && $p99_ok == met ]]; then verdict="**Target met**"; else verdict="**Target missed**"; fi

gc_mode="workstation (concurrent; the CLI's runtimeconfig sets no System.GC.Server)"
[[ ${DOTNET_gcServer:-} == 1 ]] && gc_mode="server (DOTNET_gcServer=1)"
[[ ${DOTNET_gcServer:-} == 0 ]] && gc_mode="workstation (DOTNET_gcServer=0)"
runtime_env=$(env | grep -E '^DOTNET_(gc|GC|Tiered|TC_|ReadyToRun)' | sort | tr '\n' ' ' || true)

section=$tmp/section.md
{
  echo "## HTTP: \`GET /v1/locate\` against nginx"
  echo
  echo "Reproduce: \`bench/run-http.sh\` (about $(((rounds * 2 * (duration + warmup) + 2 * first_warmup) / 60 + 1)) minutes after the build)."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  "$root/bench/machine-info.sh"
  echo "- nginx $("$nginx_bin" -v 2>&1 | sed 's|.*nginx/||'), wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }'), both from Debian"
  echo "- Load: \`wrk -t$threads -c$connections -d${duration}s --latency\` over loopback, the same for both;" \
    "first ${first_warmup} s of load on each server discarded, then a ${warmup} s run before each measured run, discarded too;" \
    "$rounds rounds, alternating which server goes first; medians below."
  echo "- Locator: \`clusterlocator locator --policy $policy --warm-up 0s --report-interval 1m --lease 3m\`, Release build," \
    "$clusters clusters of service \`bench\` (capacity $capacity, cpu 0.30–0.48), re-registered before each run;" \
    "GC $gc_mode; runtime environment: ${runtime_env:-none set (tiered compilation and dynamic PGO on, the defaults)}."
  echo "- nginx: \`worker_processes $nginx_workers\` ($nginx_worker_count workers), \`access_log off\`, \`keepalive_requests 1000000\`," \
    "\`location / { return 200 '<the placement>'; }\` with \`default_type \"$content_type\"\`:" \
    "the same $body_bytes-byte body, captured from the locator: \`$body\`."
  echo
  echo "| round | nginx req/s | nginx p50 | nginx p99 | locator req/s | locator p50 | locator p99 | req/s ratio | p99 ratio |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for r in $(seq "$rounds"); do
    awk -v r="$r" -v nr="${rps[nginx,$r]}" -v n5="${p50[nginx,$r]}" -v n9="${p99[nginx,$r]}" \
      -v lr="${rps[locator,$r]}" -v l5="${p50[locator,$r]}" -v l9="${p99[locator,$r]}" 'BEGIN {
      printf "| %d | %.0f | %.0f µs | %.0f µs | %.0f | %.0f µs | %.0f µs | %.2f | %.2f |\n", r, nr, n5, n9, lr, l5, l9, lr / nr, l9 / n9 }'
  done
  awk -v nr="$n_rps" -v n5="$n_p50" -v n9="$n_p99" -v lr="$l_rps" -v l5="$l_p50" -v l9="$l_p99" -v rr="$rps_ratio" -v pr="$p99_ratio" 'BEGIN {
    printf "| **median** | **%.0f** | %.0f µs | **%.0f µs** | **%.0f** | %.0f µs | **%.0f µs** | **%s** | **%s** |\n", nr, n5, n9, lr, l5, l9, rr, pr }'
  echo
  echo "Bytes per response on the wire (headers included, from wrk's count): nginx ${bpr[nginx,1]}, locator ${bpr[locator,1]}." \
    "CPU used by the server while measured (median, in cores of $(nproc)): nginx $n_cpu, locator $l_cpu;" \
    "wrk takes most of one core. Other processes used at most $max_other cores during any measured run."
  echo
  echo "Target (locator ≥ 75 % of nginx's requests/s, p99 ≤ 2 × nginx's): requests/s ratio $rps_ratio, $rps_ok;" \
    "p99 ratio $p99_ratio, $p99_ok. $verdict."
} >"$section"

echo
cat "$section"
if [[ -z ${NO_DOC:-} ]]; then
  "$root/bench/update-doc-section.sh" http <"$section"
fi
