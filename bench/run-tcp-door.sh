#!/usr/bin/env bash
# TCP front door against HAProxy (issue 13, target 1: the front door ≥ 1.2× HAProxy `mode tcp`).
# The same members, clients and settings, measured in the same run by four paths:
#   direct     the client talks to the member (the reference line, no proxy);
#   haproxy1   Debian's HAProxy, `mode tcp`, `nbthread 1`;
#   haproxyN   the same with `nbthread` = the machine's cores (what `nbthread` auto picks);
#   door       the controller's TCP front door (Release `clusterlocator controller --listen tcp://…`);
#   doorinline the same with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 (socket continuations run
#              on the runtime's epoll threads instead of hopping to the thread pool): a lever measured.
# Members: the TCP member of bench/ClusterLocator.ProxyBench (echo, sink, source) and a Redis server.
# Cases: ping-pong (64-byte echo over 32 connections: req/s, p50/p99), bulk up and down (MiB/s) with
# the ProxyBench clients; redis-benchmark GET and SET of 64 bytes and SET of 64 KiB (-c 32 -P 1).
# Ratio = door / the better of the two HAProxy lines.
#
#   bench/run-tcp-door.sh
#
# Settings (environment), defaults in brackets:
#   ROUNDS [3]                rounds; each runs every case by every path, the path order rotating
#   DURATION [5] RR_WARMUP [1] ping-pong: measured seconds after a discarded warm-up
#   RR_CONNECTIONS [32] RR_SIZE [64]
#   BULK_BYTES [1073741824] BULK_CONNECTIONS [4]
#   REDIS_N [100000] REDIS_BIG_N [10000] REDIS_CONNECTIONS [32]   requests per redis-benchmark run
#   FIRST_WARMUP [10]         seconds of ping-pong by each path before the first round, discarded
#   OTHERS_MAX [0.15] RETRIES [2]   a run during which other processes took more cores is run again
#   PATHS ["direct haproxy1 haproxyN door doorinline"] KINDS ["rr up down redis-get redis-set redis-set64k"]
#                             subsets, for experiments (the summary is written for all five paths only)
#   PROFILE=0                 skip the perf profile of the door and of HAProxy after the rounds
#   NO_DOC=1                  print the summary only; leave docs/performance.md alone
# The controller inherits the environment (e.g. DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1).
# Installs haproxy, redis-server, redis-tools and iproute2 from Debian when missing.
set -eEuo pipefail
trap 'echo "run-tcp-door.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${ROUNDS:-3}
duration=${DURATION:-5}
rr_warmup=${RR_WARMUP:-1}
rr_connections=${RR_CONNECTIONS:-32}
rr_size=${RR_SIZE:-64}
bulk_bytes=${BULK_BYTES:-1073741824}
bulk_connections=${BULK_CONNECTIONS:-4}
redis_n=${REDIS_N:-100000}
redis_big_n=${REDIS_BIG_N:-10000}
redis_connections=${REDIS_CONNECTIONS:-32}
first_warmup=${FIRST_WARMUP:-10}
others_max=${OTHERS_MAX:-0.15}
retries=${RETRIES:-2}
target=1.2
cores=$(nproc)

if ! command -v haproxy >/dev/null || ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null ||
  ! command -v ss >/dev/null; then
  echo "== installing haproxy, redis-server, redis-tools, iproute2 from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy redis-server redis-tools iproute2 >/dev/null
fi

echo "== building the CLI and ProxyBench (Release)" >&2
dotnet build -c Release "$root/src/ClusterLocator.Cli" -nologo -v quiet >&2
dotnet build -c Release "$root/bench/ClusterLocator.ProxyBench" -nologo -v quiet >&2

tmp=$(mktemp -d /tmp/clusterlocator-tcp-door.XXXXXX)
source "$root/bench/stop-on-exit.sh"
source "$root/bench/cpu-meter.sh"
source "$root/bench/perf-split.sh"
stop_started() { # the controllers first: they drain and deregister from the locator
  local name
  for name in door-bench door-redis doorinline-bench doorinline-redis haproxy1 haproxyN bench-member redis-member locator; do
    [[ -n ${pid_of[$name]:-} ]] || continue
    kill "${pid_of[$name]}" 2>/dev/null && wait "${pid_of[$name]}" 2>/dev/null || true
  done
}

# Copies of the builds: a rebuild of src/ while this runs cannot change the program under test.
cp -r "$root/src/ClusterLocator.Cli/bin/Release/net10.0" "$tmp/cli"
cp -r "$root/bench/ClusterLocator.ProxyBench/bin/Release/net10.0" "$tmp/proxybench"
cli=$tmp/cli/clusterlocator
bench=$tmp/proxybench/ClusterLocator.ProxyBench

source "$root/bench/free-port.sh"
launch() { # name command…: in the background, output in $tmp/name.log
  local name=$1
  shift
  "$@" >"$tmp/$name.log" 2>&1 &
  pid_of[$name]=$!
}
await_port() { # name port
  local i
  for ((i = 0; i < 150; i++)); do
    [[ -z $(ss -Htln "sport = :$2") ]] || return 0
    kill -0 "${pid_of[$1]}" 2>/dev/null || break
    sleep 0.2
  done
  echo "$1 does not listen on port $2; its log:" >&2
  cat "$tmp/$1.log" >&2
  exit 1
}

for v in locator_port bench_member redis_member; do next_port "$v"; done
declare -A port # port[path,member]
for path in haproxy1 haproxyN door doorinline; do
  for member in bench redis; do next_port "port[$path,$member]"; done
done
port[direct,bench]=$bench_member
port[direct,redis]=$redis_member
locator=http://127.0.0.1:$locator_port

echo "== starting the locator, the members, HAProxy (nbthread 1 and $cores) and the controllers" >&2
launch locator "$cli" locator --urls "$locator" --warm-up 0s
launch bench-member "$bench" tcp-member --listen "127.0.0.1:$bench_member"
launch redis-member redis-server --bind 127.0.0.1 --port "$redis_member" --save "" --appendonly no --protected-mode no
haproxy_config() { # threads → a production-minded `mode tcp` configuration for both members
  cat <<EOF
global
    nbthread $1
    maxconn 4000
defaults
    mode tcp
    option splice-auto
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    maxconn 2000
listen bench
    bind 127.0.0.1:${port[haproxy$2,bench]}
    server m1 127.0.0.1:$bench_member check inter 2s
listen redis
    bind 127.0.0.1:${port[haproxy$2,redis]}
    server r1 127.0.0.1:$redis_member check inter 2s
EOF
}
haproxy_config 1 1 >"$tmp/haproxy1.cfg"
haproxy_config "$cores" N >"$tmp/haproxyN.cfg"
haproxy -c -q -f "$tmp/haproxy1.cfg"
launch haproxy1 haproxy -db -f "$tmp/haproxy1.cfg"
launch haproxyN haproxy -db -f "$tmp/haproxyN.cfg"
await_port locator "$locator_port"
controller_flags=(--service bench --capacity 100000 --max-sessions 10000 --drain-timeout 5s --locator "$locator" --no-host-usage)
launch door-bench "$cli" controller --cluster door-bench --listen "tcp://127.0.0.1:${port[door,bench]}" \
  --member "127.0.0.1:$bench_member" "${controller_flags[@]}"
launch door-redis "$cli" controller --cluster door-redis --listen "tcp://127.0.0.1:${port[door,redis]}" \
  --member "127.0.0.1:$redis_member" "${controller_flags[@]}"
for member in bench redis; do
  launch "doorinline-$member" env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 "$cli" controller --cluster "doorinline-$member" \
    --listen "tcp://127.0.0.1:${port[doorinline,$member]}" --member "127.0.0.1:${port[direct,$member]}" "${controller_flags[@]}"
done
for path in direct haproxy1 haproxyN door doorinline; do
  case $path in direct) b=bench-member r=redis-member ;; door*) b=$path-bench r=$path-redis ;; *) b=$path r=$path ;; esac
  await_port "$b" "${port[$path,bench]}"
  await_port "$r" "${port[$path,redis]}"
done

# Every path carries both members before anything is measured (the door waits for its first probe).
for path in direct haproxy1 haproxyN door doorinline; do
  for ((i = 0; i < 50; i++)); do
    "$bench" ping-pong --target "127.0.0.1:${port[$path,bench]}" --connections 1 --warm-up 0 --duration 0.2 >/dev/null 2>&1 &&
      [[ $(redis-cli -p "${port[$path,redis]}" ping 2>/dev/null) == PONG ]] && continue 2
    sleep 0.2
  done
  echo "the $path path does not carry ping-pong and Redis; logs in $tmp" >&2
  exit 1
done

# ---- measuring ---------------------------------------------------------------------------------
clk=$(getconf CLK_TCK)
ticks_of() { [[ -r /proc/$1/stat ]] && sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }' || echo 0; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
reaped_cpu() { # VAR: CPU seconds of this shell's reaped children so far (`times`, second line), into VAR;
  # not called in $(…), whose subshell would report its own children
  times >"$tmp/times"
  printf -v "$1" %s "$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.3f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$tmp/times")"
}
proxy_pid() { case $1 in direct) echo "" ;; door*) echo "${pid_of[$1-$2]}" ;; *) echo "${pid_of[$1]}" ;; esac; }
member_of() { case $1 in redis-*) echo redis ;; *) echo bench ;; esac; }
redis_args() { # case → redis-benchmark test arguments
  case $1 in
    redis-get) echo "-t get -d 64 -n $redis_n" ;;
    redis-set) echo "-t set -d 64 -n $redis_n" ;;
    redis-set64k) echo "-t set -d 65536 -n $redis_big_n" ;;
  esac
}

# One run of CASE by PATH in ROUND: val[case,path,round,metric] with metric value (req/s or MiB/s),
# p50 and p99 (µs), and the cores the proxy, the member, the client and other processes used.
declare -A val
run_case() {
  local kind=$1 path=$2 round=$3 member proxy target m0 p0 c0 c1 t0 t1 line seconds
  member=$(member_of "$kind")
  proxy=$(proxy_pid "$path" "$member")
  target=127.0.0.1:${port[$path,$member]}
  local member_pid=${pid_of[$member-member]}
  m0=$(ticks_of "$member_pid") p0=$([[ -n $proxy ]] && ticks_of "$proxy" || echo 0)
  reaped_cpu c0
  t0=$EPOCHREALTIME
  meter_start
  case $kind in
    rr)
      line=$("$bench" ping-pong --target "$target" --connections "$rr_connections" --size "$rr_size" --warm-up "$rr_warmup" --duration "$duration")
      val[$kind,$path,$round,value]=$(field rps "$line")
      val[$kind,$path,$round,p50]=$(field p50_us "$line")
      val[$kind,$path,$round,p99]=$(field p99_us "$line")
      ;;
    up | down)
      line=$("$bench" bulk --target "$target" --direction "$kind" --bytes "$bulk_bytes" --connections "$bulk_connections")
      val[$kind,$path,$round,value]=$(field mibps "$line")
      ;;
    redis-*)
      # shellcheck disable=SC2046 # the test arguments split on purpose
      line=$(redis-benchmark -h 127.0.0.1 -p "${port[$path,$member]}" -c "$redis_connections" -P 1 --csv $(redis_args "$kind") | tail -1 | tr -d '"')
      val[$kind,$path,$round,value]=$(cut -d, -f2 <<<"$line")
      val[$kind,$path,$round,p50]=$(awk -F, '{ printf "%.0f", $5 * 1000 }' <<<"$line")
      val[$kind,$path,$round,p99]=$(awk -F, '{ printf "%.0f", $7 * 1000 }' <<<"$line")
      ;;
  esac
  t1=$EPOCHREALTIME
  reaped_cpu c1
  val[$kind,$path,$round,others]=$(meter_other_cores)
  seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
  cores_of() { awk -v t="$1" -v c="$clk" -v s="$seconds" 'BEGIN { printf "%.2f", t / c / s }'; }
  val[$kind,$path,$round,member]=$(cores_of $(($(ticks_of "$member_pid") - m0)))
  val[$kind,$path,$round,proxy]=$([[ -n $proxy ]] && cores_of $(($(ticks_of "$proxy") - p0)) || echo 0)
  val[$kind,$path,$round,client]=$(awk -v a="$c0" -v b="$c1" -v s="$seconds" 'BEGIN { printf "%.2f", (b - a) / s }')
  [[ -n ${val[$kind,$path,$round,value]} ]] || { echo "no figure from $kind by $path: $line" >&2; exit 1; }
  printf '   %-12s %-8s round %d: %10s  proxy %s, member %s, client %s, others %s cores\n' "$kind" "$path" "$round" \
    "${val[$kind,$path,$round,value]}" "${val[$kind,$path,$round,proxy]}" "${val[$kind,$path,$round,member]}" \
    "${val[$kind,$path,$round,client]}" "${val[$kind,$path,$round,others]}" >&2
}
declare -A noisy
run_quietly() {
  local attempt
  for ((attempt = 0; attempt <= retries; attempt++)); do
    run_case "$@"
    noisy[$1,$2,$3]=""
    awk -v o="${val[$1,$2,$3,others]}" -v m="$others_max" 'BEGIN { exit !(o <= m) }' && return
    noisy[$1,$2,$3]="*"
    ((attempt < retries)) || return 0
    echo "   (others took ${val[$1,$2,$3,others]} cores: again once the machine is quiet)" >&2
    QUIET_TIMEOUT=${QUIET_TIMEOUT:-60} "$root/bench/wait-quiet.sh"
  done
}

read -r -a paths <<<"${PATHS:-direct haproxy1 haproxyN door doorinline}"
read -r -a kinds <<<"${KINDS:-rr up down redis-get redis-set redis-set64k}"
QUIET_TIMEOUT=${QUIET_TIMEOUT:-120} "$root/bench/wait-quiet.sh"
echo "== warming up: ${first_warmup}s of ping-pong, a bulk run each way and redis-benchmark by each path, discarded" >&2
for path in "${paths[@]}"; do
  "$bench" ping-pong --target "127.0.0.1:${port[$path,bench]}" --connections "$rr_connections" --size "$rr_size" \
    --warm-up 0 --duration "$first_warmup" >/dev/null
  for d in up down; do
    "$bench" bulk --target "127.0.0.1:${port[$path,bench]}" --direction $d --bytes "$bulk_bytes" --connections "$bulk_connections" >/dev/null
  done
  redis-benchmark -p "${port[$path,redis]}" -c "$redis_connections" -P 1 -q -t get,set -d 64 -n "$redis_n" >/dev/null
done

echo "== $rounds rounds; paths ${paths[*]}, the order rotating each round" >&2
for ((round = 1; round <= rounds; round++)); do
  order=("${paths[@]:round % ${#paths[@]}}" "${paths[@]:0:round % ${#paths[@]}}")
  for kind in "${kinds[@]}"; do
    for path in "${order[@]}"; do run_quietly "$kind" "$path" "$round"; done
  done
done

# ---- where the CPU goes: the door and HAProxy under the same load, after the rounds -----------
profile=""
if [[ ${PROFILE:-1} != 0 ]] && command -v perf >/dev/null; then
  echo "== profiling: perf record of the door and of HAProxy (nbthread 1), 3 s of each bench case" >&2
  for kind in rr up down; do
    for path in door haproxy1; do
      if [[ $kind == rr ]]; then
        "$bench" ping-pong --target "127.0.0.1:${port[$path,bench]}" --connections "$rr_connections" --size "$rr_size" --warm-up 0 --duration 5 >/dev/null &
      else
        "$bench" bulk --target "127.0.0.1:${port[$path,bench]}" --direction $kind --bytes $((bulk_bytes * 8)) --connections "$bulk_connections" >/dev/null &
      fi
      client=$!
      sleep 1
      perf record -q -F 499 -g -p "$(proxy_pid $path bench)" -o "$tmp/perf.data" -- sleep 3 >/dev/null 2>&1 || true
      wait "$client"
      profile+="${profile:+; }$kind by $path: $(split_of "$tmp/perf.data")"
    done
  done
  echo "   $profile" >&2
fi

# ---- summary -----------------------------------------------------------------------------------
((${#paths[@]} == 5)) || exit 0
med() { local r; for ((r = 1; r <= rounds; r++)); do echo "${val[$1,$2,$r,$3]}"; done | sort -g |
  awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A m
for kind in "${kinds[@]}"; do
  for path in "${paths[@]}"; do
    for metric in value p50 p99 proxy member client; do
      [[ -n ${val[$kind,$path,1,$metric]:-} ]] && m[$kind,$path,$metric]=$(med "$kind" "$path" "$metric")
    done
  done
  if awk -v a="${m[$kind,haproxy1,value]}" -v b="${m[$kind,haproxyN,value]}" 'BEGIN { exit !(a >= b) }'; then
    m[$kind,best]=haproxy1
  else
    m[$kind,best]=haproxyN
  fi
  m[$kind,ratio]=$(awk -v a="${m[$kind,door,value]}" -v b="${m[$kind,${m[$kind,best]},value]}" 'BEGIN { printf "%.2f", a / b }')
  m[$kind,inline]=$(awk -v a="${m[$kind,doorinline,value]}" -v b="${m[$kind,${m[$kind,best]},value]}" 'BEGIN { printf "%.2f", a / b }')
done
unit() { case $1 in up | down) echo MiB/s ;; *) echo req/s ;; esac; }
label() {
  case $1 in
    rr) echo "ping-pong, $rr_size B, $rr_connections conns" ;;
    up) echo "bulk up (client → member)" ;;
    down) echo "bulk down (member → client)" ;;
    redis-get) echo "Redis GET, 64 B, -c $redis_connections" ;;
    redis-set) echo "Redis SET, 64 B, -c $redis_connections" ;;
    redis-set64k) echo "Redis SET, 64 KiB, -c $redis_connections" ;;
  esac
}
cell() { # kind path → "median (rounds) [p50/p99]"
  local r list=""
  for ((r = 1; r <= rounds; r++)); do
    list+="${list:+, }$(printf '%.0f' "${val[$1,$2,$r,value]}")${noisy[$1,$2,$r]}"
  done
  printf '%.0f<br>(%s)' "${m[$1,$2,value]}" "$list"
  [[ -n ${m[$1,$2,p50]:-} ]] && printf '<br>%.0f / %.0f µs' "${m[$1,$2,p50]}" "${m[$1,$2,p99]}"
  return 0
}
# CPU per unit of work: CPU µs per request or core-seconds per GiB, for each process.
per_unit() { # kind path process
  awk -v c="${m[$1,$2,$3]}" -v v="${m[$1,$2,value]}" -v k="$1" 'BEGIN {
    if (k == "up" || k == "down") printf "%.2f", c / (v / 1024); else printf "%.1f", c / v * 1000000 }'
}
max_other=$(for k in "${!val[@]}"; do if [[ $k == *,others ]]; then echo "${val[$k]}"; fi; done | sort -g | tail -1)
met=0 met_inline=0
for kind in "${kinds[@]}"; do
  if awk -v r="${m[$kind,ratio]}" -v t="$target" 'BEGIN { exit !(r >= t) }'; then met=$((met + 1)); fi
  if awk -v r="${m[$kind,inline]}" -v t="$target" 'BEGIN { exit !(r >= t) }'; then met_inline=$((met_inline + 1)); fi
done
runtime_env=$(env | grep -E '^DOTNET_(gc|GC|Tiered|TC_|ReadyToRun|SYSTEM_NET|ThreadPool)' | sort | tr '\n' ' ' || true)
warnings=$(cat "$tmp"/door*-bench.log "$tmp"/door*-redis.log | grep -cE '^(warn|fail|crit):' || true)

section=$tmp/section.md
{
  echo "## TCP front door against HAProxy \`mode tcp\`"
  echo
  echo "Reproduce: \`bench/run-tcp-door.sh\` (about $(((rounds * 110 + first_warmup * 5 + 90) / 60)) minutes after the build)."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  "$root/bench/machine-info.sh"
  echo "- $(haproxy -v | awk 'NR == 1 { print $1, $2, $3 }'), $(redis-server --version | awk '{ print $1, $2, $3 }'), from Debian; all traffic over loopback; clients, proxy and member share the $cores cores."
  echo "- Paths: **direct** (no proxy, the reference line); **haproxy1** and **haproxyN**: HAProxy \`mode tcp\`," \
    "\`nbthread 1\` and \`nbthread $cores\` (what auto picks here), \`option splice-auto\`, \`maxconn\`, connect/client/server" \
    "timeouts, a health check every 2 s; **door**: the Release CLI, \`clusterlocator controller --listen tcp://…" \
    "--capacity 100000 --max-sessions 10000 --no-host-usage\`, one controller per member. Runtime environment of the controller:" \
    "${runtime_env:-none set}; **doorinline**: the same controller with \`DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1\`."
  echo "- Members: the ProxyBench TCP member (echo/sink/source, blocking sockets) and \`redis-server --save '' --appendonly no\`." \
    "Cases: **ping-pong** ProxyBench, $rr_connections connections × one $rr_size-byte ping in flight, ${rr_warmup} s warm-up" \
    "then ${duration} s; **bulk** ProxyBench, $((bulk_bytes >> 20)) MiB over $bulk_connections connections each way;" \
    "**Redis** \`redis-benchmark -c $redis_connections -P 1\`, \`-t get\`/\`-t set -d 64\` × $redis_n and \`-t set -d 65536\` × $redis_big_n."
  echo "- First ${first_warmup} s of ping-pong, a bulk run each way and a Redis run by each path discarded; then $rounds rounds," \
    "each case by each path, the path order rotating from round to round; medians, each round's figure under them."
  echo
  echo "| case | direct | haproxy1 | haproxyN | door | **door / best HAProxy** | doorinline | doorinline / best HAProxy |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for kind in "${kinds[@]}"; do
    echo "| $(label "$kind") ($(unit "$kind")$([[ $kind == up || $kind == down ]] || echo "; p50 / p99")) | $(cell "$kind" direct) | $(cell "$kind" haproxy1) | $(cell "$kind" haproxyN) | $(cell "$kind" door) | **${m[$kind,ratio]}** (vs ${m[$kind,best]}) | $(cell "$kind" doorinline) | ${m[$kind,inline]} |"
  done
  echo
  echo "CPU per unit of work (medians; CPU µs per request, core-seconds per GiB for bulk) of client + member + proxy:"
  echo
  for kind in "${kinds[@]}"; do
    line="- $(label "$kind"):"
    for path in "${paths[@]}"; do
      line+=" $path $(per_unit "$kind" "$path" client) + $(per_unit "$kind" "$path" member)"
      [[ $path != direct ]] && line+=" + **$(per_unit "$kind" "$path" proxy)**"
      line+=" ($(awk -v a="${m[$kind,$path,client]}" -v b="${m[$kind,$path,member]}" -v c="${m[$kind,$path,proxy]}" 'BEGIN { printf "%.2f", a + b + c }') cores);"
    done
    echo "${line%;}."
  done
  echo
  echo "Other processes used at most $max_other cores during a kept run (a run during which they took over $others_max" \
    "is run again, at most $retries times; \\* marks one kept anyway). The controllers logged $warnings warnings or errors."
  if [[ -n $profile ]]; then
    echo
    echo "Where the proxy's CPU goes (\`perf record -g\` for 3 s of each case after the rounds, share of samples): $profile."
  fi
  echo
  echo "Target (door ≥ $target× the better HAProxy on every case): met on $met of ${#kinds[@]} cases (doorinline, not the default: $met_inline)." \
    "$( ((met == ${#kinds[@]})) && echo "**Target met**." || echo "**Target missed**.")"
} >"$section"

echo
cat "$section"
[[ -n ${NO_DOC:-} ]] || "$root/bench/update-doc-section.sh" tcpdoor <"$section"
