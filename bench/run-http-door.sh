#!/usr/bin/env bash
# HTTP front door against HAProxy `mode http`: one nginx member, reached directly (the reference line),
# through HAProxy 2.6 in `mode http` and through the controller's `--listen http://…` front door in both
# of its modes (`door`: per-request, the default; `doorpinned`: `--http-mode pinned`), with the same
# client (wrk, keep-alive) and the same 64-byte and 16 KiB bodies, in the same run.
#
#   bench/run-http-door.sh
#
# Settings (environment), defaults in brackets:
#   ROUNDS [3]            rounds; each measures every path for every body, the order of the paths
#                         rotating from round to round; the summary takes the medians
#   DURATION [10] WARMUP [3]   measured seconds of each wrk run, and a discarded wrk run before it
#   THREADS [1] CONNECTIONS [32]   wrk -tT -cC
#   FIRST_WARMUP [15]     seconds of wrk through each proxy and each body before the first round, discarded,
#                         so the controller's JIT (tiered compilation, dynamic PGO) has settled
#   HAPROXY_THREADS [2]   HAProxy's nbthread (2 is its default here: one thread per core)
#   NGINX_WORKERS [1]     the member's worker_processes
#   OTHERS_MAX [0.15] RETRIES [3]   a run during which other processes took more cores is measured again
#   PROFILE=0             skip the perf profile of the two proxies after the rounds (skipped without perf)
#   NO_DOC=1              print the summary only; leave docs/performance.md alone (for experiments)
#   PATHS ["direct haproxy door doorpinned"]   the paths measured (direct and haproxy are always kept)
# The controller inherits the environment, so DOTNET_gcServer=1 or DOTNET_TieredPGO=0 try other
# runtime settings. Installs wrk, nginx-light, haproxy, curl and iproute2 from Debian when missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${ROUNDS:-3}
duration=${DURATION:-10}
warmup=${WARMUP:-3}
threads=${THREADS:-1}
connections=${CONNECTIONS:-32}
first_warmup=${FIRST_WARMUP:-15}
haproxy_threads=${HAPROXY_THREADS:-2}
nginx_workers=${NGINX_WORKERS:-1}
others_max=${OTHERS_MAX:-0.15}
retries=${RETRIES:-3}
target=1.0
sizes=(64 16384)
read -r -a paths <<<"${PATHS:-direct haproxy door doorpinned}"
for path in direct haproxy; do
  [[ " ${paths[*]} " == *" $path "* ]] || paths=("$path" "${paths[@]}")
done
# The controller serving each front door path: door → controller, doorpinned → controllerpinned.
proxy_of() { echo "${1/door/controller}"; }

# ---- tools -------------------------------------------------------------------------------------
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
haproxy_bin=$(command -v haproxy || echo /usr/sbin/haproxy)
if ! command -v wrk >/dev/null || [[ ! -x $nginx_bin || ! -x $haproxy_bin ]] || ! command -v curl >/dev/null || ! command -v ss >/dev/null; then
  echo "== installing wrk, nginx-light, haproxy, curl, iproute2 from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk nginx-light haproxy curl iproute2 >/dev/null
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  haproxy_bin=$(command -v haproxy || echo /usr/sbin/haproxy)
fi

# Another benchmark driving wrk would share the cores measured here: wait until none runs.
wait_for_other_benchmarks() {
  while pgrep -x wrk >/dev/null; do
    echo "== waiting for another benchmark's wrk to finish" >&2
    sleep 10
  done
}
wait_for_other_benchmarks

# ---- build -------------------------------------------------------------------------------------
echo "== building the CLI (Release)" >&2
dotnet build -c Release "$root/src/ClusterLocator.Cli" -nologo -v quiet >&2

# ---- everything started here stops on exit -----------------------------------------------------
tmp=$(mktemp -d /tmp/clusterlocator-http-door-bench.XXXXXX)
source "$root/bench/stop-on-exit.sh"
stop_started() { # the controller first: it drains and deregisters from the locator
  local name
  for name in controller controllerpinned haproxy nginx locator; do stop "$name"; done
}

source "$root/bench/free-port.sh"

# Run a copy of the build, so a rebuild of src/ while this runs cannot change the program under test.
cp -r "$root/src/ClusterLocator.Cli/bin/Release/net10.0" "$tmp/cli"
rm -rf "$tmp/cli/publish"
cli=$tmp/cli/clusterlocator

locator_port=$(free_port)
member_port=$(free_port)
haproxy_port=$(free_port)
door_port=$(free_port)
pinned_port=$(free_port)
locator=http://127.0.0.1:$locator_port
declare -A port_of=([direct]=$member_port [haproxy]=$haproxy_port [door]=$door_port [doorpinned]=$pinned_port)


# ---- the member: nginx serving the bodies as static files -------------------------------------
mkdir -p "$tmp/www" "$tmp/nginx"
chmod 755 "$tmp" "$tmp/www" # nginx's workers run as another user than root
for size in "${sizes[@]}"; do
  head -c "$size" /dev/zero | tr '\0' 'x' >"$tmp/www/$size"
done
cat >"$tmp/nginx/nginx.conf" <<NGINX
# As bench/run-http.sh: no access log, keep-alive connections kept for the run (nginx closes one after
# 1000 requests by default, which would make the proxies reconnect), files served from the page cache.
worker_processes $nginx_workers;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events {
    worker_connections 4096;
}
http {
    access_log off;
    server_tokens off;
    keepalive_requests 1000000;
    sendfile on;
    tcp_nopush on;
    open_file_cache max=16;
    default_type text/plain;
    client_body_temp_path $tmp/nginx/client_body;
    proxy_temp_path $tmp/nginx/proxy;
    server {
        listen 127.0.0.1:$member_port;
        root $tmp/www;
        location = /healthz { return 200 'ok'; }
    }
}
NGINX
"$nginx_bin" -t -q -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf"
echo "== starting nginx ($nginx_workers worker) on 127.0.0.1:$member_port" >&2
start nginx "$nginx_bin" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf"
wait_listening nginx "$member_port"

# ---- HAProxy, mode http ------------------------------------------------------------------------
cat >"$tmp/haproxy.cfg" <<HAPROXY
# A production-like mode http proxy: keep-alive both sides (the default http-keep-alive mode), idle
# server connections shared between client connections (http-reuse safe, the default, stated), no
# logging (the controller logs no requests either), a connection limit.
global
    nbthread $haproxy_threads
    maxconn 4096
    tune.bufsize 16384
defaults
    mode http
    option http-keep-alive
    http-reuse safe
    timeout connect 2s
    timeout client 130s
    timeout server 60s
    timeout http-keep-alive 130s
    timeout http-request 30s
frontend door
    bind 127.0.0.1:$haproxy_port
    maxconn 4096
    default_backend member
backend member
    server nginx 127.0.0.1:$member_port
HAPROXY
"$haproxy_bin" -c -q -f "$tmp/haproxy.cfg"
echo "== starting HAProxy ($("$haproxy_bin" -v | awk 'NR == 1 { print $3 }'), nbthread $haproxy_threads) on 127.0.0.1:$haproxy_port" >&2
start haproxy "$haproxy_bin" -db -f "$tmp/haproxy.cfg"
wait_listening haproxy "$haproxy_port"

# ---- the locator and the controller ------------------------------------------------------------
echo "== starting the locator on $locator and the controllers on http://127.0.0.1:$door_port (per-request) and :$pinned_port (pinned)" >&2
start locator "$cli" locator --urls "$locator" --warm-up 0s
wait_listening locator "$locator_port"
# Two controllers over the same member, one per mode; the one not measured is idle.
start controller "$cli" controller --service bench --cluster bench-http --listen "http://127.0.0.1:$door_port" \
  --member "127.0.0.1:$member_port" --capacity 100000 --max-sessions 10000 --drain-timeout 5s \
  --locator "$locator" --no-host-usage
wait_listening controller "$door_port"
if [[ -n ${port_of[doorpinned]:-} && " ${paths[*]} " == *" doorpinned "* ]]; then
  start controllerpinned "$cli" controller --service bench --cluster bench-http-pinned --listen "http://127.0.0.1:$pinned_port" \
    --member "127.0.0.1:$member_port" --capacity 100000 --max-sessions 10000 --drain-timeout 5s \
    --locator "$locator" --no-host-usage --http-mode pinned
  wait_listening controllerpinned "$pinned_port"
fi

# Every path answers the same body before anything is measured.
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$door_port/64" 2>/dev/null && break
  sleep 0.2
done
for size in "${sizes[@]}"; do
  for path in "${paths[@]}"; do
    curl -fsS -o "$tmp/body-$path" "http://127.0.0.1:${port_of[$path]}/$size"
    if ! cmp -s "$tmp/www/$size" "$tmp/body-$path"; then
      echo "the $path path answers another body than the $size-byte file" >&2
      exit 1
    fi
  done
done
for _ in $(seq 30); do
  curl -fsS "$locator/v1/clusters" 2>/dev/null | grep -q bench-http && break
  sleep 0.2
done

# ---- measuring ---------------------------------------------------------------------------------
clk=$(getconf CLK_TCK)
cpu_ticks() { # user + system ticks so far of the processes given and their children (nginx's workers)
  local total=0 pid
  for pid in "$@" $(pgrep -P "$1" || true); do
    [[ -r /proc/$pid/stat ]] || continue
    total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')))
  done
  echo "$total"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
source "$root/bench/wrk-units.sh"
source "$root/bench/cpu-meter.sh"

# One measured run of PATH with the SIZE body in ROUND: val[SIZE,PATH,ROUND,metric] = rps, p50, p99 (µs),
# and the cores wrk, the member, the proxy and other processes used.
declare -A val
measure() {
  local size=$1 path=$2 round=$3 url out m0 p0 m1 p1 proxy=""
  alive
  url=http://127.0.0.1:${port_of[$path]}/$size
  [[ $path == direct ]] || proxy=${pid_of[$(proxy_of "$path")]}
  wrk -t"$threads" -c"$connections" -d"${warmup}s" "$url" >/dev/null
  out=$tmp/wrk-$size-$path-$round.txt
  m0=$(cpu_ticks "${pid_of[nginx]}")
  [[ -z $proxy ]] || p0=$(cpu_ticks "$proxy")
  meter_start
  local TIMEFORMAT='%U %S'
  { time wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url" >"$out"; } 2>"$tmp/wrk-time"
  val[$size,$path,$round,others]=$(meter_other_cores)
  m1=$(cpu_ticks "${pid_of[nginx]}")
  [[ -z $proxy ]] || p1=$(cpu_ticks "$proxy")
  alive
  # wrk's timeouts (a response slower than 2 s) are latency on an overloaded machine, not an error of
  # the path; they show in p99 and in the others' cores.
  if grep -q -e 'Non-2xx' -e 'Socket errors: connect [1-9]' -e 'read [1-9]' -e 'write [1-9]' "$out"; then
    echo "wrk saw errors by the $path path:" >&2
    cat "$out" >&2
    exit 1
  fi
  val[$size,$path,$round,rps]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  val[$size,$path,$round,p50]=$(to_us "$(awk '$1 == "50%" { print $2 }' "$out")")
  val[$size,$path,$round,p99]=$(to_us "$(awk '$1 == "99%" { print $2 }' "$out")")
  val[$size,$path,$round,client]=$(awk -v d="$duration" '{ printf "%.2f", ($1 + $2) / d }' "$tmp/wrk-time")
  val[$size,$path,$round,member]=$(awk -v t=$((m1 - m0)) -v c="$clk" -v d="$duration" 'BEGIN { printf "%.2f", t / c / d }')
  val[$size,$path,$round,proxy]=0
  [[ -z $proxy ]] || val[$size,$path,$round,proxy]=$(awk -v t=$((p1 - p0)) -v c="$clk" -v d="$duration" 'BEGIN { printf "%.2f", t / c / d }')
  printf '   %5s B %-7s round %d: %8.0f req/s  p50 %6.0f us  p99 %6.0f us  wrk %s, nginx %s, proxy %s, others %s cores\n' \
    "$size" "$path" "$round" "${val[$size,$path,$round,rps]}" "${val[$size,$path,$round,p50]}" "${val[$size,$path,$round,p99]}" \
    "${val[$size,$path,$round,client]}" "${val[$size,$path,$round,member]}" "${val[$size,$path,$round,proxy]}" \
    "${val[$size,$path,$round,others]}" >&2
}

# Measures again, once the machine is quiet, a run during which other processes took more than
# OTHERS_MAX cores; one kept anyway is marked.
declare -A noisy
measure_quietly() {
  local attempt
  for attempt in $(seq 0 "$retries"); do
    wait_for_other_benchmarks
    measure "$@"
    if awk -v o="${val[$1,$2,$3,others]}" -v m="$others_max" 'BEGIN { exit !(o <= m) }'; then
      noisy[$1,$2,$3]=""
      return
    fi
    noisy[$1,$2,$3]="*"
    ((attempt < retries)) || return 0
    echo "   (other processes took ${val[$1,$2,$3,others]} cores: measuring again once the machine is quiet)" >&2
    QUIET_TIMEOUT=120 "$root/bench/wait-quiet.sh"
  done
}

"$root/bench/wait-quiet.sh"
echo "== warming up: ${first_warmup}s of wrk by each path and body, discarded" >&2
for size in "${sizes[@]}"; do
  for path in "${paths[@]}"; do
    wrk -t"$threads" -c"$connections" -d"${first_warmup}s" "http://127.0.0.1:${port_of[$path]}/$size" >/dev/null
  done
done
echo "== $rounds rounds of wrk -t$threads -c$connections -d${duration}s --latency (${warmup}s warm-up discarded before each)" >&2
for round in $(seq "$rounds"); do
  # Rotate the order, so no path always runs first or last.
  shift_by=$(((round - 1) % ${#paths[@]}))
  order=("${paths[@]:$shift_by}" "${paths[@]:0:$shift_by}")
  for size in "${sizes[@]}"; do
    for path in "${order[@]}"; do
      measure_quietly "$size" "$path" "$round"
    done
  done
done

# ---- where the proxies' CPU goes ---------------------------------------------------------------
# After the rounds, so perf's own cost touches no figure above. Skipped without perf (PROFILE=0 too).
split_of() { # perf.data → shares of samples by where the code lives
  perf report -i "$1" --no-children --sort dso --stdio -g none 2>/dev/null | awk '
    /^#/ || NF < 2 { next }
    { p = $1 + 0; d = $2
      if (d == "[kernel.kallsyms]") k += p
      else if (d == "libclrjit.so") j += p
      else if (d ~ /^(haproxy|nginx)$/) own += p
      else if (d ~ /\.so(\.[0-9]+)*$/ || d == "[vdso]") n += p
      else own += p }
    END { if (k + n + j + own == 0) { printf "no samples (perf record failed)"; exit }
      printf "kernel %.0f %%, native libraries and runtime %.0f %%, JIT %.0f %%, own code (IL or the binary) %.0f %%", k, n, j, own }'
}
label_of() { case $1 in direct) echo "nginx directly" ;; haproxy) echo "HAProxy \`mode http\`" ;; door) echo "front door, per-request" ;; doorpinned) echo "front door, pinned" ;; esac; }
profile=""
if [[ ${PROFILE:-1} != 0 ]] && command -v perf >/dev/null; then
  echo "== profiling the proxies: perf record, 3 s of 64-byte requests through each" >&2
  for path in "${paths[@]}"; do
    [[ $path != direct ]] || continue
    wait_for_other_benchmarks
    wrk -t"$threads" -c"$connections" -d5s "http://127.0.0.1:${port_of[$path]}/64" >/dev/null &
    client=$!
    sleep 1
    perf record -q -F 499 -g -p "${pid_of[$(proxy_of "$path")]}" -o "$tmp/perf-$path.data" -- sleep 3 >/dev/null 2>&1 || true
    wait "$client"
    profile+="${profile:+; }$(label_of "$path"): $(split_of "$tmp/perf-$path.data")"
  done
  echo "   $profile" >&2
fi

# ---- summary -----------------------------------------------------------------------------------
vals() { local r; for r in $(seq "$rounds"); do echo "${val[$1,$2,$r,$3]}"; done; }
declare -A m
for size in "${sizes[@]}"; do
  for path in "${paths[@]}"; do
    for metric in rps p50 p99 client member proxy; do
      m[$size,$path,$metric]=$(median $(vals "$size" "$path" "$metric"))
    done
  done
  for path in "${paths[@]}"; do
    [[ $path == door* ]] || continue
    m[$size,$path,ratio]=$(awk -v a="${m[$size,$path,rps]}" -v b="${m[$size,haproxy,rps]}" 'BEGIN { printf "%.2f", a / b }')
    m[$size,$path,ok]=$(awk -v r="${m[$size,$path,ratio]}" -v t="$target" 'BEGIN { print (r >= t) ? "met" : "missed" }')
  done
done
max_other=$(for k in "${!val[@]}"; do if [[ $k == *,others ]]; then echo "${val[$k]}"; fi; done | sort -g | tail -1)
us_per_request() { awk -v c="$1" -v r="$2" 'BEGIN { printf "%.1f", c / r * 1000000 }'; }
rounds_of() { # size path: the rounds' req/s, noisy ones marked
  local r out=""
  for r in $(seq "$rounds"); do
    out+="${out:+, }$(awk -v v="${val[$1,$2,$r,rps]}" 'BEGIN { printf "%.0f", v }')${noisy[$1,$2,$r]}"
  done
  echo "$out"
}
row() { # size path
  local s=$1 p=$2 c mem px
  c=$(us_per_request "${m[$s,$p,client]}" "${m[$s,$p,rps]}")
  mem=$(us_per_request "${m[$s,$p,member]}" "${m[$s,$p,rps]}")
  px=$(us_per_request "${m[$s,$p,proxy]}" "${m[$s,$p,rps]}")
  awk -v s="$s" -v l="$(label_of "$p")" -v v="${m[$s,$p,rps]}" -v rr="$(rounds_of "$s" "$p")" -v h="${m[$s,haproxy,rps]}" \
    -v p50="${m[$s,$p,p50]}" -v p99="${m[$s,$p,p99]}" -v c="$c" -v mem="$mem" -v px="$px" -v pr="$p" \
    -v cores="$(awk -v a="${m[$s,$p,client]}" -v b="${m[$s,$p,member]}" -v d="${m[$s,$p,proxy]}" 'BEGIN { printf "%.2f", a + b + d }')" 'BEGIN {
    printf "| %s B | %s | %.0f<br>(%s) | %s | %.0f / %.0f µs | %s | %s | %s | %.1f | %s |\n", s, l, v, rr,
      (pr == "direct") ? "–" : sprintf("%.2f", v / h), p50, p99, c, mem, (pr == "direct") ? "–" : px, c + mem + ((pr == "direct") ? 0 : px), cores }'
}
verdicts=""
for path in "${paths[@]}"; do
  [[ $path == door* ]] || continue
  if [[ ${m[64,$path,ok]} == met && ${m[16384,$path,ok]} == met ]]; then v="**met**"; else v="**missed**"; fi
  verdicts+="${verdicts:+; }$(label_of "$path"): 64 B ${m[64,$path,ratio]}, ${m[64,$path,ok]}; 16 KiB ${m[16384,$path,ratio]}, ${m[16384,$path,ok]}: $v"
done
gc_mode="workstation (concurrent; the CLI's runtimeconfig sets no System.GC.Server)"
[[ ${DOTNET_gcServer:-} == 1 ]] && gc_mode="server (DOTNET_gcServer=1)"
runtime_env=$(env | grep -E '^DOTNET_(gc|GC|Tiered|TC_|ReadyToRun)' | sort | tr '\n' ' ' || true)
controller_warnings=$(cat "$tmp"/controller*.log | grep -cE '^(warn|fail|crit):' || true)
minutes=$(((${#paths[@]} * 2 * first_warmup + rounds * ${#paths[@]} * 2 * (warmup + duration + 2)) / 60 + 1))

section=$tmp/section.md
{
  echo "## HTTP front door against HAProxy \`mode http\`: per-request and pinned"
  echo
  echo "Reproduce: \`bench/run-http-door.sh\` (about $minutes minutes after the build)."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  "$root/bench/machine-info.sh"
  echo "- nginx $("$nginx_bin" -v 2>&1 | sed 's|.*nginx/||'), HAProxy $("$haproxy_bin" -v | awk 'NR == 1 { print $3 }'), wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }'), all from Debian;" \
    "all traffic over loopback; wrk, the proxy and the member share the machine's $(nproc) cores."
  echo "- Member: nginx, \`worker_processes $nginx_workers\`, static files of 64 and 16384 bytes (\`sendfile\`, \`open_file_cache\`)," \
    "\`access_log off\`, \`keepalive_requests 1000000\`."
  echo "- HAProxy: \`mode http\`, \`nbthread $haproxy_threads\`, \`maxconn 4096\` (what the file-descriptor limit allows), \`option http-keep-alive\`, \`http-reuse safe\`," \
    "timeouts connect 2 s / client and keep-alive 130 s / server 60 s / http-request 30 s, no logging (config written by the script)."
  echo "- Front door: Release CLI, \`clusterlocator controller --listen http://… --member <nginx> --capacity 100000 --max-sessions 10000" \
    "--no-host-usage\` reporting to a locator (\`--warm-up 0s\`); **per-request** as it is, **pinned** with \`--http-mode pinned\`" \
    "(a second controller over the same member, idle while the other is measured). GC $gc_mode; runtime environment:" \
    "${runtime_env:-none set (tiered compilation and dynamic PGO on, the defaults)}."
  echo "- Client: \`wrk -t$threads -c$connections -d${duration}s --latency\` (keep-alive), after a ${warmup} s run, discarded." \
    "First ${first_warmup} s of wrk by each path and body discarded; then $rounds rounds, the order of the paths rotating; medians below, each round's figure under it."
  echo
  echo "| body | path | req/s | ratio to HAProxy | p50 / p99 | CPU µs/request: wrk | nginx | proxy | total | cores busy |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for size in "${sizes[@]}"; do
    for path in "${paths[@]}"; do row "$size" "$path"; done
  done
  echo
  echo "CPU µs per request: each process's CPU time over the run (user + system, all threads) over its requests, medians." \
    "Other processes used at most $max_other cores during any kept run (a run during which they took over $others_max cores" \
    "is measured again, up to $retries times; \\* marks one kept anyway). The controllers logged $controller_warnings warnings or errors."
  if [[ -n $profile ]]; then
    echo
    echo "Where each proxy's CPU goes (\`perf record\` for 3 s of 64-byte requests, after the rounds; share of samples): $profile."
  fi
  echo
  echo "Target (front door ≥ $target× HAProxy's requests/s): $verdicts."
} >"$section"

echo
cat "$section"
if [[ -z ${NO_DOC:-} ]]; then
  "$root/bench/update-doc-section.sh" httppin <"$section"
fi
