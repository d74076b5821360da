#!/usr/bin/env bash
# Issue 13's scale target: 10 000 clusters of one service reporting at 1 Hz to one locator. For each
# store (the memory store, then a single-member etcd started here as run-etcd.sh does):
#   idle     wrk on GET /v1/locate, no reports: the idle p99;
#   reports  bench/ClusterLocator.StoreBench ingest, every cluster reporting once a second spread over
#            the second, nothing else: the locator's CPU (cores) and peak RSS, and on etcd the puts/s,
#            lease renewals/s (etcd's /metrics) and etcd's CPU;
#   busy     the same reports while wrk runs the same locate load: the p99 while reports pour in.
# ROUNDS rounds of the three, medians reported. Targets: memory store under 0.5 core and 200 MB RSS;
# busy p99 <= 1.5 x idle p99. With PERF=1 the locator of the memory store is sampled by perf during the
# first reports phase and the summary shows where its CPU goes, by method.
#
#   bench/run-scale.sh
#
# Settings (environment): CLUSTERS=10000 ROUNDS=3 DURATION=20 WARMUP=5 FIRST_WARMUP=20 THREADS=1
#   CONNECTIONS=32 STORES="memory etcd" CONCURRENCY=64 (report connections) PERF=1 NO_DOC=1 (print only)
# Installs wrk, curl, iproute2, etcd-server and linux-perf from Debian when they are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
clusters=${CLUSTERS:-10000}
rounds=${ROUNDS:-3}
duration=${DURATION:-20}
warmup=${WARMUP:-5}
first_warmup=${FIRST_WARMUP:-20}
threads=${THREADS:-1}
connections=${CONNECTIONS:-32}
stores=(${STORES:-memory etcd})
concurrency=${CONCURRENCY:-64}
perf_on=${PERF:-1}

# ---- tools -------------------------------------------------------------------------------------
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
command -v ss >/dev/null || need+=(iproute2)
[[ " ${stores[*]} " != *" etcd "* ]] || command -v etcd >/dev/null || need+=(etcd-server)
[[ $perf_on != 1 ]] || command -v perf >/dev/null || need+=(linux-perf)
if ((${#need[@]})); then
  echo "== installing ${need[*]} from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# ---- build -------------------------------------------------------------------------------------
echo "== building the CLI and the store benchmark (Release)" >&2
dotnet build -c Release "$root/src/ClusterLocator.Cli" -nologo -v quiet >&2
dotnet build -c Release "$root/bench/ClusterLocator.StoreBench" -nologo -v quiet >&2

tmp=$(mktemp -d /tmp/clusterlocator-scale-bench.XXXXXX)
source "$root/bench/stop-on-exit.sh"
cp -r "$root/src/ClusterLocator.Cli/bin/Release/net10.0" "$tmp/cli"
cp -r "$root/bench/ClusterLocator.StoreBench/bin/Release/net10.0" "$tmp/storebench"
cli=$tmp/cli/clusterlocator
storebench=$tmp/storebench/ClusterLocator.StoreBench

source "$root/bench/free-port.sh"

# ---- etcd, when measured -----------------------------------------------------------------------
etcd_version=""
start_etcd() {
  etcd_client=$(free_port)
  local peer
  peer=$(free_port)
  etcd_version=$(etcd --version 2>/dev/null | awk '/etcd Version/ { print $3 }')
  echo "== starting etcd $etcd_version on 127.0.0.1:$etcd_client (data in $tmp/etcd)" >&2
  etcd --name scale --data-dir "$tmp/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "scale=http://127.0.0.1:$peer" --initial-cluster-state new --initial-cluster-token scale \
    --logger zap --log-outputs stderr --log-level error 2>"$tmp/etcd.log" &
  pid_of[etcd]=$!
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$etcd_client/health" 2>/dev/null | grep -q true && break
    sleep 0.1
  done
  curl -fsS "http://127.0.0.1:$etcd_client/health" | grep -q true
}

# Room for 10 000 clusters of one service: the defaults are 10 000 clusters in all and 1 000 per service.
limit_flags=(--max-clusters $((clusters + 100)) --max-clusters-per-service "$clusters")
locator_flags=(--policy best --warm-up 0s --report-interval 1s --client-rate 0 "${limit_flags[@]}")
start_locator() { # store [more flags]
  local port store_args=(--store memory)
  local s=$1
  shift
  [[ $s == etcd ]] && store_args=(--store "etcd://127.0.0.1:$etcd_client" --store-prefix /scale/)
  port=$(free_port)
  locator=http://127.0.0.1:$port
  "$cli" locator --urls "$locator" "${locator_flags[@]}" "${store_args[@]}" "$@" >"$tmp/locator-$s.log" 2>&1 &
  pid_of[locator]=$!
  for _ in $(seq 150); do
    curl -fsS -o /dev/null "$locator/readyz" 2>/dev/null && break
    kill -0 "${pid_of[locator]}" 2>/dev/null || { cat "$tmp/locator-$s.log" >&2; exit 1; }
    sleep 0.2
  done
  curl -fsS -o /dev/null "$locator/readyz"
}

# perf resolves JIT-compiled frames through the runtime's perf map, and only with W^X mapping off.
if [[ $perf_on == 1 ]]; then
  export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
fi

source "$root/bench/wrk-units.sh"
source "$root/bench/cpu-meter.sh"
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
field() { # file key: the value of key= on the phase line
  awk -v k="$2" '/^phase=/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$1"
}
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/${pid_of[locator]}/status"; }
# The locator's largest RSS while the process named by $1 runs, sampled every 0.2 s.
peak_rss_while() {
  local peak=0 now
  while kill -0 "$1" 2>/dev/null; do
    now=$(rss_mb)
    ((now > peak)) && peak=$now
    sleep 0.2
  done
  echo "$peak"
}
declare -A rps p99 cores rss reports failed puts renewals etcd_cores busy_p99 busy_rps busy_reports other
locate_url() { echo "$locator/v1/locate?service=scale"; }
wrk_p99() { # out-file → p99 in µs; fails on errors
  if grep -q -e 'Non-2xx' -e 'Socket errors' "$1"; then
    echo "wrk saw errors:" >&2; cat "$1" >&2; return 1
  fi
  to_us "$(awk '$1 == "99%" { print $2 }' "$1")"
}
ingest() { # store seconds out [extra args]: StoreBench's paced reports, after registering and a warm-up
  local s=$1 seconds=$2 out=$3 pids metrics=()
  shift 3
  pids="locator:${pid_of[locator]}"
  if [[ $s == etcd ]]; then
    pids="$pids,etcd:${pid_of[etcd]}"
    metrics=(--etcd-metrics "http://127.0.0.1:$etcd_client/metrics")
  fi
  "$storebench" ingest --locator "$locator" --clusters "$clusters" --service scale --prefix scale- --capacity 1000000000 \
    --concurrency "$concurrency" --warm-up "$warmup" --phases "steady:$seconds" --pids "$pids" "${metrics[@]}" "$@" >"$out"
}

perf_report=""
register_all() {
  "$storebench" register --locator "$locator" --clusters "$clusters" --service scale --prefix scale- --capacity 1000000000 >/dev/null
}
for s in "${stores[@]}"; do
  [[ $s == etcd ]] && start_etcd

  # (1) Reports only, the locator's defaults (lease 3 s): its CPU and RSS, etcd's puts, renewals and CPU.
  echo "== $s store, reports: a locator with the default lease, $clusters clusters of service 'scale' at 1 Hz" >&2
  start_locator "$s"
  register_all
  "$root/bench/wait-quiet.sh" || true
  ingest "$s" "$first_warmup" "$tmp/warm-$s.txt"
  for r in $(seq "$rounds"); do
    out=$tmp/reports-$s-$r.txt
    meter_start
    ingest "$s" "$duration" "$out" &
    ingest_pid=$!
    if [[ $perf_on == 1 && $s == memory && $r == 1 ]]; then
      # Sampled in the middle of the measured phase (after StoreBench's registration and warm-up).
      (sleep $((warmup + 6)); perf record -F 499 -g -p "${pid_of[locator]}" -o "$tmp/perf.data" -- sleep $((duration / 2)) >/dev/null 2>&1) &
      perf_pid=$!
    fi
    rss[$s,$r]=$(peak_rss_while "$ingest_pid")
    wait "$ingest_pid" || true # a failed report is counted in StoreBench's output, not a reason to lose the figures
    other[$s,reports,$r]=$(meter_other_cores)
    if [[ -n ${perf_pid:-} ]]; then
      wait "$perf_pid" || true
      perf_pid=""
      perf_report=$tmp/perf.data
    fi
    cores[$s,$r]=$(field "$out" cpu_locator_cores)
    reports[$s,$r]=$(field "$out" reports_per_s)
    failed[$s,$r]=$(field "$out" failed)
    if [[ $s == etcd ]]; then
      puts[$r]=$(field "$out" puts_per_s); renewals[$r]=$(field "$out" renewals_per_s); etcd_cores[$r]=$(field "$out" cpu_etcd_cores)
    fi
    printf '   %-6s round %d: %5.0f reports/s: locator %s cores, peak RSS %s MB%s, others %s cores\n' \
      "$s" "$r" "${reports[$s,$r]}" "${cores[$s,$r]}" "${rss[$s,$r]}" \
      "$([[ $s == etcd ]] && echo ", etcd ${etcd_cores[$r]} cores, ${puts[$r]} puts/s, ${renewals[$r]} renewals/s")" "${other[$s,reports,$r]}" >&2
  done
  grep -c -E 'warn|fail|crit' "$tmp/locator-$s.log" >"$tmp/warnings-$s" || true
  stop locator

  # (2) Locate p99, idle against busy. A lease of 2 minutes, so the clusters stay placeable through an
  # idle window with no report (with the default 3 s lease they would expire in it).
  echo "== $s store, locate: a locator with --lease 2m, idle against busy" >&2
  start_locator "$s" --lease 2m
  register_all
  "$root/bench/wait-quiet.sh" || true
  wrk -t"$threads" -c"$connections" -d"${first_warmup}s" "$(locate_url)" >/dev/null
  for r in $(seq "$rounds"); do
    register_all
    meter_start
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$(locate_url)" >"$tmp/idle-$s-$r.txt"
    other[$s,idle,$r]=$(meter_other_cores)
    p99[$s,$r]=$(wrk_p99 "$tmp/idle-$s-$r.txt")
    rps[$s,$r]=$(awk '/^Requests\/sec:/ { print $2 }' "$tmp/idle-$s-$r.txt")

    # wrk starts once StoreBench has registered and warmed up, and ends before the reports do.
    out=$tmp/busy-$s-$r.txt
    ingest "$s" $((duration + 6)) "$out" &
    ingest_pid=$!
    for _ in $(seq 600); do grep -q '^registered=' "$out" 2>/dev/null && break; sleep 0.1; done
    sleep $((warmup + 2))
    meter_start
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$(locate_url)" >"$tmp/busy-wrk-$s-$r.txt"
    other[$s,busy,$r]=$(meter_other_cores)
    wait "$ingest_pid" || true # a failed report is counted in StoreBench's output, not a reason to lose the figures
    busy_p99[$s,$r]=$(wrk_p99 "$tmp/busy-wrk-$s-$r.txt")
    busy_rps[$s,$r]=$(awk '/^Requests\/sec:/ { print $2 }' "$tmp/busy-wrk-$s-$r.txt")
    busy_reports[$s,$r]=$(field "$out" reports_per_s)
    printf '   %-6s round %d: idle p99 %6.0f us (%6.0f req/s) | busy p99 %6.0f us (%6.0f req/s, %5.0f reports/s) | others %s/%s cores\n' \
      "$s" "$r" "${p99[$s,$r]}" "${rps[$s,$r]}" "${busy_p99[$s,$r]}" "${busy_rps[$s,$r]}" "${busy_reports[$s,$r]}" "${other[$s,idle,$r]}" "${other[$s,busy,$r]}" >&2
  done
  stop locator
  [[ $s == etcd ]] && stop etcd
done

# ---- where the locator's CPU goes while reports pour in (memory store) ---------------------------
perf_table=""
if [[ -n $perf_report && -s $perf_report ]]; then
  perf_table=$tmp/perf.md
  # Self time by symbol (awk reads to the end: perf killed by a closed pipe would fail the script); the managed frames resolve through the runtime's perf map (DOTNET_PerfMapEnabled).
  perf report -i "$perf_report" --no-children --sort sym --stdio -g none 2>/dev/null |
    awk '/^ +[0-9.]+%/ { pct = $1; $1 = ""; $2 = ""; sub(/^ +/, ""); gsub(/\|/, "\\|"); if (match($0, /[A-Za-z0-9_.`+<>]+::[^(]+/)) $0 = substr($0, RSTART, RLENGTH); if (length($0) > 140) $0 = substr($0, 1, 140) "…"; if (n++ < 15) printf "| %s | `%s` |\n", pct, $0 }' >"$perf_table"
  perf report -i "$perf_report" --no-children --sort dso --stdio -g none 2>/dev/null |
    awk '/^ +[0-9.]+%/ { printf "%s %s; ", $2, $1 }' >"$tmp/perf-dso.txt"
fi

# ---- summary -----------------------------------------------------------------------------------
vals() { local a=$1 s=$2 r; for r in $(seq "$rounds"); do eval "echo \${$a[$s,$r]}"; done; }
max_other=$(for k in "${!other[@]}"; do echo "${other[$k]}"; done | sort -g | tail -1)
section=$tmp/section.md
{
  echo "## Scale: 10 000 clusters reporting at 1 Hz"
  echo
  echo "Reproduce: \`bench/run-scale.sh\` (about $(((${#stores[@]} * (2 * first_warmup + rounds * (3 * duration + 3 * warmup + 40))) / 60 + 1)) minutes after the build)."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  "$root/bench/machine-info.sh"
  echo "- wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')${etcd_version:+, etcd $etcd_version (one member, data under /tmp, fsync on)}, from Debian; everything on loopback, on the same 2 cores."
  echo "- Locator: \`clusterlocator locator ${locator_flags[*]}\` with \`--store memory\` or \`--store etcd://… --store-prefix /scale/\`." \
    "\`--max-clusters $((clusters + 100))\` and \`--max-clusters-per-service $clusters\` make room for $clusters clusters of one service" \
    "(the defaults are 10 000 clusters in all and 1 000 a service); \`--report-interval 1s\` is the default, said for clarity." \
    "The reports are measured on a locator with the default lease (3 × the interval, 3 s: what etcd's lease renewals depend on);" \
    "idle and busy locates on a second locator with \`--lease 2m\`, so the clusters stay placeable through an idle window without reports."
  [[ $perf_on == 1 ]] && echo "- Both with \`DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0\` (PERF=1: perf resolves JIT-compiled frames only so)."
  echo "- Reports: \`bench/ClusterLocator.StoreBench ingest --clusters $clusters --service scale --concurrency $concurrency --phases steady:N\`:" \
    "cluster i reports at i/N of every second (paced, the same load every time, so each report of a known cluster is accepted), over $concurrency HTTP connections;" \
    "registration and a ${warmup} s warm-up are not measured. CPU is the locator's utime + stime over the measured window; RSS is its peak VmRSS, sampled every 0.2 s."
  echo "- Locate: \`wrk -t$threads -c$connections -d${duration}s --latency\` on \`GET /v1/locate?service=scale\` (policy \`best\`, $clusters candidates)." \
    "**idle**: no reports; **busy**: while the reports run. First ${first_warmup} s of each load discarded; $rounds rounds; medians."
  echo "- Other processes took up to $max_other cores during a measured window (the machine is shared; figures are of this run)."
  echo
  echo "| store | round | idle req/s | idle p99 | reports/s | locator cores | peak RSS | busy req/s | busy p99 | busy / idle p99 |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for s in "${stores[@]}"; do
    for r in $(seq "$rounds"); do
      awk -v s="$s" -v r="$r" -v a="${rps[$s,$r]}" -v b="${p99[$s,$r]}" -v c="${reports[$s,$r]}" -v d="${cores[$s,$r]}" -v e="${rss[$s,$r]}" \
        -v f="${busy_rps[$s,$r]}" -v g="${busy_p99[$s,$r]}" \
        'BEGIN { printf "| %s | %d | %.0f | %.0f µs | %.0f | %.2f | %d MB | %.0f | %.0f µs | %.2f |\n", s, r, a, b, c, d, e, f, g, g / b }'
    done
  done
  echo
  declare -A m_p99 m_busy m_cores m_rss
  for s in "${stores[@]}"; do
    m_p99[$s]=$(median $(vals p99 "$s")); m_busy[$s]=$(median $(vals busy_p99 "$s"))
    m_cores[$s]=$(median $(vals cores "$s")); m_rss[$s]=$(median $(vals rss "$s"))
    p_ratio=$(ratio "${m_busy[$s]}" "${m_p99[$s]}")
    p_ok=$(awk -v r="$p_ratio" 'BEGIN { print (r <= 1.5) ? "met" : "missed" }')
    line="**$s store** (medians): idle p99 $(printf '%.0f' "${m_p99[$s]}") µs, busy p99 $(printf '%.0f' "${m_busy[$s]}") µs: ratio **$p_ratio** (target ≤ 1.5), $p_ok."
    line="$line Locator while $(median $(vals reports "$s")) reports/s arrive: **${m_cores[$s]} cores**, peak RSS **${m_rss[$s]} MB**"
    if [[ $s == memory ]]; then
      c_ok=$(awk -v c="${m_cores[$s]}" -v m="${m_rss[$s]}" 'BEGIN { print (c < 0.5 && m < 200) ? "met" : "missed" }')
      line="$line (target under 0.5 core and 200 MB), $c_ok."
    else
      line="$line; etcd **$(median "${etcd_cores[@]}") cores**, **$(median "${puts[@]}") puts/s**, **$(median "${renewals[@]}") lease renewals/s** (etcd's \`etcd_mvcc_put_total\` and \`etcd_debugging_lease_renewed_total\`)."
    fi
    echo "$line Reports that failed in the measured windows: $(vals failed "$s" | awk '{ t += $1 } END { print t + 0 }')." \
      "Log lines at warning or above: $(cat "$tmp/warnings-$s") (among them clusters expiring between windows, with no report for 3.5 s)."
    echo
  done
  if [[ -n $perf_table ]]; then
    echo "Where the locator's CPU goes while the reports arrive (memory store, round 1, \`perf record -F 499 -g\` for $((duration / 2)) s, self time by symbol; by object: $(cat "$tmp/perf-dso.txt"))"
    echo
    echo "| share | symbol |"
    echo "|---:|---|"
    cat "$perf_table"
    echo
  fi
} >"$section"

echo
cat "$section"
if [[ -z ${NO_DOC:-} ]]; then
  "$root/bench/update-doc-section.sh" scale <"$section"
fi
