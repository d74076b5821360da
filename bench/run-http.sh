#!/usr/bin/env bash
# HTTP load benchmark: the locator's GET /v1/locate against a bare Kestrel endpoint (bench/ClusterLocator.BareKestrel:
# the locator's Kestrel settings and runtime, no routing or middleware, writing the same captured bytes with the
# same headers) and against nginx answering the same body, all on loopback, driven by wrk with the same settings.
# Targets (issue 13): locator >= 0.9 x bare Kestrel's requests/s, locator p99 <= 2 x nginx's.
#
#   bench/run-http.sh
#
# Settings (environment): ROUNDS=3 DURATION=15 WARMUP=5 FIRST_WARMUP=30 THREADS=1 CONNECTIONS=32
#   FIRST_WARMUP         seconds of load on each server before the first round, discarded: the locator's
#                        JIT (tiered compilation, dynamic PGO) needs about 20 s of load on 2 cores to settle
#   NGINX_WORKERS="1 auto"  the nginx worker_processes settings to measure, each its own nginx; the
#                        verdict is against the faster one. On 2 cores shared with wrk, 1 worker is the
#                        faster (wrk and the worker get a core each); auto (2 workers) is the usual default.
#   POLICY=best          the locator's --policy
#   TLS=1                also measure locate over HTTPS (the same locator, a second --urls with a
#                        self-signed P-256 certificate made here by openssl), against plain HTTP in the same run
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
nginx_workers=(${NGINX_WORKERS:-1 auto})
policy=${POLICY:-best}
tls=${TLS:-1}
clusters=10
capacity=1000000000

# ---- tools -------------------------------------------------------------------------------------
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if ! command -v wrk >/dev/null || [[ ! -x $nginx_bin ]] || ! command -v curl >/dev/null || ! command -v ss >/dev/null || ! command -v openssl >/dev/null; then
  echo "== installing wrk, nginx-light, curl, iproute2, openssl from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk nginx-light curl iproute2 openssl >/dev/null
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
fi

# ---- build -------------------------------------------------------------------------------------
echo "== building the CLI and the bare Kestrel reference (Release)" >&2
dotnet build -c Release "$root/src/ClusterLocator.Cli" -nologo -v quiet >&2
dotnet build -c Release "$root/bench/ClusterLocator.BareKestrel" -nologo -v quiet >&2

# ---- everything started here stops on exit -----------------------------------------------------
tmp=$(mktemp -d /tmp/clusterlocator-http-bench.XXXXXX)
locator_pid=""
declare -A url_of
source "$root/bench/stop-on-exit.sh"

source "$root/bench/free-port.sh"

# Run a copy of the build, so a rebuild of src/ while this runs cannot change the program under test.
cp -r "$root/src/ClusterLocator.Cli/bin/Release/net10.0" "$tmp/cli"
rm -rf "$tmp/cli/publish"
cli=$tmp/cli/clusterlocator
cp -r "$root/bench/ClusterLocator.BareKestrel/bin/Release/net10.0" "$tmp/bare"

locator_port=$(free_port)
locator=http://127.0.0.1:$locator_port
locate_url="$locator/v1/locate?service=bench"

# ---- locator and its clusters ------------------------------------------------------------------
tls_args=()
if [[ $tls == 1 ]]; then
  tls_port=$(free_port "$locator_port")
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
  tls_args=(--urls "https://127.0.0.1:$tls_port" --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem")
fi
echo "== starting the locator on $locator${tls_port:+ and https://127.0.0.1:$tls_port}" >&2
"$cli" locator --urls "$locator" "${tls_args[@]}" --policy "$policy" --warm-up 0s --report-interval 1m --lease 3m --client-rate 0 >"$tmp/locator.log" 2>&1 &
locator_pid=$!
pid_of[locator]=$locator_pid
url_of[locator]=$locate_url
if [[ $tls == 1 ]]; then
  url_of[locator-tls]="https://127.0.0.1:$tls_port/v1/locate?service=bench"
fi
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

# ---- nginx, one per worker_processes setting ----------------------------------------------------
nginx_version=$("$nginx_bin" -v 2>&1 | sed 's|.*nginx/||')
declare -A workers_of
targets=()
for w in "${nginx_workers[@]}"; do
  name=nginx-$w
  dir=$tmp/$name
  port=$(free_port "$locator_port")
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<NGINX
# A normal production-like config: no access log (the locator logs no requests either), keep-alive
# connections kept for the run as Kestrel keeps them (nginx closes one after 1000 requests by default,
# which would cost it reconnects that the locator does not pay).
worker_processes $w;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log off;
    server_tokens off;
    keepalive_requests 1000000;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    server {
        listen 127.0.0.1:$port;
        location / {
            default_type "$content_type";
            return 200 '$body';
        }
    }
}
NGINX
  "$nginx_bin" -t -q -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf"
  echo "== starting nginx (worker_processes $w) on http://127.0.0.1:$port/" >&2
  "$nginx_bin" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" &
  pid_of[$name]=$!
  url_of[$name]=http://127.0.0.1:$port/
  for _ in $(seq 50); do
    curl -fsS -o /dev/null "${url_of[$name]}" 2>/dev/null && break
    sleep 0.1
  done
  curl -fsS -o "$dir/body.json" "${url_of[$name]}"
  if ! cmp -s "$tmp/body.json" "$dir/body.json"; then
    echo "nginx answers another body than the locator" >&2
    exit 1
  fi
  workers_of[$name]=$(pgrep -c -P "${pid_of[$name]}" || true)
  targets+=("$name")
done

# ---- bare Kestrel: the same bytes and headers, nothing of the locator ---------------------------
bare_port=$(free_port "$locator_port")
echo "== starting bare Kestrel on http://127.0.0.1:$bare_port/" >&2
"$tmp/bare/ClusterLocator.BareKestrel" "http://127.0.0.1:$bare_port" "$tmp/body.json" "$content_type" >"$tmp/bare.log" 2>&1 &
pid_of[bare-kestrel]=$!
url_of[bare-kestrel]="http://127.0.0.1:$bare_port/v1/locate?service=bench"
for _ in $(seq 100); do
  curl -fsS -o /dev/null "${url_of[bare-kestrel]}" 2>/dev/null && break
  kill -0 "${pid_of[bare-kestrel]}" 2>/dev/null || { cat "$tmp/bare.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS -D "$tmp/bare.headers" -o "$tmp/bare-body.json" "${url_of[bare-kestrel]}"
if ! cmp -s "$tmp/body.json" "$tmp/bare-body.json" ||
  ! diff <(grep -vi '^date:' "$tmp/locate.headers") <(grep -vi '^date:' "$tmp/bare.headers") >&2; then
  echo "bare Kestrel answers another body or other headers than the locator" >&2
  exit 1
fi
targets+=(bare-kestrel locator)
if [[ $tls == 1 ]]; then
  curl -fsS --cacert "$tmp/cert.pem" -o "$tmp/body-tls.json" "${url_of[locator-tls]}"
  targets+=(locator-tls)
fi

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
server_pids() { # the process and its children (nginx's workers)
  local pid=${pid_of[$1]:-${pid_of[locator]}} # locator-tls is the same process as locator
  echo "$pid" $(pgrep -P "$pid")
}
source "$root/bench/wrk-units.sh"

source "$root/bench/cpu-meter.sh"
declare -A rps p99 p50 bpr cpu other
run_wrk() { # target round
  local target=$1 round=$2 url out before after
  alive
  url=${url_of[$target]}
  out=$tmp/wrk-$target-$round.txt
  [[ $target == locator* ]] && register
  wrk -t"$threads" -c"$connections" -d"${warmup}s" "$url" >/dev/null
  before=$(cpu_ticks $(server_pids "$target"))
  meter_start
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url" >"$out"
  other[$target,$round]=$(meter_other_cores)
  after=$(cpu_ticks $(server_pids "$target"))
  alive
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
  printf '   %-10s round %d: %10.0f req/s  p50 %7.0f us  p99 %7.0f us  %4d B/response  server %.2f cores  others %.2f cores\n' \
    "$target" "$round" "${rps[$target,$round]}" "${p50[$target,$round]}" "${p99[$target,$round]}" \
    "${bpr[$target,$round]}" "${cpu[$target,$round]}" "${other[$target,$round]}" >&2
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

"$root/bench/wait-quiet.sh"
echo "== warming both up: ${first_warmup}s of load each, discarded" >&2
register
for target in "${targets[@]}"; do
  wrk -t"$threads" -c"$connections" -d"${first_warmup}s" "${url_of[$target]}" >/dev/null
done
echo "== wrk -t$threads -c$connections -d${duration}s --latency, ${warmup}s warm-up discarded before each run, $rounds rounds" >&2
# A run during which other processes took more than OTHERS_MAX cores (default 0.15) is measured again,
# after waiting for a quiet machine, up to RETRIES times (default 4); a run kept anyway is marked.
others_max=${OTHERS_MAX:-0.15}
declare -A noisy
for round in $(seq "$rounds"); do
  # Alternate the order, so neither side always runs first.
  order=("${targets[@]}")
  ((round % 2)) || order=($(printf '%s\n' "${targets[@]}" | tac))
  for target in "${order[@]}"; do
    for attempt in $(seq 0 "${RETRIES:-4}"); do
      run_wrk "$target" "$round"
      if awk -v o="${other[$target,$round]}" -v m="$others_max" 'BEGIN { exit !(o <= m) }'; then
        noisy[$target,$round]=""
        break
      fi
      noisy[$target,$round]="*"
      echo "   (other processes took ${other[$target,$round]} cores: measuring again once the machine is quiet)" >&2
      QUIET_TIMEOUT=120 "$root/bench/wait-quiet.sh"
    done
  done
done

curl -fsS -o "$tmp/body-after.json" "$locate_url"
if [[ $(wc -c <"$tmp/body-after.json") != "$body_bytes" ]]; then
  echo "warning: the placement answer changed size during the run: $(cat "$tmp/body-after.json")" >&2
fi

# ---- summary -----------------------------------------------------------------------------------
vals() { local t=$1 arr=$2 r; for r in $(seq "$rounds"); do eval "echo \${$arr[$t,$r]}"; done; }
declare -A m_rps m_p99 m_p50 m_cpu
for t in "${targets[@]}"; do
  m_rps[$t]=$(median $(vals "$t" rps)); m_p99[$t]=$(median $(vals "$t" p99))
  m_p50[$t]=$(median $(vals "$t" p50)); m_cpu[$t]=$(median $(vals "$t" cpu))
done
max_other=$(for t in "${targets[@]}"; do vals "$t" other; done | sort -g | tail -1)
# The verdict is against the nginx that served the most requests/s.
strongest=""
for t in "${targets[@]}"; do
  [[ $t == locator* || $t == bare-kestrel ]] && continue
  if [[ -z $strongest ]] || awk -v a="${m_rps[$t]}" -v b="${m_rps[$strongest]}" 'BEGIN { exit !(a > b) }'; then strongest=$t; fi
done
label() {
  [[ $1 == locator-tls ]] && { echo "locator over HTTPS"; return; }
  [[ $1 == locator ]] && { echo "locator"; return; }
  [[ $1 == bare-kestrel ]] && { echo "bare Kestrel (same bytes and headers)"; return; }
  echo "nginx, \`worker_processes ${1#nginx-}\` (${workers_of[$1]} worker$( ((workers_of[$1] == 1)) || echo s))"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

gc_mode="workstation (concurrent; the CLI's runtimeconfig sets no System.GC.Server)"
[[ ${DOTNET_gcServer:-} == 1 ]] && gc_mode="server (DOTNET_gcServer=1)"
[[ ${DOTNET_gcServer:-} == 0 ]] && gc_mode="workstation (DOTNET_gcServer=0)"
runtime_env=$(env | grep -E '^DOTNET_(gc|GC|Tiered|TC_|ReadyToRun)' | sort | tr '\n' ' ' || true)

section=$tmp/section.md
{
  echo "## HTTP: \`GET /v1/locate\` against bare Kestrel and nginx"
  echo
  echo "Reproduce: \`bench/run-http.sh\` (about $(((rounds * ${#targets[@]} * (duration + warmup) + ${#targets[@]} * first_warmup) / 60 + 1)) minutes after the build on a quiet machine)."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  "$root/bench/machine-info.sh"
  echo "- nginx $nginx_version, wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }'), both from Debian"
  echo "- Load: \`wrk -t$threads -c$connections -d${duration}s --latency\` over loopback, the same for every server;" \
    "first ${first_warmup} s of load on each discarded, then a ${warmup} s run before each measured run, discarded too;" \
    "$rounds rounds, alternating the order; medians below."
  echo "- Locator: \`clusterlocator locator --policy $policy --warm-up 0s --report-interval 1m --lease 3m --client-rate 0\`, Release build," \
    "$clusters clusters of service \`bench\` (capacity $capacity, cpu 0.30–0.48), re-registered before each run;" \
    "GC $gc_mode; runtime environment: ${runtime_env:-none set (tiered compilation and dynamic PGO on, the defaults)}."
  echo "- nginx: \`access_log off\`, \`server_tokens off\`, \`keepalive_requests 1000000\`," \
    "\`location / { return 200 '<the placement>'; }\` with \`default_type \"$content_type\"\`:" \
    "the same $body_bytes-byte body, captured from the locator: \`$body\`." \
    "Measured with each of \`worker_processes ${nginx_workers[*]}\`."
  echo "- Bare Kestrel: \`bench/ClusterLocator.BareKestrel\`, \`app.Run\` writing the captured body into the response pipe (unflushed, as the locator writes a placement) with the same" \
    "\`Content-Type\` and a \`Content-Length\` (headers checked equal to the locator's but for \`Date\`); the locator's Kestrel settings" \
    "(Sockets transport with \`UnsafePreferInlineScheduling\`, no \`Server\` header), no routing, no middleware; the same" \
    "runtime configuration and environment as the locator (GC $gc_mode)."
  echo
  printf '| round |'
  for t in "${targets[@]}"; do printf ' %s req/s | p99 |' "${t/nginx-/nginx w=}"; done
  printf '\n|---|'
  for t in "${targets[@]}"; do printf -- '---:|---:|'; done
  printf '\n'
  for r in $(seq "$rounds"); do
    printf '| %d |' "$r"
    for t in "${targets[@]}"; do
      awk -v x="${rps[$t,$r]}" -v n="${noisy[$t,$r]}" -v p="${p99[$t,$r]}" 'BEGIN { printf " %.0f%s | %.0f µs |", x, n, p }'
    done
    printf '\n'
  done
  printf '| **median** |'
  for t in "${targets[@]}"; do awk -v x="${m_rps[$t]}" -v p="${m_p99[$t]}" 'BEGIN { printf " **%.0f** | **%.0f µs** |", x, p }'; done
  printf '\n\n'
  echo "| server | req/s (median) | p50 | p99 | server CPU, cores of $(nproc) | bytes per response | locator req/s ratio | locator p99 ratio |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for t in "${targets[@]}"; do
    if [[ $t == locator* ]]; then rr="—"; pr="—"; else rr=$(ratio "${m_rps[locator]}" "${m_rps[$t]}"); pr=$(ratio "${m_p99[locator]}" "${m_p99[$t]}"); fi
    awk -v l="$(label "$t")" -v x="${m_rps[$t]}" -v p5="${m_p50[$t]}" -v p9="${m_p99[$t]}" -v c="${m_cpu[$t]}" -v b="${bpr[$t,1]}" -v rr="$rr" -v pr="$pr" \
      'BEGIN { printf "| %s | %.0f | %.0f µs | %.0f µs | %.2f | %d | %s | %s |\n", l, x, p5, p9, c, b, rr, pr }'
  done
  echo
  # How the locator frames its answer, from the headers captured before the run (chunked until commit 9ac7dc3).
  if grep -qi '^transfer-encoding: *chunked' "$tmp/locate.headers"; then framing='`Transfer-Encoding: chunked`'; else framing='`Content-Length`'; fi
  echo "Bytes per response are wrk's count, headers included (Kestrel answers with $framing, nginx with" \
    "\`Content-Length\` and \`Connection: keep-alive\`). wrk takes most of one core. Other processes used at most $max_other cores" \
    "during any kept run (a run during which they took over $others_max cores is measured again; \\* marks one kept anyway)."
  echo
  kestrel_ratio=$(ratio "${m_rps[locator]}" "${m_rps[bare-kestrel]}")
  p99_ratio=$(ratio "${m_p99[locator]}" "${m_p99[$strongest]}")
  kestrel_ok=$(awk -v r="$kestrel_ratio" 'BEGIN { print (r >= 0.9) ? "met" : "missed" }')
  p99_ok=$(awk -v r="$p99_ratio" 'BEGIN { print (r <= 2.0) ? "met" : "missed" }')
  if [[ $kestrel_ok == met && $p99_ok == met ]]; then verdict="**Target met**"; else verdict="**Target missed**"; fi
  echo "Target (issue 13: locator ≥ 0.9 × bare Kestrel's requests/s, locator p99 ≤ 2 × nginx's, against the faster nginx," \
    "$(label "$strongest")): requests/s ratio to bare Kestrel $kestrel_ratio, $kestrel_ok;" \
    "p99 ratio to nginx $p99_ratio, $p99_ok. $verdict." \
    "For reference: locator requests/s $(ratio "${m_rps[locator]}" "${m_rps[$strongest]}") × nginx's;" \
    "bare Kestrel $(ratio "${m_rps[bare-kestrel]}" "${m_rps[$strongest]}") × nginx's requests/s," \
    "its p99 $(ratio "${m_p99[bare-kestrel]}" "${m_p99[$strongest]}") × nginx's."
  if [[ $tls == 1 ]]; then
    echo
    echo "Locate over HTTPS (the same locator process, a second \`--urls https://…\` with \`--tls-cert/--tls-key\`," \
      "a self-signed P-256 certificate; wrk keeps its connections, so this is the cost of TLS records, not of handshakes):" \
      "$(awk -v x="${m_rps[locator-tls]}" 'BEGIN { printf "%.0f", x }') req/s," \
      "$(ratio "${m_rps[locator-tls]}" "${m_rps[locator]}") of plain HTTP's in the same run;" \
      "p99 $(awk -v x="${m_p99[locator-tls]}" 'BEGIN { printf "%.0f", x }') µs, $(ratio "${m_p99[locator-tls]}" "${m_p99[locator]}") × plain HTTP's."
  fi
} >"$section"

echo
cat "$section"
if [[ -z ${NO_DOC:-} ]]; then
  "$root/bench/update-doc-section.sh" http <"$section"
fi
