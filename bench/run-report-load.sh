#!/usr/bin/env bash
# The cost of change-triggered reports (controller --report-on-change), with real processes: one
# locator, CONTROLLERS `clusterlocator controller` processes fronting two echo members each, and
# CLIENTS soak clients opening short TCP sessions through them (locate, connect, 32 bytes echoed,
# close, think THINK_MS ± 50 %). For each setting of FLOORS (`off` = reports every interval only) the
# controllers are started afresh, run DURATION seconds under the clients, and stopped; the locator
# stays. Prints, per setting, the reports the locator accepted per second (its /metrics), the
# locator's and the controllers' CPU seconds over the run, and with STORE=etcd the puts etcd took
# per second (its /metrics). Then the controller's own cost of the checks: idle controllers (no
# session, nothing moving), one per setting of IDLE_FLOORS, side by side for DURATION seconds, and
# their CPU seconds. Writes the section 'report-load-STORE' of docs/balance.md (appended at the end
# when absent).
#
#   bench/run-report-load.sh
#   STORE=etcd FLOORS="off 100ms" bench/run-report-load.sh
#
# Settings (environment): DURATION=30 CONTROLLERS=3 CLIENTS=50 THINK_MS=100 INTERVAL=1s
#   FLOORS="off 100ms 20ms" IDLE_FLOORS="off 100ms 10ms" STORE=memory|etcd NO_DOC=1 (print only)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
duration=${DURATION:-30}
controllers=${CONTROLLERS:-3}
clients=${CLIENTS:-50}
think_ms=${THINK_MS:-100}
interval=${INTERVAL:-1s}
floors=${FLOORS:-off 100ms 20ms}
idle_floors=${IDLE_FLOORS:-off 100ms 10ms}
store=${STORE:-memory}

echo "== building the CLI and the soak driver (Release)" >&2
dotnet build -c Release "$root/src/ClusterLocator.Cli" -nologo -v quiet >&2
dotnet build -c Release "$root/bench/ClusterLocator.Soak" -nologo -v quiet >&2

tmp=$(mktemp -d /tmp/clusterlocator-report-load.XXXXXX)
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
cpu_ticks() { # pid… → utime + stime of those processes, in clock ticks
  local p sum=0
  for p in "$@"; do
    sum=$((sum + $(sed 's/.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 }')))
  done
  echo "$sum"
}
accepted_reports() { # the locator's count of accepted reports
  curl -fsS "$locator/metrics" | awk '/^clusterlocator_reports/ && /result="accepted"/ { s += $NF } END { printf "%d\n", s }'
}
etcd_puts() {
  if [[ $store == etcd ]]; then
    curl -fsS "http://127.0.0.1:$etcd_client/metrics" | awk '/^etcd_mvcc_put_total/ { s += $NF } END { printf "%d\n", s }'
  else
    echo 0
  fi
}

locator_flags=(--report-interval "$interval" --warm-up 0s --client-rate 1000000)
if [[ $store == etcd ]]; then
  etcd_client=$(free_port)
  etcd_peer=$(free_port)
  echo "== starting etcd on 127.0.0.1:$etcd_client" >&2
  etcd --name load --data-dir "$tmp/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "load=http://127.0.0.1:$etcd_peer" --initial-cluster-state new --initial-cluster-token load \
    --logger zap --log-outputs stderr --log-level error 2>"$tmp/etcd.log" &
  pid_of[etcd]=$!
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$etcd_client/health" 2>/dev/null | grep -q true && break
    sleep 0.1
  done
  locator_flags+=(--store "etcd://127.0.0.1:$etcd_client" --store-prefix /load/)
fi

locator=http://127.0.0.1:$(free_port)
NO_COLOR=1 "$cli" locator --urls "$locator" "${locator_flags[@]}" >"$tmp/locator.log" 2>&1 &
pid_of[locator]=$!
wait_http "$locator/readyz" locator
echo "== locator $locator (clusterlocator locator ${locator_flags[*]})" >&2

member_args=()
declare -A members_of listen_of
for c in $(seq "$controllers"); do
  m1=$(free_port); m2=$(free_port)
  member_args+=(--listen "127.0.0.1:$m1" --listen "127.0.0.1:$m2")
  members_of[$c]="127.0.0.1:$m1 127.0.0.1:$m2"
  listen_of[$c]=$(free_port)
done
"$soak" echo "${member_args[@]}" >"$tmp/members.log" 2>&1 &
pid_of[members]=$!

rows=()
for floor in $floors; do
  change=()
  [[ $floor == off ]] || change=(--report-on-change "$floor")
  pids=()
  for c in $(seq "$controllers"); do
    args=()
    for m in ${members_of[$c]}; do args+=(--member "$m"); done
    # No host usage: on a shared machine a busy CPU would set every health to 0 and nothing would be placed.
    NO_COLOR=1 "$cli" controller --cluster "ctl-$c" --service load --capacity 1000 --drain-timeout 1s --no-host-usage \
      --listen "tcp://127.0.0.1:${listen_of[$c]}" --locator "$locator" --report-interval "$interval" \
      "${change[@]}" "${args[@]}" >>"$tmp/controller-$c.log" 2>&1 &
    pid_of[controller-$c]=$!
    pids+=($!)
  done
  # Registered everywhere before the clients start; the start-up reports are not counted.
  for _ in $(seq 100); do
    [[ $(curl -fsS "$locator/v1/clusters?service=load" | grep -o '"id"' | wc -l) -ge $controllers ]] && break
    sleep 0.1
  done
  sleep 2

  echo "== --report-on-change $floor: $controllers controllers, $clients clients, ${duration}s" >&2
  reports0=$(accepted_reports) puts0=$(etcd_puts)
  locator0=$(cpu_ticks "${pid_of[locator]}") controllers0=$(cpu_ticks "${pids[@]}")
  start=$(date +%s.%N)
  "$soak" run --locators "$locator" --service load --clusters 0 --clients "$clients" --duration "$duration" --think-ms "$think_ms" >"$tmp/driver-$floor.txt" 2>"$tmp/driver-$floor.log"
  elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
  reports1=$(accepted_reports) puts1=$(etcd_puts)
  locator1=$(cpu_ticks "${pid_of[locator]}") controllers1=$(cpu_ticks "${pids[@]}")
  sessions=$(awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "sessions") print kv[2] } }' "$tmp/driver-$floor.txt" | head -1)

  for c in $(seq "$controllers"); do
    kill "${pid_of[controller-$c]}" 2>/dev/null && wait "${pid_of[controller-$c]}" 2>/dev/null || true
    unset "pid_of[controller-$c]"
  done

  row=$(awk -v f="$floor" -v r=$((reports1 - reports0)) -v p=$((puts1 - puts0)) -v l=$((locator1 - locator0)) \
    -v c=$((controllers1 - controllers0)) -v t="$(getconf CLK_TCK)" -v e="$elapsed" -v n="$controllers" -v s="${sessions:-?}" -v etcd="$store" \
    'BEGIN { printf "| `%s` | %s | %.1f | %.2f | %.2f | %.2f | %s |", f, s, r / e, r / e / n, l / t, c / t, (etcd == "etcd" ? sprintf("%.1f", p / e) : "–") }')
  echo "$row" >&2
  rows+=("$row")
done

echo "== idle controllers: --report-on-change ${idle_floors// /, }, ${duration}s" >&2
declare -A idle_pid
for floor in $idle_floors; do
  change=()
  [[ $floor == off ]] || change=(--report-on-change "$floor")
  NO_COLOR=1 "$cli" controller --cluster "idle-${floor}" --service idle --capacity 10 --no-host-usage \
    --listen "tcp://127.0.0.1:$(free_port)" --member "${members_of[1]%% *}" --locator "$locator" --report-interval "$interval" \
    "${change[@]}" >>"$tmp/idle-$floor.log" 2>&1 &
  pid_of[idle-$floor]=$!
  idle_pid[$floor]=$!
done
sleep 10 # past start-up and the JIT's first tiers
declare -A idle0
for floor in $idle_floors; do idle0[$floor]=$(cpu_ticks "${idle_pid[$floor]}"); done
sleep "$duration"
idle_rows=()
for floor in $idle_floors; do
  idle_rows+=("$(awk -v f="$floor" -v c=$(($(cpu_ticks "${idle_pid[$floor]}") - idle0[$floor])) -v t="$(getconf CLK_TCK)" -v e="$duration" \
    'BEGIN { printf "| `%s` | %.2f | %.1f |", f, c / t, c / t / e * 100 }')")
done

table="| \`--report-on-change\` | sessions | reports/s at the locator | per controller | locator CPU s | controllers' CPU s (all) | etcd puts/s |
|---|---|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")

An idle controller (no session; one locator) over ${duration}s:

| \`--report-on-change\` | controller CPU s | % of a core |
|---|---|---|
$(printf '%s\n' "${idle_rows[@]}")"
echo "$table"

if [[ -z ${NO_DOC:-} ]]; then
  body="Measured by \`bench/run-report-load.sh\` (DURATION=$duration CONTROLLERS=$controllers CLIENTS=$clients THINK_MS=$think_ms INTERVAL=$interval STORE=$store) on $(date -u +%Y-%m-%d):

$("$root/bench/machine-info.sh")

$table"
  DOC="$root/docs/balance.md" "$root/bench/update-doc-section.sh" "report-load-$store" <<<"$body"
fi
