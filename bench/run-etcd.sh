#!/usr/bin/env bash
# The etcd store: (a) GET /v1/locate throughput of a locator on etcd against one on the memory store,
# same machine, alternating rounds; (b) report ingestion into etcd with 1 000 simulated clusters
# reporting every second (steady health, then health moving every report, then flat out), etcd's
# puts and lease renewals counted from its /metrics, and the lag until a second locator lists a
# newly registered cluster. Starts its own single-member etcd on free ports with a temporary data
# folder and stops it.
#
#   bench/run-etcd.sh
#
# Settings (environment): ROUNDS=3 DURATION=10 WARMUP=5 FIRST_WARMUP=20 THREADS=1 CONNECTIONS=32
#   LOCATE_CLUSTERS=100  clusters registered for (a)
#   INGEST_CLUSTERS=1000 simulated clusters for (b); PHASES=idle:10,steady:30,moving:30,flat:20
#   ETCD_FLAGS=""        more etcd flags, e.g. --unsafe-no-fsync to see what fsync costs
#   NO_DOC=1             print the summary only; leave docs/performance.md alone
# Installs wrk, curl and etcd-server from Debian when they are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${ROUNDS:-3}
duration=${DURATION:-10}
warmup=${WARMUP:-5}
first_warmup=${FIRST_WARMUP:-20}
threads=${THREADS:-1}
connections=${CONNECTIONS:-32}
locate_clusters=${LOCATE_CLUSTERS:-100}
ingest_clusters=${INGEST_CLUSTERS:-1000}
phases=${PHASES:-idle:10,steady:30,moving:30,flat:20}

# ---- tools -------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null || ! command -v curl >/dev/null || ! command -v ss >/dev/null || ! command -v etcd >/dev/null; then
  echo "== installing wrk, curl, iproute2, etcd-server from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk curl iproute2 etcd-server >/dev/null
fi

# ---- build -------------------------------------------------------------------------------------
echo "== building the CLI and the store benchmark (Release)" >&2
dotnet build -c Release "$root/src/ClusterLocator.Cli" -nologo -v quiet >&2
dotnet build -c Release "$root/bench/ClusterLocator.StoreBench" -nologo -v quiet >&2

# ---- everything started here stops on exit -----------------------------------------------------
tmp=$(mktemp -d /tmp/clusterlocator-etcd-bench.XXXXXX)
source "$root/bench/stop-on-exit.sh"

source "$root/bench/free-port.sh"

# Run copies of the builds, so a rebuild while this runs cannot change the programs under test.
cp -r "$root/src/ClusterLocator.Cli/bin/Release/net10.0" "$tmp/cli"
cp -r "$root/bench/ClusterLocator.StoreBench/bin/Release/net10.0" "$tmp/storebench"
cli=$tmp/cli/clusterlocator
storebench=$tmp/storebench/ClusterLocator.StoreBench

# ---- etcd --------------------------------------------------------------------------------------
etcd_client=$(free_port)
etcd_peer=$(free_port)
etcd_version=$(etcd --version 2>/dev/null | awk '/etcd Version/ { print $3 }')
echo "== starting etcd $etcd_version on 127.0.0.1:$etcd_client (data in $tmp/etcd)" >&2
etcd --name bench --data-dir "$tmp/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-cluster "bench=http://127.0.0.1:$etcd_peer" --initial-cluster-state new --initial-cluster-token bench \
  --logger zap --log-outputs stderr --log-level error ${ETCD_FLAGS:-} 2>"$tmp/etcd.log" &
pid_of[etcd]=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$etcd_client/health" 2>/dev/null | grep -q true && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$etcd_client/health" | grep -q true
store=etcd://127.0.0.1:$etcd_client

start_locator() { # name args... (sets $started_url; not in a subshell, so pid_of keeps the pid)
  local name=$1 port url
  shift
  port=$(free_port)
  url=http://127.0.0.1:$port
  "$cli" locator --urls "$url" "$@" >"$tmp/$name.log" 2>&1 &
  pid_of[$name]=$!
  for _ in $(seq 150); do
    curl -fsS -o /dev/null "$url/readyz" 2>/dev/null && break
    kill -0 "${pid_of[$name]}" 2>/dev/null || { cat "$tmp/$name.log" >&2; exit 1; }
    sleep 0.2
  done
  curl -fsS -o /dev/null "$url/readyz"
  started_url=$url
}

# ---- (a) locate: etcd store against memory store -----------------------------------------------
echo "== (a) locate throughput: a locator on the memory store and one on etcd, $locate_clusters clusters each" >&2
common=(--policy best --warm-up 0s --report-interval 1m --lease 3m --client-rate 0)
declare -A url_of
start_locator memory "${common[@]}" --store memory
url_of[memory]=$started_url
start_locator etcd-a "${common[@]}" --store "$store" --store-prefix /bench-locate/
url_of[etcd]=$started_url
register() { # target
  "$storebench" register --locator "${url_of[$1]}" --clusters "$locate_clusters" --service bench --prefix bench- --capacity 1000000000 >/dev/null
}
for t in memory etcd; do register "$t"; done
curl -fsS "${url_of[etcd]}/v1/status" >"$tmp/status-etcd.json"
grep -q '"kind":"etcd"' "$tmp/status-etcd.json" || { echo "the etcd locator does not say it uses etcd: $(cat "$tmp/status-etcd.json")" >&2; exit 1; }

source "$root/bench/wrk-units.sh"
source "$root/bench/cpu-meter.sh"
declare -A rps p99 other stale
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
run_wrk() { # target round
  local t=$1 r=$2 url out
  url="${url_of[$t]}/v1/locate?service=bench"
  out=$tmp/wrk-$t-$r.txt
  register "$t"
  wrk -t"$threads" -c"$connections" -d"${warmup}s" "$url" >/dev/null
  meter_start
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url" >"$out"
  other[$t,$r]=$(meter_other_cores)
  if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
    echo "wrk saw errors against $t:" >&2; cat "$out" >&2; exit 1
  fi
  rps[$t,$r]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p99[$t,$r]=$(to_us "$(awk '$1 == "99%" { print $2 }' "$out")")
  stale[$t,$r]=$(curl -fsS "$url" | grep -o '"stale":[a-z]*')
  printf '   %-6s round %d: %8.0f req/s  p99 %6.0f us  others %.2f cores  %s\n' "$t" "$r" "${rps[$t,$r]}" "${p99[$t,$r]}" "${other[$t,$r]}" "${stale[$t,$r]}" >&2
}
"$root/bench/wait-quiet.sh" || true
echo "== warming both up: ${first_warmup}s of load each, discarded" >&2
for t in memory etcd; do wrk -t"$threads" -c"$connections" -d"${first_warmup}s" "${url_of[$t]}/v1/locate?service=bench" >/dev/null; done
for r in $(seq "$rounds"); do
  order=(memory etcd)
  ((r % 2)) || order=(etcd memory)
  for t in "${order[@]}"; do run_wrk "$t" "$r"; done
done
declare -A m_rps m_p99
for t in memory etcd; do
  m_rps[$t]=$(median $(for r in $(seq "$rounds"); do echo "${rps[$t,$r]}"; done))
  m_p99[$t]=$(median $(for r in $(seq "$rounds"); do echo "${p99[$t,$r]}"; done))
done
max_other=$(for k in "${!other[@]}"; do echo "${other[$k]}"; done | sort -g | tail -1)
stop memory
stop etcd-a

# ---- (b) ingestion ----------------------------------------------------------------------------
echo "== (b) ingestion: $ingest_clusters clusters reporting to locator A, locator B watching; phases $phases" >&2
start_locator ingest-a --warm-up 0s --store "$store" --store-prefix /bench-ingest/
ingest_a=$started_url
start_locator ingest-b --warm-up 0s --store "$store" --store-prefix /bench-ingest/
ingest_b=$started_url
"$root/bench/wait-quiet.sh" || true
"$storebench" ingest --locator "$ingest_a" --observer "$ingest_b" --clusters "$ingest_clusters" \
  --etcd-metrics "http://127.0.0.1:$etcd_client/metrics" \
  --pids "etcd:${pid_of[etcd]},a:${pid_of[ingest-a]},b:${pid_of[ingest-b]}" --phases "$phases" >"$tmp/ingest.txt" || ingest_status=$?
cat "$tmp/ingest.txt" >&2
# A failed check (a report refused, a lag probe timed out, B missing clusters at the end) is a
# finding to write down, not a reason to lose the figures; the script still exits 1 after writing.
ingest_status=${ingest_status:-0}
warnings_a=$(grep -c -E 'warn|fail|crit' "$tmp/ingest-a.log" || true)
warnings_b=$(grep -c -E 'warn|fail|crit' "$tmp/ingest-b.log" || true)
curl -fsS "$ingest_a/v1/status" >"$tmp/status-a.json"

# ---- summary -----------------------------------------------------------------------------------
field() { # phase key
  awk -v p="phase=$1" -v k="$2" '$1 == p { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$tmp/ingest.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
section=$tmp/section.md
{
  echo "## etcd store: locate throughput and report ingestion"
  echo
  echo "Reproduce: \`bench/run-etcd.sh\` (about $(((2 * first_warmup + rounds * 2 * (warmup + duration) + 150) / 60 + 1)) minutes after the build)."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  "$root/bench/machine-info.sh"
  echo "- etcd $etcd_version from Debian, one member, data folder under /tmp (${ETCD_FLAGS:-fsync on, the default}; mean WAL fsync in the steady phase $(field steady fsync_mean_ms) ms); wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }'); everything on loopback, on the same 2 cores."
  echo "- The machine was shared with other sessions' builds and tests; other processes took up to $max_other cores during the locate runs. Figures are of this run only; the ratios are what to read."
  echo
  echo "### (a) \`GET /v1/locate\`, etcd store against memory store"
  echo
  echo "Two locators, \`clusterlocator locator --policy best --warm-up 0s --report-interval 1m --lease 3m --client-rate 0\`, one with \`--store memory\`, one with \`--store $store\`; $locate_clusters clusters of service \`bench\` (capacity 10^9, so placements never fill one) registered through each (re-registered before every run). \`wrk -t$threads -c$connections -d${duration}s --latency\`, first ${first_warmup} s of load on each discarded, a ${warmup} s run before each measured run discarded; $rounds rounds, alternating which goes first."
  echo
  echo "| round | memory req/s | p99 | etcd req/s | p99 |"
  echo "|---|---:|---:|---:|---:|"
  for r in $(seq "$rounds"); do
    awk -v r="$r" -v a="${rps[memory,$r]}" -v b="${p99[memory,$r]}" -v c="${rps[etcd,$r]}" -v d="${p99[etcd,$r]}" 'BEGIN { printf "| %d | %.0f | %.0f µs | %.0f | %.0f µs |\n", r, a, b, c, d }'
  done
  awk -v a="${m_rps[memory]}" -v b="${m_p99[memory]}" -v c="${m_rps[etcd]}" -v d="${m_p99[etcd]}" 'BEGIN { printf "| **median** | **%.0f** | **%.0f µs** | **%.0f** | **%.0f µs** |\n", a, b, c, d }'
  echo
  echo "etcd over memory: requests/s **$(ratio "${m_rps[etcd]}" "${m_rps[memory]}")**, p99 **$(ratio "${m_p99[etcd]}" "${m_p99[memory]}")**. Answers during the runs: memory \`${stale[memory,1]}\`, etcd \`${stale[etcd,1]}\`."
  echo
  echo "### (b) Report ingestion into etcd"
  echo
  echo "Two locators on the same etcd and prefix, defaults (\`--report-interval 1s\`, lease 3 s, so a lease keep-alive is due every 0.5 s): A receives the reports, B only watches. \`bench/ClusterLocator.StoreBench ingest\` simulates $ingest_clusters clusters over $(awk '/^clusters=/ { for (i = 1; i <= NF; i++) if ($i ~ /^concurrency=/) { split($i, kv, "="); print kv[2] } }' "$tmp/ingest.txt") HTTP connections; each phase runs 5 s unmeasured, then measured. Phases: **idle** (no reports; only the lag probe), **steady** (every cluster reports every second, the same load), **moving** (every second, cpu 0.2 and 0.5 by turns, so health moves by 0.3 and every report must be written), **flat** (as fast as the connections go, the same load). etcd counters are deltas of its \`/metrics\` over the measured window; cores are CPU time over the window. **Lag**: every 0.5 s a new cluster is registered at A and B's \`GET /v1/clusters\` is polled every millisecond until it lists it."
  echo
  echo "| phase | reports/s accepted | report p50 / p99 | etcd puts/s | lease renewals/s | keep-alive streams/s | lease grants/s | raft proposals/s | WAL fsync mean | lag p50 / p99 / max | cores: etcd, A, B |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for p in $(echo "$phases" | tr ',' ' '); do
    p=${p%%:*}
    printf '| %s | %s | %s / %s ms | %s | %s | %s | %s | %s | %s ms | %s / %s / %s ms | %s, %s, %s |\n' "$p" \
      "$(field "$p" reports_per_s)" "$(field "$p" report_p50_ms || true)" "$(field "$p" report_p99_ms || true)" \
      "$(printf '%.0f' "$(field "$p" puts_per_s)")" "$(printf '%.0f' "$(field "$p" renewals_per_s)")" "$(printf '%.0f' "$(field "$p" keepalive_streams_per_s)")" \
      "$(printf '%.1f' "$(field "$p" grants_per_s)")" "$(printf '%.0f' "$(field "$p" proposals_per_s)")" "$(field "$p" fsync_mean_ms)" \
      "$(field "$p" lag_p50_ms)" "$(field "$p" lag_p99_ms)" "$(field "$p" lag_max_ms)" \
      "$(field "$p" cpu_etcd_cores)" "$(field "$p" cpu_a_cores)" "$(field "$p" cpu_b_cores)"
  done
  echo
  echo "Failed reports: $(awk '/^phase=/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "failed") s += kv[2] } } END { print s + 0 }' "$tmp/ingest.txt"); lag probes that timed out (10 s): $(awk '/^phase=/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "lag_timeouts") s += kv[2] } } END { print s + 0 }' "$tmp/ingest.txt"); active clusters B listed at the end: $(awk -F= '/^observer_active_clusters=/ { print $2 }' "$tmp/ingest.txt") of $ingest_clusters. Log lines at warning or above: A $warnings_a, B $warnings_b. A's store status at the end: \`$(grep -o '"store":{[^}]*}' "$tmp/status-a.json")\`."
} >"$section"

echo
cat "$section"
if [[ -z ${NO_DOC:-} ]]; then
  "$root/bench/update-doc-section.sh" etcd <"$section"
fi
if ((ingest_status != 0)); then
  echo "the ingestion checks failed (see the figures above); logs kept in $tmp" >&2
  trap - EXIT
  for p in "${pid_of[@]}"; do kill "$p" 2>/dev/null; done
  exit 1
fi
