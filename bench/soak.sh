#!/usr/bin/env bash
# The soak proof: 3 locators on one etcd, CLUSTERS clusters reporting every second (CONTROLLERS real
# `clusterlocator controller` processes fronting echo members, the rest simulated by the driver: an
# in-process echo listener each as front door, reports to a home locator with failover), and CLIENTS
# SDK clients opening sessions in a loop (LocatorClient.ConnectTcpAsync with all three locators, 32
# bytes echoed, close, think THINK_MS ± 50 %) for DURATION. At 40 % of it one controller is killed
# with SIGKILL and restarted 5 s later; at 60 % one locator. Measures failed session set-ups through
# the SDK (target 0), each locator's RSS every 10 s (the last minute within 10 % of the second), the
# p99 of GET /v1/locate timed by a probe (20 a second, locators in turn), and writes the results
# into docs/reliability.md.
#
#   bench/soak.sh                                         # 10 minutes, 1 000 clusters, 1 000 clients
#   DURATION=60 CLUSTERS=200 CLIENTS=100 bench/soak.sh    # a short run
#
# Settings (environment): DURATION=600 (seconds) CLUSTERS=1000 CLIENTS=1000 CONTROLLERS=3 THINK_MS=1000
#   CLIENT_RATE=1000000  passed as --client-rate: every client is 127.0.0.1
#   NO_DOC=1             print the summary only; leave docs/reliability.md alone
# Installs curl, iproute2 and etcd-server from Debian when they are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
duration=${DURATION:-600}
clusters=${CLUSTERS:-1000}
clients=${CLIENTS:-1000}
controllers=${CONTROLLERS:-3}
think_ms=${THINK_MS:-1000}

if ! command -v curl >/dev/null || ! command -v ss >/dev/null || ! command -v etcd >/dev/null; then
  echo "== installing curl, iproute2, etcd-server from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl iproute2 etcd-server >/dev/null
fi

echo "== building the CLI and the soak driver (Release)" >&2
dotnet build -c Release "$root/src/ClusterLocator.Cli" -nologo -v quiet >&2
dotnet build -c Release "$root/bench/ClusterLocator.Soak" -nologo -v quiet >&2

tmp=$(mktemp -d /tmp/clusterlocator-soak.XXXXXX)
source "$root/bench/stop-on-exit.sh"
cp -r "$root/src/ClusterLocator.Cli/bin/Release/net10.0" "$tmp/cli"
cp -r "$root/bench/ClusterLocator.Soak/bin/Release/net10.0" "$tmp/soak"
cli=$tmp/cli/clusterlocator
soak=$tmp/soak/ClusterLocator.Soak

source "$root/bench/free-port.sh"
wait_http() { # url name
  for _ in $(seq 150); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return
    kill -0 "${pid_of[$2]}" 2>/dev/null || { cat "$tmp/$2.log" >&2; exit 1; }
    sleep 0.2
  done
  curl -fsS -o /dev/null "$1"
}
event() { echo "$(($(date +%s) - start_s)) $*" >>"$tmp/events.txt"; echo "== $(($(date +%s) - start_s))s: $*" >&2; }

# ---- etcd --------------------------------------------------------------------------------------
etcd_client=$(free_port)
etcd_peer=$(free_port)
etcd_version=$(etcd --version 2>/dev/null | awk '/etcd Version/ { print $3 }')
echo "== starting etcd $etcd_version on 127.0.0.1:$etcd_client" >&2
etcd --name soak --data-dir "$tmp/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-cluster "soak=http://127.0.0.1:$etcd_peer" --initial-cluster-state new --initial-cluster-token soak \
  --logger zap --log-outputs stderr --log-level error 2>"$tmp/etcd.log" &
pid_of[etcd]=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$etcd_client/health" 2>/dev/null | grep -q true && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$etcd_client/health" | grep -q true

# ---- locators ----------------------------------------------------------------------------------
# Flags the soak depends on are explicit: the default report interval and lease (1 s, 3 s), no warm-up.
locator_flags=(--store "etcd://127.0.0.1:$etcd_client" --store-prefix /soak/ --report-interval 1s --lease 3s --warm-up 0s)
# Every client and cluster is 127.0.0.1: a per-client limit would count them all as one client.
locator_flags+=(--client-rate "${CLIENT_RATE:-1000000}")
# All the clusters are one service: room for them and for a killed controller's restart.
locator_flags+=(--max-clusters-per-service "$((clusters * 2))")
declare -A url_of
start_locator() { # name (port from url_of when restarting)
  local name=$1
  [[ -n ${url_of[$name]:-} ]] || url_of[$name]=http://127.0.0.1:$(free_port)
  NO_COLOR=1 "$cli" locator --urls "${url_of[$name]}" "${locator_flags[@]}" >>"$tmp/$name.log" 2>&1 &
  pid_of[$name]=$!
  echo "${pid_of[$name]}" >"$tmp/$name.pid"
  wait_http "${url_of[$name]}/readyz" "$name"
}
for l in locator-1 locator-2 locator-3; do start_locator "$l"; done
locators="${url_of[locator-1]},${url_of[locator-2]},${url_of[locator-3]}"
echo "== locators: $locators (clusterlocator locator ${locator_flags[*]})" >&2

# ---- real controllers and their echo members ---------------------------------------------------
member_args=()
declare -A members_of listen_of
for c in $(seq "$controllers"); do
  m1=$(free_port); m2=$(free_port)
  member_args+=(--listen "127.0.0.1:$m1" --listen "127.0.0.1:$m2")
  members_of[$c]="127.0.0.1:$m1 127.0.0.1:$m2"
  listen_of[$c]=$(free_port)
done
if ((controllers > 0)); then
  "$soak" echo "${member_args[@]}" >"$tmp/members.log" 2>&1 &
  pid_of[members]=$!
fi
start_controller() { # n
  local n=$1 args=()
  for m in ${members_of[$n]}; do args+=(--member "$m"); done
  for l in locator-1 locator-2 locator-3; do args+=(--locator "${url_of[$l]}"); done
  NO_COLOR=1 "$cli" controller --cluster "ctl-$n" --service soak --capacity 1000 --drain-timeout 1s --listen "tcp://127.0.0.1:${listen_of[$n]}" "${args[@]}" >>"$tmp/controller-$n.log" 2>&1 &
  pid_of[controller-$n]=$!
}
for c in $(seq "$controllers"); do start_controller "$c"; done

# ---- memory sampler ----------------------------------------------------------------------------
start_s=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$tmp/events.txt"
(
  while :; do
    for l in locator-1 locator-2 locator-3; do
      rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$(cat "$tmp/$l.pid")/status" 2>/dev/null || echo 0)
      echo "$(($(date +%s) - start_s)) $l $rss"
    done
    sleep 10
  done
) >"$tmp/rss.txt" &
pid_of[sampler]=$!

# ---- the drive, and the kills ------------------------------------------------------------------
echo "== driving: $((clusters - controllers)) simulated clusters + $controllers controllers, $clients clients, ${duration}s" >&2
"$soak" run --locators "$locators" --service soak --clusters $((clusters - controllers)) --clients "$clients" --duration "$duration" --think-ms "$think_ms" >"$tmp/driver.txt" 2>"$tmp/driver.log" &
driver=$!
pid_of[driver]=$driver

# Done here, not in the background, so the restarted processes' pids land in pid_of.
killed_controller="" killed_locator=""
while kill -0 "$driver" 2>/dev/null; do
  now=$(($(date +%s) - start_s))
  if ((controllers > 0)) && [[ -z $killed_controller ]] && ((now >= duration * 4 / 10)); then
    kill -9 "${pid_of[controller-1]}" && event "kill -9 controller ctl-1"
    wait "${pid_of[controller-1]}" 2>/dev/null || true
    killed_controller=yes
    sleep 5
    start_controller 1
    event "restarted controller ctl-1"
  fi
  if [[ -z $killed_locator ]] && ((now >= duration * 6 / 10)); then
    kill -9 "${pid_of[locator-2]}" && event "kill -9 locator-2"
    wait "${pid_of[locator-2]}" 2>/dev/null || true
    killed_locator=yes
    sleep 5
    start_locator locator-2
    event "restarted locator-2"
  fi
  sleep 1
done
driver_status=0
wait "$driver" || driver_status=$?
unset "pid_of[driver]"
cat "$tmp/driver.log" >&2

# ---- results -----------------------------------------------------------------------------------
value() { awk -v k="$1" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$tmp/driver.txt" | head -1; }
# Memory: the mean RSS over the second minute against the last minute (for a run under 3 minutes,
# the second fifth against the last fifth). locator-2 is restarted along the way, so its figures span
# two processes and are shown, not judged.
if ((duration >= 180)); then early_from=60 early_to=120 late_from=$((duration - 60)); else early_from=$((duration / 5)) early_to=$((2 * duration / 5)) late_from=$((4 * duration / 5)); fi
memory_rows="" memory_ok=yes
for l in locator-1 locator-2 locator-3; do
  read -r early late < <(awk -v l="$l" -v a="$early_from" -v b="$early_to" -v c="$late_from" -v d="$duration" '
    $2 == l && $3 > 0 && $1 >= a && $1 < b { e += $3; ne++ }
    $2 == l && $3 > 0 && $1 >= c && $1 <= d { t += $3; nt++ }
    END { printf "%.0f %.0f\n", ne ? e / ne / 1024 : 0, nt ? t / nt / 1024 : 0 }' "$tmp/rss.txt")
  change=$(awk -v a="$early" -v b="$late" 'BEGIN { if (a > 0) printf "%+.1f", (b - a) * 100 / a; else print "n/a" }')
  verdict=$(awk -v a="$early" -v b="$late" 'BEGIN { print (a > 0 && b <= a * 1.10) ? "yes" : "no" }')
  if [[ $l == locator-2 ]]; then
    verdict="(restarted)"
  elif ((duration < 180)); then
    verdict="$verdict (not judged: too short)" # the first minutes are start-up: JIT, pools, etcd's watch
  elif [[ $verdict != yes ]]; then
    memory_ok=no
  fi
  faults=$(grep -ciE 'fail:|crit:|unhandled' "$tmp/$l.log" || true)
  memory_rows+="| $l | $early MiB | $late MiB | $change % | $verdict | $faults |"$'\n'
done
failed=$(value failed_setups)
short=$([[ $duration -lt 600 || $clusters -lt 1000 || $clients -lt 1000 ]] && echo yes || echo no)
passed=$([[ $failed == 0 && $memory_ok == yes ]] && echo yes || echo no)

section=$tmp/section.md
{
  echo "## Soak"
  echo
  if [[ $short == yes ]]; then
    echo "**Short run** (${duration} s, $clusters clusters, $clients clients, to prove the script; the proof is the 10-minute run with 1 000 and 1 000)."
    echo
  fi
  echo "Reproduce: \`DURATION=$duration CLUSTERS=$clusters CLIENTS=$clients bench/soak.sh\`."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  "$root/bench/machine-info.sh"
  echo "- etcd $etcd_version from Debian, one member; 3 locators \`clusterlocator locator ${locator_flags[*]}\`; $controllers controllers (\`--capacity 1000\`, 2 echo members each, reporting to all 3 locators) and $((clusters - controllers)) simulated clusters (capacity 1000); $clients clients, think ${think_ms} ms ± 50 %; everything on loopback, on the same cores; load average when the run started: $load_before."
  echo "- Events (seconds from the start): $(awk '{ $1 = $1 "s:"; print }' "$tmp/events.txt" | paste -sd ';' | sed 's/;/; /g')."
  echo
  echo "| sessions | failed set-ups | set-up p50 / p99 | locate p50 / p99 / max (probe) | locate probes | reports accepted / failed | passed |"
  echo "|---:|---:|---:|---:|---:|---:|---|"
  echo "| $(value sessions) | **$failed** | $(value setup_p50_ms) / $(value setup_p99_ms) ms | $(value locate_p50_ms) / **$(value locate_p99_ms)** / $(value locate_max_ms) ms | $(value locate_samples) | $(value reports_accepted) / $(value reports_failed) | **$passed** |"
  echo
  echo "Failed set-ups by phase, reason and second of the run: \`$(value failed_reasons)\`. Probes not answered 200: \`$(value probe_other)\` (a killed locator is unreachable until it restarts). Failed simulated reports (after trying every locator): \`$(value report_failures)\`."
  echo
  echo "Locator memory (RSS, mean of the samples every 10 s; early window ${early_from}-${early_to} s, late window ${late_from}-${duration} s):"
  echo
  echo "| locator | early | late | change | within 10 % | log lines fail/crit/unhandled |"
  echo "|---|---:|---:|---:|---|---:|"
  printf '%s' "$memory_rows"
} >"$section"

echo
cat "$section"
if [[ -z ${NO_DOC:-} ]]; then
  DOC=$root/docs/reliability.md "$root/bench/update-doc-section.sh" soak <"$section"
fi
if [[ $passed != yes ]]; then
  echo "the soak checks failed (failed set-ups: $failed, memory within 10 %: $memory_ok); logs kept in $tmp" >&2
  trap - EXIT
  stop_started
  exit 1
fi
