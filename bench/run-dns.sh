#!/usr/bin/env bash
# DNS locate benchmark (issue 16): the locator's DNS interface (--dns), each query a placement decided
# and counted, against a same-run peer, Debian's unbound serving a static SRV record of the same shape
# (answer, glue A, TXT), both driven by Debian's dnsperf with the same settings; and, on the same locator,
# GET /v1/locate driven by wrk as bench/run-http.sh drives it.
# Targets: locator DNS >= 0.8 x unbound's queries/s; p99 reported; the ratio of DNS to HTTP locates.
#
#   bench/run-dns.sh
#
# Settings (environment): ROUNDS=3 DURATION=10 WARMUP=3 FIRST_WARMUP=20 CLIENTS=4 OUTSTANDING=64
#   CLIENTS, OUTSTANDING   dnsperf -c (client sockets) and -q (queries in flight)
#   THREADS=1 CONNECTIONS=32  wrk's, for the HTTP locate on the same locator
#   UNBOUND_THREADS=nproc  unbound's num-threads: by default as many as the locator's receive loops (one per core),
#                          thread for thread; Debian's own default is 1
#   NO_DOC=1               print the summary only; leave docs/performance.md alone
# p99: dnsperf -v prints every answer with its latency; the script sorts them and takes the 99th percentile.
# CPU per query: the server's own CPU time (utime + stime in /proc/PID/stat) over the run, divided by
# the queries (requests, for HTTP) it answered.
# Installs dnsperf, unbound, wrk, curl from Debian when they are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${ROUNDS:-3}
duration=${DURATION:-10}
warmup=${WARMUP:-3}
first_warmup=${FIRST_WARMUP:-20}
clients=${CLIENTS:-4}
outstanding=${OUTSTANDING:-64}
threads=${THREADS:-1}
connections=${CONNECTIONS:-32}
unbound_threads=${UNBOUND_THREADS:-$(nproc)}
clusters=10
capacity=1000000000

# ---- tools -------------------------------------------------------------------------------------
if ! command -v dnsperf >/dev/null || ! command -v unbound >/dev/null || ! command -v wrk >/dev/null || ! command -v curl >/dev/null || ! command -v ss >/dev/null; then
  echo "== installing dnsperf, unbound, wrk, curl, iproute2 from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dnsperf unbound wrk curl iproute2 >/dev/null
fi

echo "== building the CLI (Release)" >&2
dotnet build -c Release "$root/src/ClusterLocator.Cli" -nologo -v quiet >&2

tmp=$(mktemp -d /tmp/clusterlocator-dns-bench.XXXXXX)
source "$root/bench/stop-on-exit.sh"
source "$root/bench/free-port.sh"
source "$root/bench/cpu-meter.sh"
source "$root/bench/wrk-units.sh"

# Run a copy of the build, so a rebuild of src/ while this runs cannot change the program under test.
cp -r "$root/src/ClusterLocator.Cli/bin/Release/net10.0" "$tmp/cli"
cli=$tmp/cli/clusterlocator

http_port=$(free_port)
dns_port=$(free_port "$http_port")
peer_port=$(free_port "$dns_port")
locator=http://127.0.0.1:$http_port

# ---- the locator, answering DNS, with its clusters ---------------------------------------------
start locator "$cli" locator --urls "$locator" --dns "127.0.0.1:$dns_port" --warm-up 0s --report-interval 1m --lease 10m --client-rate 0
wait_listening locator "$http_port"
for i in $(seq 0 $((clusters - 1))); do
  curl -fsS -o /dev/null -X PUT -H 'Content-Type: application/json' "$locator/v1/clusters/bench-0$i" --data @- <<JSON
{ "service": "bench", "incarnation": "bench-run", "seq": 1,
  "endpoints": [ { "protocol": "tcp", "address": "127.0.0.1:$((9100 + i))" } ],
  "zone": "z1", "state": "active",
  "load": { "sessions": $((100 * i)), "capacity": $capacity, "cpu": 0.$((30 + 2 * i)), "memory": 0.20,
            "healthyMembers": 3, "members": 3 } }
JSON
done

# ---- unbound: the same answer, static ----------------------------------------------------------
mkdir -p "$tmp/unbound"
cat >"$tmp/unbound/unbound.conf" <<CONF
server:
  interface: 127.0.0.1@$peer_port
  port: $peer_port
  do-daemonize: no
  use-syslog: no
  logfile: ""
  username: ""
  chroot: ""
  directory: "$tmp/unbound"
  pidfile: ""
  num-threads: $unbound_threads
  access-control: 127.0.0.0/8 allow
  do-ip6: no
  verbosity: 0
  local-zone: "peer." static
  local-data: "_bench._tcp.peer. 0 IN SRV 0 0 9100 bench-00.cluster.peer."
  local-data: "bench-00.cluster.peer. 0 IN A 127.0.0.1"
  local-data: "_bench._tcp.peer. 0 IN TXT \"cluster-id=bench-00\""
remote-control:
  control-enable: no
CONF
start unbound unbound -c "$tmp/unbound/unbound.conf"
for _ in $(seq 50); do
  dig +short +tries=1 +time=1 @127.0.0.1 -p "$peer_port" SRV _bench._tcp.peer. >/dev/null 2>&1 && break
  alive
  sleep 0.2
done

echo "_bench._tcp.locator. SRV" >"$tmp/locator.queries"
echo "_bench._tcp.peer. SRV" >"$tmp/peer.queries"
declare -A port_of=([locator]=$dns_port [unbound]=$peer_port)
declare -A file_of=([locator]=$tmp/locator.queries [unbound]=$tmp/peer.queries)
echo "== a locator answer: $(dig +short @127.0.0.1 -p "$dns_port" SRV _bench._tcp.locator. | tr '\n' ' ')" >&2
echo "== the peer's answer: $(dig +short @127.0.0.1 -p "$peer_port" SRV _bench._tcp.peer. | tr '\n' ' ')" >&2

declare -A qps p99 p50 cpu lost us
server_ticks() { # name: utime + stime of that started process, in clock ticks
  sed 's/.*) //' "/proc/${pid_of[$1]}/stat" | awk '{ print $12 + $13 }'
}
per_query() { # ticks answered: microseconds of CPU per answer
  awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (n > 0) ? t / hz * 1000000 / n : 0 }'
}
run_dnsperf() { # target round
  local target=$1 round=$2 out=$tmp/$1-$2.txt ticks
  dnsperf -s 127.0.0.1 -p "${port_of[$target]}" -d "${file_of[$target]}" -c "$clients" -q "$outstanding" -l "$warmup" >/dev/null 2>&1
  meter_start
  ticks=$(server_ticks "$target")
  dnsperf -v -s 127.0.0.1 -p "${port_of[$target]}" -d "${file_of[$target]}" -c "$clients" -q "$outstanding" -l "$duration" >"$out" 2>&1
  ticks=$(($(server_ticks "$target") - ticks))
  cpu[$target,$round]=$(meter_other_cores)
  us[$target,$round]=$(per_query "$ticks" "$(awk '/Queries completed/ { print $3 }' "$out")")
  qps[$target,$round]=$(awk '/Queries per second/ { printf "%.0f", $4 }' "$out")
  lost[$target,$round]=$(awk '/Queries lost/ { print $3 }' "$out")
  # Verbose lines: "> NOERROR _bench._tcp.locator. SRV 0.000123"; the last field is the latency in seconds.
  local sorted=$tmp/$1-$2.lat
  awk '$1 == ">" { print $NF * 1000000 }' "$out" | sort -g >"$sorted"
  local n
  n=$(wc -l <"$sorted")
  p99[$target,$round]=$(awk -v n="$n" 'NR == int(n * 0.99) { printf "%.0f", $1 }' "$sorted")
  p50[$target,$round]=$(awk -v n="$n" 'NR == int(n * 0.50) { printf "%.0f", $1 }' "$sorted")
  rm -f "$sorted"
}

locate_url="$locator/v1/locate?service=bench&protocol=tcp"
run_wrk() { # round
  local out=$tmp/http-$1.txt ticks
  wrk -t"$threads" -c"$connections" -d"${warmup}s" "$locate_url" >/dev/null
  meter_start
  ticks=$(server_ticks locator)
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$locate_url" >"$out"
  ticks=$(($(server_ticks locator) - ticks))
  cpu[http,$1]=$(meter_other_cores)
  us[http,$1]=$(per_query "$ticks" "$(awk '/requests in/ { print $1 }' "$out")")
  qps[http,$1]=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$out")
  p99[http,$1]=$(to_us "$(awk '$1 == "99%" { print $2 }' "$out")")
  p50[http,$1]=$(to_us "$(awk '$1 == "50%" { print $2 }' "$out")")
  lost[http,$1]=0
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "== first warm-up: ${first_warmup}s of DNS and HTTP load on the locator (JIT), discarded" >&2
dnsperf -s 127.0.0.1 -p "$dns_port" -d "$tmp/locator.queries" -c "$clients" -q "$outstanding" -l "$first_warmup" >/dev/null 2>&1
wrk -t"$threads" -c"$connections" -d"$((first_warmup / 2))s" "$locate_url" >/dev/null

targets=(locator unbound http)
for round in $(seq "$rounds"); do
  # Alternate the order, so neither side always runs first after the other's load.
  order=("${targets[@]}")
  ((round % 2 == 0)) && order=(unbound locator http)
  for target in "${order[@]}"; do
    if [[ $target == http ]]; then run_wrk "$round"; else run_dnsperf "$target" "$round"; fi
    alive
    echo "   round $round $target: ${qps[$target,$round]}/s, p50 ${p50[$target,$round]} us, p99 ${p99[$target,$round]} us, lost ${lost[$target,$round]}, server CPU ${us[$target,$round]} us/query, other processes ${cpu[$target,$round]} cores" >&2
  done
done

vals() { local t=$1 what=$2 r; for r in $(seq "$rounds"); do case $what in qps) echo "${qps[$t,$r]}" ;; p99) echo "${p99[$t,$r]}" ;; p50) echo "${p50[$t,$r]}" ;; cpu) echo "${cpu[$t,$r]}" ;; us) echo "${us[$t,$r]}" ;; esac; done; }
declare -A m_qps m_p99 m_p50 m_cpu m_us
for t in "${targets[@]}"; do
  m_qps[$t]=$(median $(vals "$t" qps)); m_p99[$t]=$(median $(vals "$t" p99))
  m_p50[$t]=$(median $(vals "$t" p50)); m_cpu[$t]=$(median $(vals "$t" cpu)); m_us[$t]=$(median $(vals "$t" us))
done
ratio=$(awk -v a="${m_qps[locator]}" -v b="${m_qps[unbound]}" 'BEGIN { printf "%.2f", a / b }')
http_ratio=$(awk -v a="${m_qps[locator]}" -v b="${m_qps[http]}" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.8) ? "met" : "missed" }')
placed=$(curl -fsS "$locator/metrics" | awk '/^clusterlocator_locate_requests_total\{.*result="placed".*transport="dns"/ { print $NF }')

section=$tmp/section.md
{
  echo "## Locate over DNS"
  echo
  echo "Reproduce: \`bench/run-dns.sh\` (ROUNDS=$rounds DURATION=$duration CLIENTS=$clients OUTSTANDING=$outstanding)."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD)"
  "$root/bench/machine-info.sh"
  echo "- Locator: \`clusterlocator locator --dns 127.0.0.1:PORT --client-rate 0\`, $clusters clusters of service \`bench\`, every query \`_bench._tcp.locator. SRV\` a placement decided and counted ($placed DNS placements counted over the run)."
  echo "- Peer: unbound $(unbound -V 2>/dev/null | awk '/^Version/ { print $2 }') (Debian), num-threads $unbound_threads, a static \`local-data\` SRV with the same glue A and TXT; dnsperf $(dnsperf -h 2>&1 | awk '/^DNS Performance Testing Tool/ { print $NF }' | head -1) \`-c $clients -q $outstanding -l $duration\` over loopback; HTTP: \`wrk -t$threads -c$connections -d${duration}s --latency\` on \`/v1/locate?service=bench&protocol=tcp\` of the same locator."
  echo "- p99 and p50 from every answer's latency as \`dnsperf -v\` prints it (sorted by the script); wrk's own --latency for HTTP. $rounds rounds, alternating the order, ${warmup}s discarded before each run; medians below. Server CPU: the answering process's own CPU time (/proc/PID/stat) over the run ÷ the answers it gave. Other processes' CPU during each run in cores (bench/cpu-meter.sh)."
  echo
  echo "| round | target | queries/s | p50 µs | p99 µs | lost | server CPU µs/query | other processes (cores) |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
  for round in $(seq "$rounds"); do
    for t in "${targets[@]}"; do
      echo "| $round | $t | ${qps[$t,$round]} | ${p50[$t,$round]} | ${p99[$t,$round]} | ${lost[$t,$round]} | ${us[$t,$round]} | ${cpu[$t,$round]} |"
    done
  done
  echo
  echo "| median | queries/s | p50 µs | p99 µs | server CPU µs/query |"
  echo "|---|---:|---:|---:|---:|"
  for t in "${targets[@]}"; do
    echo "| $t | ${m_qps[$t]} | ${m_p50[$t]} | ${m_p99[$t]} | ${m_us[$t]} |"
  done
  echo
  echo "**DNS locate / unbound: ${ratio}x (target ≥ 0.8x: $verdict).** DNS locate / HTTP locate on the same locator: ${http_ratio}x. CPU per query: locator ${m_us[locator]} µs, unbound ${m_us[unbound]} µs (unbound's / the locator's: $(awk -v a="${m_us[unbound]}" -v b="${m_us[locator]}" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')x)."
  echo
  echo "Where the time goes (\`perf record -e cpu-clock -g\` on the locator under the same dnsperf load, DOTNET_PerfMapEnabled=1" \
    "and DOTNET_EnableWriteXorExecute=0 so JIT frames have names; 2026-11-30, a separate run, not redone by this script)." \
    "Before (commit 55a843b: async receive loops, ARSoft parse and encode per query; ~35 µs CPU/query against unbound's ~7):" \
    "kernel 58% (sendmsg 26%, epoll_wait and its scheduling 12%, recvmsg 3%, sched_yield 3%), ARSoft's encoder 8% and the" \
    "response's record objects 7%, OpenSSL and BouncyCastle's SecureRandom 7-9% (ARSoft gives every new DnsMessage a random id," \
    "the response too, and OpenSSL checks getpid each time), the runtime (allocation, GC, thread pool) 8%, the thread-pool hop" \
    "per datagram on top. After (one blocking receive loop per core, no readiness poll or hop; a locate question seen before" \
    "skips the parser, is decided and counted as ever, and gets the bytes ARSoft encoded for that question and that cluster's" \
    "endpoint with the id patched; ~9-11 µs CPU/query): kernel 65% (sendmsg 31%, recvmsg 14%), libc's syscall wrappers 11%," \
    "the locator's own code (cache look-up, decision, counting) ~6%, OpenTelemetry's metric update 2-3%, OpenSSL 0%, runtime 2%." \
    "What is left is mostly the two system calls every datagram needs, which unbound pays too."
  echo
  echo "Threads: the locator answers UDP on one receive loop per core ($(nproc) here), unbound on num-threads $unbound_threads" \
    "(UNBOUND_THREADS; by default one per core, thread for thread; Debian's own default is 1, which on this machine answered" \
    "81 k q/s on 2026-11-30 against 91-98 k with 2). CPU per query is the like-for-like figure."
  if [[ $verdict == missed ]]; then
    echo
    echo "Why it misses: what remains per query is the kernel's recvmsg and sendmsg (unbound pays them too) plus the locator's" \
      "decision and counting. Beyond this: batch the system calls (recvmmsg/sendmmsg, which .NET does not expose: a P/Invoke)," \
      "or SO_REUSEPORT with one socket per loop, so the loops do not share one queue."
  fi
} >"$section"

echo
cat "$section"
if [[ -z ${NO_DOC:-} ]]; then
  "$root/bench/update-doc-section.sh" dns <"$section"
fi
