#!/usr/bin/env bash
# Front-door benchmark: the same member measured directly and through the controller's front door,
# in the same run, with the same client and the same settings.
#   TCP (bench/ClusterLocator.ProxyBench): bulk throughput each way, and 64-byte request/response
#       (ping-pong) rate and latency, against a TCP member and through `--listen tcp://…`;
#   HTTP (wrk): GET / of a minimal Kestrel member and through `--listen http://…`.
#
#   bench/run-proxy.sh
#
# Settings (environment), defaults in brackets:
#   ROUNDS [3]            rounds; each measures every case direct and through the front door, the order
#                         alternating from round to round; the summary takes the medians
#   BULK_BYTES [2147483648] BULK_CONNECTIONS [4]     one bulk run: that many bytes over that many connections
#   RR_CONNECTIONS [32] RR_SIZE [64] RR_WARMUP [2]   ping-pong connections, bytes per ping, warm-up seconds
#   DURATION [10]         measured seconds of each ping-pong and wrk run
#   HTTP_WARMUP [5] HTTP_THREADS [1] HTTP_CONNECTIONS [32]   wrk: a discarded run before each, then -tT -cC
#   FIRST_WARMUP [15]     seconds of ping-pong and of wrk load through each path before the first round,
#                         discarded, so the controller's JIT (tiered compilation, dynamic PGO) has settled
#   OTHERS_MAX [0.15] RETRIES [3]   a run during which other processes took more cores is measured again
#   PROFILE=0             skip the perf profile of the controllers after the rounds (skipped without perf)
#   NO_DOC=1              print the summary only; leave docs/performance.md alone (for experiments)
# The controllers inherit the environment, so DOTNET_gcServer=1 or DOTNET_TieredPGO=0 try other
# runtime settings. Installs wrk, curl and iproute2 from Debian when they are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${ROUNDS:-3}
bulk_bytes=${BULK_BYTES:-2147483648}
bulk_connections=${BULK_CONNECTIONS:-4}
rr_connections=${RR_CONNECTIONS:-32}
rr_size=${RR_SIZE:-64}
rr_warmup=${RR_WARMUP:-2}
duration=${DURATION:-10}
http_warmup=${HTTP_WARMUP:-5}
http_threads=${HTTP_THREADS:-1}
http_connections=${HTTP_CONNECTIONS:-32}
first_warmup=${FIRST_WARMUP:-15}
others_max=${OTHERS_MAX:-0.15}
retries=${RETRIES:-3}
bulk_target=0.70

# ---- tools -------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null || ! command -v curl >/dev/null || ! command -v ss >/dev/null; then
  echo "== installing wrk, curl, iproute2 from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk curl iproute2 >/dev/null
fi

# Another benchmark (bench/run-http.sh, or anything driving wrk) would take the cores this one
# measures, and this one's build and load would disturb it: wait until none runs, here and before
# each measured run. None of ours runs when this is called.
other_benchmark() { pgrep -a -x wrk || pgrep -af clusterlocator-http-bench; }
wait_for_other_benchmarks() {
  local seen=""
  while other_benchmark >/dev/null; do
    echo "== waiting for another benchmark to finish: $(other_benchmark | head -1)" >&2
    seen=1
    sleep 10
  done
  [[ -z $seen || -z ${tmp:-} ]] || "$root/bench/wait-quiet.sh"
}
wait_for_other_benchmarks

# ---- build -------------------------------------------------------------------------------------
echo "== building the CLI and ProxyBench (Release)" >&2
dotnet build -c Release "$root/src/ClusterLocator.Cli" -nologo -v quiet >&2
dotnet build -c Release "$root/bench/ClusterLocator.ProxyBench" -nologo -v quiet >&2

# ---- everything started here stops on exit -----------------------------------------------------
tmp=$(mktemp -d /tmp/clusterlocator-proxy-bench.XXXXXX)
source "$root/bench/stop-on-exit.sh"
stop_started() { # controllers first: they drain and deregister from the locator
  local name
  for name in controller-http controller-tcp http-member tcp-member locator; do stop "$name"; done
}

source "$root/bench/free-port.sh"

# Run copies of the builds, so a rebuild of src/ while this runs cannot change the program under test.
cp -r "$root/src/ClusterLocator.Cli/bin/Release/net10.0" "$tmp/cli"
rm -rf "$tmp/cli/publish"
cp -r "$root/bench/ClusterLocator.ProxyBench/bin/Release/net10.0" "$tmp/proxybench"
cli=$tmp/cli/clusterlocator
bench=$tmp/proxybench/ClusterLocator.ProxyBench

locator_port=$(free_port)
tcp_member_port=$(free_port)
http_member_port=$(free_port)
tcp_door_port=$(free_port)
http_door_port=$(free_port)
locator=http://127.0.0.1:$locator_port


# ---- locator, members, controllers -------------------------------------------------------------
echo "== starting the locator on $locator" >&2
start locator "$cli" locator --urls "$locator" --warm-up 0s
wait_listening locator "$locator_port"

echo "== starting the members: tcp 127.0.0.1:$tcp_member_port, http 127.0.0.1:$http_member_port" >&2
start tcp-member "$bench" tcp-member --listen "127.0.0.1:$tcp_member_port"
start http-member "$bench" http-member --listen "127.0.0.1:$http_member_port"
wait_listening tcp-member "$tcp_member_port"
wait_listening http-member "$http_member_port"

# Two controllers: one with a --listen http:// front door probes its members with HTTP GETs, which
# the TCP member does not answer, so each protocol gets a cluster of its own members.
controller_flags=(--service bench --capacity 100000 --max-sessions 10000 --drain-timeout 5s --locator "$locator" --no-host-usage)
echo "== starting the controllers: tcp://127.0.0.1:$tcp_door_port, http://127.0.0.1:$http_door_port" >&2
start controller-tcp "$cli" controller --cluster bench-tcp --listen "tcp://127.0.0.1:$tcp_door_port" \
  --member "127.0.0.1:$tcp_member_port" "${controller_flags[@]}"
start controller-http "$cli" controller --cluster bench-http --listen "http://127.0.0.1:$http_door_port" \
  --member "127.0.0.1:$http_member_port" "${controller_flags[@]}"
wait_listening controller-tcp "$tcp_door_port"
wait_listening controller-http "$http_door_port"

# Each path works and carries the same thing before anything is measured.
for _ in $(seq 50); do
  "$bench" ping-pong --target "127.0.0.1:$tcp_door_port" --connections 1 --warm-up 0 --duration 0.2 >/dev/null 2>&1 && break
  sleep 0.2
done
"$bench" ping-pong --target "127.0.0.1:$tcp_door_port" --connections 1 --warm-up 0 --duration 0.2 >/dev/null
direct_url=http://127.0.0.1:$http_member_port/
door_url=http://127.0.0.1:$http_door_port/
for _ in $(seq 50); do
  curl -fsS -o /dev/null "$door_url" 2>/dev/null && break
  sleep 0.2
done
curl -fsS -D "$tmp/direct.headers" -o "$tmp/direct.body" "$direct_url"
curl -fsS -D "$tmp/door.headers" -o "$tmp/door.body" "$door_url"
if ! cmp -s "$tmp/direct.body" "$tmp/door.body"; then
  echo "the HTTP front door answers another body than the member" >&2
  exit 1
fi
for _ in $(seq 30); do
  curl -fsS "$locator/v1/clusters" >"$tmp/clusters.json" 2>/dev/null || true
  grep -q bench-tcp "$tmp/clusters.json" && grep -q bench-http "$tmp/clusters.json" && break
  sleep 0.2
done
grep -q bench-tcp "$tmp/clusters.json" && grep -q bench-http "$tmp/clusters.json" ||
  { echo "the controllers did not register at the locator: $(cat "$tmp/clusters.json")" >&2; exit 1; }

# ---- measuring ---------------------------------------------------------------------------------
clk=$(getconf CLK_TCK)
cpu_ticks() { # user + system ticks so far of one process, all threads
  [[ -r /proc/$1/stat ]] && sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }' || echo 0
}
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
source "$root/bench/wrk-units.sh"
children_cpu_of() { # FILE: the output of `times`, run in this shell (a $(…) subshell would report its
  # own children instead) → CPU seconds (user + system) of this shell's reaped children so far
  awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.3f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$1"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

source "$root/bench/cpu-meter.sh"

# One measured run of case KIND (up, down, rr, http) by PATH (direct, door) in ROUND: its figures go
# to val[KIND,PATH,ROUND,metric]: value (MiB/s or req/s), p50, p99 (µs), the cores the controller,
# the member and the client used, and the cores other processes used.
declare -A val
measure() {
  local kind=$1 path=$2 round=$3 member controller port line seconds out m0 c0 m1 c1 w0 w1
  alive
  if [[ $kind == http ]]; then
    member=${pid_of[http-member]} controller=${pid_of[controller-http]}
    [[ $path == direct ]] && port=$http_member_port || port=$http_door_port
    wrk -t"$http_threads" -c"$http_connections" -d"${http_warmup}s" "http://127.0.0.1:$port/" >/dev/null
  else
    member=${pid_of[tcp-member]} controller=${pid_of[controller-tcp]}
    [[ $path == direct ]] && port=$tcp_member_port || port=$tcp_door_port
  fi
  m0=$(cpu_ticks "$member") c0=$(cpu_ticks "$controller")
  meter_start
  case $kind in
    up | down)
      line=$("$bench" bulk --target "127.0.0.1:$port" --direction "$kind" --bytes "$bulk_bytes" --connections "$bulk_connections")
      val[$kind,$path,$round,value]=$(kv mibps "$line")
      seconds=$(kv seconds "$line")
      ;;
    rr)
      line=$("$bench" ping-pong --target "127.0.0.1:$port" --connections "$rr_connections" --size "$rr_size" \
        --warm-up "$rr_warmup" --duration "$duration")
      val[$kind,$path,$round,value]=$(kv rps "$line")
      val[$kind,$path,$round,p50]=$(kv p50_us "$line")
      val[$kind,$path,$round,p99]=$(kv p99_us "$line")
      seconds=$((rr_warmup + duration))
      ;;
    http)
      out=$tmp/wrk-$path-$round.txt
      times >"$tmp/times"
      w0=$(children_cpu_of "$tmp/times")
      wrk -t"$http_threads" -c"$http_connections" -d"${duration}s" --latency "http://127.0.0.1:$port/" >"$out"
      times >"$tmp/times"
      w1=$(children_cpu_of "$tmp/times")
      if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
        echo "wrk saw errors by the $path path:" >&2
        cat "$out" >&2
        exit 1
      fi
      val[$kind,$path,$round,value]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
      val[$kind,$path,$round,p50]=$(to_us "$(awk '$1 == "50%" { print $2 }' "$out")")
      val[$kind,$path,$round,p99]=$(to_us "$(awk '$1 == "99%" { print $2 }' "$out")")
      val[$kind,$path,$round,bytes]=$(awk -v b="$(to_bytes "$(awk '/requests in/ { print $5 }' "$out")")" \
        -v r="$(awk '/requests in/ { print $1 }' "$out")" 'BEGIN { printf "%.0f", b / r }')
      line=" client_cores=$(awk -v a="$w0" -v b="$w1" -v d="$duration" 'BEGIN { printf "%.2f", (b - a) / d }')"
      seconds=$duration
      ;;
  esac
  val[$kind,$path,$round,others]=$(meter_other_cores)
  m1=$(cpu_ticks "$member") c1=$(cpu_ticks "$controller")
  alive
  val[$kind,$path,$round,member]=$(awk -v t=$((m1 - m0)) -v c="$clk" -v s="$seconds" 'BEGIN { printf "%.2f", t / c / s }')
  val[$kind,$path,$round,controller]=$(awk -v t=$((c1 - c0)) -v c="$clk" -v s="$seconds" 'BEGIN { printf "%.2f", t / c / s }')
  val[$kind,$path,$round,client]=$(kv client_cores "$line")
  printf '   %-4s %-6s round %d: %10s %-5s' "$kind" "$path" "$round" "${val[$kind,$path,$round,value]}" \
    "$([[ $kind == up || $kind == down ]] && echo MiB/s || echo req/s)" >&2
  [[ $kind == rr || $kind == http ]] && printf '  p50 %7.0f us  p99 %7.0f us' "${val[$kind,$path,$round,p50]}" "${val[$kind,$path,$round,p99]}" >&2
  printf '  controller %s, member %s, client %s, others %s cores\n' "${val[$kind,$path,$round,controller]}" \
    "${val[$kind,$path,$round,member]}" "${val[$kind,$path,$round,client]}" "${val[$kind,$path,$round,others]}" >&2
}

# Measures again, once the machine is quiet, a run during which other processes took more than
# OTHERS_MAX cores; one kept anyway is marked.
declare -A noisy
measure_quietly() {
  local kind=$1 path=$2 round=$3 attempt
  for attempt in $(seq 0 "$retries"); do
    wait_for_other_benchmarks
    measure "$kind" "$path" "$round"
    if awk -v o="${val[$kind,$path,$round,others]}" -v m="$others_max" 'BEGIN { exit !(o <= m) }'; then
      noisy[$kind,$path,$round]=""
      return
    fi
    noisy[$kind,$path,$round]="*"
    echo "   (other processes took ${val[$kind,$path,$round,others]} cores: measuring again once the machine is quiet)" >&2
    QUIET_TIMEOUT=120 "$root/bench/wait-quiet.sh"
  done
}

wait_for_other_benchmarks
"$root/bench/wait-quiet.sh"
echo "== warming up: ${first_warmup}s of ping-pong and of wrk by each path, a bulk run each way, all discarded" >&2
for path_port in "$tcp_door_port" "$tcp_member_port"; do
  "$bench" ping-pong --target "127.0.0.1:$path_port" --connections "$rr_connections" --size "$rr_size" \
    --warm-up 0 --duration "$first_warmup" >/dev/null
  "$bench" bulk --target "127.0.0.1:$path_port" --direction up --bytes "$bulk_bytes" --connections "$bulk_connections" >/dev/null
  "$bench" bulk --target "127.0.0.1:$path_port" --direction down --bytes "$bulk_bytes" --connections "$bulk_connections" >/dev/null
done
wrk -t"$http_threads" -c"$http_connections" -d"${first_warmup}s" "$door_url" >/dev/null
wrk -t"$http_threads" -c"$http_connections" -d"${first_warmup}s" "$direct_url" >/dev/null

kinds=(up down rr http)
echo "== $rounds rounds of: bulk up and down ($bulk_bytes bytes over $bulk_connections connections)," \
  "ping-pong ($rr_connections connections, $rr_size bytes, ${rr_warmup}s warm-up + ${duration}s)," \
  "wrk -t$http_threads -c$http_connections -d${duration}s (${http_warmup}s warm-up)" >&2
for round in $(seq "$rounds"); do
  if ((round % 2)); then order=(direct door); else order=(door direct); fi
  for kind in "${kinds[@]}"; do
    for path in "${order[@]}"; do
      measure_quietly "$kind" "$path" "$round"
    done
  done
done

# ---- where the controller's CPU goes ------------------------------------------------------------
# After the rounds, so perf's own cost touches no figure above. Skipped without perf (PROFILE=0 too).
source "$root/bench/perf-split.sh"
profile_case() { # kind label → "label: split"
  local kind=$1 data=$tmp/perf-$1.data client
  case $kind in
    up | down) "$bench" bulk --target "127.0.0.1:$tcp_door_port" --direction "$kind" --bytes $((bulk_bytes * 4)) \
      --connections "$bulk_connections" >/dev/null & ;;
    rr) "$bench" ping-pong --target "127.0.0.1:$tcp_door_port" --connections "$rr_connections" --size "$rr_size" \
      --warm-up 0 --duration 5 >/dev/null & ;;
    http) wrk -t"$http_threads" -c"$http_connections" -d5s "$door_url" >/dev/null & ;;
  esac
  client=$!
  sleep 1
  perf record -q -F 499 -g -p "${pid_of[controller-$([[ $kind == http ]] && echo http || echo tcp)]}" -o "$data" -- sleep 3 >/dev/null 2>&1 || true
  wait "$client"
  echo "$2 $(split_of "$data")"
}
profile=""
if [[ ${PROFILE:-1} != 0 ]] && command -v perf >/dev/null; then
  echo "== profiling the controllers: perf record, 3 s of each case through the front door" >&2
  wait_for_other_benchmarks
  profile="$(profile_case up "bulk up") ; $(profile_case down "bulk down") ; $(profile_case rr ping-pong) ; $(profile_case http HTTP)."
  profile=${profile// ; /; }
  echo "   $profile" >&2
fi

# ---- summary -----------------------------------------------------------------------------------
vals() { local r; for r in $(seq "$rounds"); do echo "${val[$1,$2,$r,$3]}"; done; }
med() { median $(vals "$@"); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
declare -A m
for kind in "${kinds[@]}"; do
  for path in direct door; do
    for metric in value p50 p99 controller member client; do
      [[ -n ${val[$kind,$path,1,$metric]:-} && ${val[$kind,$path,1,$metric]} != "?" ]] || continue
      m[$kind,$path,$metric]=$(med "$kind" "$path" "$metric")
    done
  done
  m[$kind,ratio]=$(ratio "${m[$kind,door,value]}" "${m[$kind,direct,value]}")
done
for kind in rr http; do
  m[$kind,p50ratio]=$(ratio "${m[$kind,door,p50]}" "${m[$kind,direct,p50]}")
  m[$kind,p99ratio]=$(ratio "${m[$kind,door,p99]}" "${m[$kind,direct,p99]}")
done
max_other=$(for k in "${!val[@]}"; do if [[ $k == *,others ]]; then echo "${val[$k]}"; fi; done | sort -g | tail -1)
up_ok=$(awk -v r="${m[up,ratio]}" -v t="$bulk_target" 'BEGIN { print (r >= t) ? "met" : "missed" }')
down_ok=$(awk -v r="${m[down,ratio]}" -v t="$bulk_target" 'BEGIN { print (r >= t) ? "met" : "missed" }')
if [[ $up_ok == met && $down_ok == met ]]; then verdict="**Target met**"; else verdict="**Target missed**"; fi

gc_mode="workstation (concurrent; the CLI's runtimeconfig sets no System.GC.Server)"
[[ ${DOTNET_gcServer:-} == 1 ]] && gc_mode="server (DOTNET_gcServer=1)"
[[ ${DOTNET_gcServer:-} == 0 ]] && gc_mode="workstation (DOTNET_gcServer=0)"
runtime_env=$(env | grep -E '^DOTNET_(gc|GC|Tiered|TC_|ReadyToRun)' | sort | tr '\n' ' ' || true)
controller_warnings=$(cat "$tmp/controller-tcp.log" "$tmp/controller-http.log" | grep -cE '^(warn|fail|crit):' || true)
gib=$(awk -v b="$bulk_bytes" 'BEGIN { printf "%g", b / 1073741824 }')
minutes=$(((2 * first_warmup + 2 * first_warmup + rounds * (2 * (rr_warmup + duration) + 2 * (http_warmup + duration) + 16)) / 60 + 1))

rounds_of() { # kind path: the rounds' values, noisy ones marked
  local r out=""
  for r in $(seq "$rounds"); do
    out+="$(awk -v v="${val[$1,$2,$r,value]}" 'BEGIN { printf "%.0f", v }')${noisy[$1,$2,$r]}"
    ((r < rounds)) && out+=", "
  done
  echo "$out"
}
row() { # kind label unit
  local kind=$1 label=$2 unit=$3 lat_direct="–" lat_door="–" lat_ratio="–"
  if [[ $kind == rr || $kind == http ]]; then
    lat_direct=$(awk -v a="${m[$kind,direct,p50]}" -v b="${m[$kind,direct,p99]}" 'BEGIN { printf "%.0f / %.0f µs", a, b }')
    lat_door=$(awk -v a="${m[$kind,door,p50]}" -v b="${m[$kind,door,p99]}" 'BEGIN { printf "%.0f / %.0f µs", a, b }')
    lat_ratio="${m[$kind,p50ratio]} / ${m[$kind,p99ratio]}"
  fi
  awk -v l="$label" -v u="$unit" -v d="${m[$kind,direct,value]}" -v f="${m[$kind,door,value]}" -v r="${m[$kind,ratio]}" \
    -v rd="$(rounds_of "$kind" direct)" -v rf="$(rounds_of "$kind" door)" \
    -v ld="$lat_direct" -v lf="$lat_door" -v lr="$lat_ratio" \
    -v cc="${m[$kind,door,controller]}" -v md="${m[$kind,direct,member]}" -v mf="${m[$kind,door,member]}" 'BEGIN {
    printf "| %s | %.0f %s<br>(%s) | %.0f %s<br>(%s) | **%s** | %s | %s | %s | %s | %s / %s |\n", l, d, u, rd, f, u, rf, r, ld, lf, lr, cc, md, mf }'
}

# CPU per unit of work from the medians: core-seconds per GiB (bulk) or CPU µs per request, of each
# process, and the cores all of them used together. When a path keeps every core busy, its rate is
# the cores over its total cost, so the costs say where a ratio below 1 comes from.
cost() { # kind path what → cost of what (client, member, controller) per GiB or per request
  awk -v c="${m[$1,$2,$3]:-}" -v v="${m[$1,$2,value]}" -v k="$1" 'BEGIN {
    if (c == "") { print "?"; exit }
    if (k == "up" || k == "down") printf "%.2f", c / (v / 1024); else printf "%.1f", c / v * 1000000 }'
}
declare -A cost_text cost_total cost_cores
for kind in "${kinds[@]}"; do
  for path in direct door; do
    total=0 parts="" cores=0
    for what in client member controller; do
      [[ $path == direct && $what == controller ]] && continue
      c=$(cost "$kind" "$path" "$what")
      [[ $c == "?" ]] && continue
      parts+="${parts:+ + }$what $c"
      total=$(awk -v a="$total" -v b="$c" 'BEGIN { print a + b }')
      cores=$(awk -v a="$cores" -v b="${m[$kind,$path,$what]}" 'BEGIN { printf "%.2f", a + b }')
    done
    cost_total[$kind,$path]=$(awk -v t="$total" -v k="$kind" 'BEGIN { printf((k == "up" || k == "down") ? "%.2f" : "%.1f", t) }')
    cost_cores[$kind,$path]=$cores
    cost_text[$kind,$path]="$parts = ${cost_total[$kind,$path]} (${cores} cores busy)"
  done
done
# The rate a path reaches is the cores it keeps busy over its CPU per unit of work, so when both
# paths keep the machine's cores busy, the ratio is about the direct cost over the front door's.
cost_bound() { ratio "${cost_total[$1,direct]}" "${cost_total[$1,door]}"; }

section=$tmp/section.md
{
  echo "## Controller front doors: through the controller against direct"
  echo
  echo "Reproduce: \`bench/run-proxy.sh\` (about $minutes minutes after the build)."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  "$root/bench/machine-info.sh"
  echo "- wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }'), from Debian; all traffic over loopback; client, controller and member share the machine's $(nproc) cores."
  echo "- Setup: a locator (\`--warm-up 0s\`); two members from \`bench/ClusterLocator.ProxyBench\` (a TCP member with echo," \
    "sink and source modes on blocking sockets, a thread per connection; an HTTP member, minimal Kestrel, \`GET /\` → a 64-byte" \
    "\`text/plain\` body); two controllers, Release CLI, \`clusterlocator controller --capacity 100000 --max-sessions 10000" \
    "--no-host-usage\`, one with \`--listen tcp://…\` and the TCP member, one with \`--listen http://…\` and the HTTP member" \
    "(a controller with an HTTP front door probes its members over HTTP, which the TCP member does not speak)." \
    "GC $gc_mode; runtime environment: ${runtime_env:-none set (tiered compilation and dynamic PGO on, the defaults)}."
  echo "- Cases, each run directly against the member and through the front door with the same client and settings:" \
    "**bulk up/down**: ${gib} GiB over $bulk_connections connections, blocking 64 KiB sends/receives on a thread per connection," \
    "timed from every connection being ready end to end until the last byte is delivered (up: the member's byte count came back;" \
    "down: the member's FIN arrived); **ping-pong**: $rr_connections connections, each a thread sending a $rr_size-byte ping" \
    "and waiting for its echo, ${rr_warmup} s warm-up then ${duration} s measured, each echo checked;" \
    "**HTTP**: \`wrk -t$http_threads -c$http_connections -d${duration}s --latency\` after a ${http_warmup} s run, discarded."
  echo "- First ${first_warmup} s of ping-pong and of wrk by each path, and a bulk run each way, discarded;" \
    "then $rounds rounds, alternating which path goes first; medians below, each round's figure under it."
  echo
  echo "| case | direct | through the front door | ratio | direct p50 / p99 | front door p50 / p99 | latency ratio p50 / p99 | controller cores | member cores direct / front door |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  row up "TCP bulk up (client → member)" "MiB/s"
  row down "TCP bulk down (member → client)" "MiB/s"
  row rr "TCP ping-pong, $rr_size B" "req/s"
  row http "HTTP \`GET /\`, 64 B body" "req/s"
  echo
  echo "Ratio: through the front door over direct (throughput; latency the other way round)." \
    "Cores: CPU time over the measured time, medians, in cores of $(nproc)." \
    "The client used (median) ${m[up,direct,client]} / ${m[up,door,client]} cores in bulk up, ${m[down,direct,client]} / ${m[down,door,client]} in bulk down," \
    "${m[rr,direct,client]} / ${m[rr,door,client]} in ping-pong, wrk ${m[http,direct,client]} / ${m[http,door,client]} (direct / front door)." \
    "HTTP bytes per response on the wire (wrk's count): direct ${val[http,direct,1,bytes]}, front door ${val[http,door,1,bytes]}." \
    "Other processes used at most $max_other cores during any kept run (a run during which they took over $others_max cores" \
    "is measured again; \\* marks one kept anyway). The controllers logged $controller_warnings warnings or errors."
  echo
  echo "CPU per unit of work (medians; core-seconds per GiB for bulk, CPU µs per request otherwise; the client is wrk for HTTP):"
  echo
  for kind in up down rr http; do
    case $kind in up) label="bulk up" ;; down) label="bulk down" ;; rr) label=ping-pong ;; http) label=HTTP ;; esac
    echo "- $label: direct ${cost_text[$kind,direct]}; through the front door ${cost_text[$kind,door]}."
  done
  echo
  echo "Each path's rate is the cores it keeps busy over its CPU per unit of work. Where both keep the $(nproc) cores" \
    "about equally busy, the ratio comes out near the direct path's CPU per unit over the front door path's (which adds" \
    "a third process and a second loopback TCP hop): bulk up $(cost_bound up), bulk down $(cost_bound down)," \
    "ping-pong $(cost_bound rr), HTTP $(cost_bound http). A ratio near that figure means the front door path is" \
    "CPU-bound on this machine, not waiting on something."
  if [[ -n $profile ]]; then
    echo
    echo "Where the controller's CPU goes (\`perf record\` of the controller for 3 s of each case through the front door," \
      "after the rounds; share of samples: the kernel, the .NET runtime and other native libraries, the JIT compiler at work," \
      "code compiled from IL, which includes the front door's own):" \
      "$profile"
  fi
  echo
  echo "Target (bulk TCP through the front door ≥ 70 % of direct): up ${m[up,ratio]}, $up_ok; down ${m[down,ratio]}, $down_ok. $verdict." \
    "Reported without a target: ping-pong ${m[rr,ratio]} of direct's requests/s, HTTP ${m[http,ratio]} of direct's requests/s."
} >"$section"

echo
cat "$section"
if [[ -z ${NO_DOC:-} ]]; then
  "$root/bench/update-doc-section.sh" proxy <"$section"
fi
