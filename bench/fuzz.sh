#!/usr/bin/env bash
# The fuzz proof: a real `clusterlocator locator` on a free loopback port, its log captured, and
# bench/ClusterLocator.Fuzz sending it REQUESTS seeded, structurally mutated requests (reports and
# their mutations, framing, heads, odd targets, locate and list queries) from parallel keep-alive
# connections. Fails (exit 1) on any 5xx but the API's own 503 "no eligible cluster" (and 505 to an
# HTTP version Kestrel does not speak), any registry listing that differs from what the answers
# imply (checked after every batch), any request left unanswered for 20 s, or any line of the
# locator's log that shows a fault (fail:, crit:, "unhandled", "exception").
#
#   bench/fuzz.sh                       # 1 000 000 requests, seed 1
#   REQUESTS=50000 SEED=7 bench/fuzz.sh
#
# Settings (environment): REQUESTS=1000000 SEED=1 CONNECTIONS=8 BATCH=20000
#   CLIENT_RATE=1000000  passed as --client-rate (one source sends it all)
#   DNS_PACKETS=1000000  then as many seeded malformed DNS packets at the locator's --dns (UDP, and TCP
#                        every batch), every well-formed probe between batches answered; 0 skips it
#   NO_DOC=1             print the summary only; leave docs/reliability.md alone
# Installs curl and iproute2 from Debian when they are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
requests=${REQUESTS:-1000000}
seed=${SEED:-1}
connections=${CONNECTIONS:-8}
batch=${BATCH:-20000}

if ! command -v curl >/dev/null || ! command -v ss >/dev/null; then
  echo "== installing curl, iproute2 from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl iproute2 >/dev/null
fi

echo "== building the CLI and the fuzzer (Release)" >&2
dotnet build -c Release "$root/src/ClusterLocator.Cli" -nologo -v quiet >&2
dotnet build -c Release "$root/bench/ClusterLocator.Fuzz" -nologo -v quiet >&2

tmp=$(mktemp -d /tmp/clusterlocator-fuzz.XXXXXX)
source "$root/bench/stop-on-exit.sh"

# Run copies of the builds, so a rebuild while this runs cannot change the programs under test.
cp -r "$root/src/ClusterLocator.Cli/bin/Release/net10.0" "$tmp/cli"
cp -r "$root/bench/ClusterLocator.Fuzz/bin/Release/net10.0" "$tmp/fuzz"
cli=$tmp/cli/clusterlocator

while :; do
  port=$((20000 + RANDOM % 12000)) # below the ephemeral range, where the fuzzer's connections take ports
  [[ -z $(ss -Htln "sport = :$port") ]] && break
done
url=http://127.0.0.1:$port

# Every flag the run depends on is explicit: a lease of an hour, so no cluster expires during the
# run and the model needs no clock; no warm-up, so locates are answered at once.
flags=(--urls "$url" --report-interval 1m --lease 1h --warm-up 0s)
# All requests come from 127.0.0.1: a per-client rate limit would answer most of them 429, which
# the fuzzer accepts, but which would leave the handlers behind it untested.
flags+=(--client-rate "${CLIENT_RATE:-1000000}")
# Locate over DNS: its interface on a second free port, fuzzed after the API.
dns_packets=${DNS_PACKETS:-1000000}
dns_port=$((port + 1))
flags+=(--dns "127.0.0.1:$dns_port")

echo "== starting the locator: clusterlocator locator ${flags[*]}" >&2
# Warning and above for the locator's own categories: every registration at Information would
# make the log (and the locator's work) grow with the run; faults are logged at Error or above.
Logging__LogLevel__Default=Warning NO_COLOR=1 "$cli" locator "${flags[@]}" >"$tmp/locator.log" 2>&1 &
pid_of[locator]=$!
for _ in $(seq 150); do
  curl -fsS -o /dev/null "$url/readyz" 2>/dev/null && break
  kill -0 "${pid_of[locator]}" 2>/dev/null || { cat "$tmp/locator.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS -o /dev/null "$url/readyz"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== fuzzing: $requests requests, seed $seed, $connections connections, registry checked every $batch" >&2
fuzz_status=0
"$tmp/fuzz/ClusterLocator.Fuzz" --locator "$url/" --requests "$requests" --seed "$seed" --connections "$connections" --batch "$batch" >"$tmp/fuzz.txt" || fuzz_status=$?
dns_status=0
if ((dns_packets > 0)); then
  echo "== fuzzing DNS: $dns_packets packets at 127.0.0.1:$dns_port, seed $seed" >&2
  "$tmp/fuzz/ClusterLocator.Fuzz" --dns "127.0.0.1:$dns_port" --requests "$dns_packets" --seed "$seed" --batch "$batch" >"$tmp/fuzz-dns.txt" || dns_status=$?
fi
rss_kib=$(awk '/^VmRSS/ { print $2 }' "/proc/${pid_of[locator]}/status")
kill "${pid_of[locator]}" && wait "${pid_of[locator]}" 2>/dev/null || true
unset "pid_of[locator]"

faults=$(grep -ciE 'fail:|crit:|unhandled|exception' "$tmp/locator.log" || true)
value() { awk -v k="$1" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$tmp/fuzz.txt" | head -1; }
findings=$(value findings)
passed=$([[ $fuzz_status == 0 && $dns_status == 0 && $faults == 0 ]] && echo yes || echo no)

section=$tmp/section.md
{
  echo "## Fuzz"
  echo
  if ((requests < 1000000)); then
    echo "**Short run** ($requests requests, to prove the script; the proof is the 1 000 000-request run)."
    echo
  fi
  echo "Reproduce: \`REQUESTS=$requests SEED=$seed bench/fuzz.sh\`."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  "$root/bench/machine-info.sh"
  echo "- Locator: \`clusterlocator locator ${flags[*]}\` (Release), log at Warning and above; fuzzer on the same cores, $connections connections. Load average when the run started: $load_before (other sessions' builds and tests share the cores: read req/s against it)."
  echo
  echo "| requests | seconds | req/s | 5xx (faults) | 503 no eligible cluster | 505 version | no answer | registry checks | findings | log fault lines | locator RSS at end | passed |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  echo "| $requests | $(value seconds) | $(value req_per_s) | $(value server_errors) | $(value no_eligible_503) | $(value version_505) | $(value no_answer) | $(value batches) | $findings | $faults | $((rss_kib / 1024)) MiB | **$passed** |"
  echo
  if ((dns_packets > 0)); then
    echo "DNS (\`--dns\`, seeded malformed packets over UDP and TCP, a well-formed probe over each after every batch): \`$(cat "$tmp/fuzz-dns.txt")\`."
    echo
  fi
  echo "Statuses: \`$(value statuses)\`. No answer (the locator closed the connection without a response, by kind): \`$(value no_answer_by_kind)\`."
  if [[ $passed != yes ]]; then
    echo
    echo "Findings (first ones; the whole output is in the run's log folder):"
    echo
    echo '```'
    grep -E '^(finding|    request)' "$tmp/fuzz.txt" | head -20 | cut -c1-400
    grep -m3 -A3 -iE 'fail:|crit:' "$tmp/locator.log" | cut -c1-300 || true
    echo '```'
  fi
} >"$section"

echo
cat "$tmp/fuzz.txt" | grep -v -E '^(finding|    request)' || true
echo
cat "$section"
if [[ -z ${NO_DOC:-} ]]; then
  DOC=$root/docs/reliability.md "$root/bench/update-doc-section.sh" fuzz <"$section"
fi
if [[ $passed != yes ]]; then
  echo "the fuzz checks failed: $findings finding(s), $faults log line(s) showing a fault; logs kept in $tmp" >&2
  trap - EXIT
  exit 1
fi
