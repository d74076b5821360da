#!/usr/bin/env bash
# Locate throughput in the first seconds after start: a fresh locator per run, GET /v1/locate driven by
# wrk from the moment it answers /healthz and has its clusters, against the same process's steady rate.
#
#   bench/run-startup.sh
#
# Per run: start the locator, register the clusters, then `wrk -d${FIRST}s` at once (the first
# seconds), ${SETTLE}s more load (discarded), then `wrk -d${STEADY}s` (the steady rate); the ratio
# first/steady is the figure. Each variant below gets a fresh process per round; rounds alternate
# the variants' order; medians.
#
# Settings (environment): ROUNDS=3 FIRST=5 SETTLE=25 STEADY=5 THREADS=1 CONNECTIONS=32
#   VARIANTS="default r2r ..."  the variants to measure, from the table in variant() below
#   NO_DOC=1                    print the summary only; leave docs/performance.md alone
# Installs wrk and curl from Debian when they are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${ROUNDS:-3}
first=${FIRST:-5}
settle=${SETTLE:-25}
steady=${STEADY:-5}
threads=${THREADS:-1}
connections=${CONNECTIONS:-32}
variants=(${VARIANTS:-default r2r tc-delay-0 r2r+tc-delay-0 tc-off pgo-off gc-nonconcurrent})
clusters=10
capacity=1000000000

# name → "build|environment": build is fd (framework-dependent `dotnet build -c Release`, what
# `dotnet run` and the tool package run) or r2r (`dotnet publish -r linux-x64 -p:PublishReadyToRun=true`).
variant() {
  case $1 in
    default) echo "fd|" ;;
    r2r) echo "r2r|" ;;
    tc-delay-0) echo "fd|DOTNET_TC_CallCountingDelayMs=0" ;;
    r2r+tc-delay-0) echo "r2r|DOTNET_TC_CallCountingDelayMs=0" ;;
    tc-off) echo "fd|DOTNET_TieredCompilation=0" ;;
    r2r+tc-off) echo "r2r|DOTNET_TieredCompilation=0" ;;
    pgo-off) echo "fd|DOTNET_TieredPGO=0" ;;
    r2r+pgo-off) echo "r2r|DOTNET_TieredPGO=0" ;;
    quick-jit-loops-off) echo "fd|DOTNET_TC_QuickJitForLoops=0" ;;
    quick-jit-off) echo "fd|DOTNET_TC_QuickJit=0" ;;
    gc-nonconcurrent) echo "fd|DOTNET_gcConcurrent=0" ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
}

# ---- tools -------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null || ! command -v curl >/dev/null || ! command -v ss >/dev/null; then
  echo "== installing wrk, curl, iproute2 from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk curl iproute2 >/dev/null
fi

tmp=$(mktemp -d /tmp/clusterlocator-startup-bench.XXXXXX)
source "$root/bench/stop-on-exit.sh"

# ---- build -------------------------------------------------------------------------------------
# Copies of the builds, so a rebuild of src/ while this runs cannot change the program under test.
need_r2r=0
for v in "${variants[@]}"; do [[ $(variant "$v") == r2r* ]] && need_r2r=1; done
echo "== building the CLI (Release)" >&2
dotnet build -c Release "$root/src/ClusterLocator.Cli" -nologo -v quiet >&2
cp -r "$root/src/ClusterLocator.Cli/bin/Release/net10.0" "$tmp/fd"
rm -rf "$tmp/fd/publish" "$tmp/fd/linux-x64"
if ((need_r2r)); then
  echo "== publishing the CLI ReadyToRun (linux-x64, framework-dependent)" >&2
  dotnet publish "$root/src/ClusterLocator.Cli" -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o "$tmp/r2r" -nologo -v quiet >&2
fi

source "$root/bench/free-port.sh"

register() { # locator-url
  local i cpu
  for i in $(seq 0 $((clusters - 1))); do
    cpu=$(printf '0.%02d' $((30 + 2 * i)))
    curl -fsS -o /dev/null -X PUT -H 'Content-Type: application/json' "$1/v1/clusters/bench-0$i" --data @- <<JSON
{ "service": "bench", "incarnation": "bench-run", "seq": 1,
  "endpoints": [ { "protocol": "tcp", "address": "127.0.0.1:$((9100 + i))" },
                 { "protocol": "http", "address": "http://127.0.0.1:$((9200 + i))" } ],
  "zone": "z1", "state": "active",
  "load": { "sessions": $((100 * i)), "capacity": $capacity, "cpu": $cpu, "memory": 0.20,
            "healthyMembers": 3, "members": 3 } }
JSON
  done
}

source "$root/bench/cpu-meter.sh"
rate() { # wrk output file
  if grep -q -e 'Non-2xx' -e 'Socket errors' "$1"; then
    echo "wrk saw errors:" >&2; cat "$1" >&2; exit 1
  fi
  awk '/^Requests\/sec:/ { print $2 }' "$1"
}
declare -A first_rps steady_rps ready_ms other
run_one() { # variant round
  local v=$1 r=$2 spec build env_vars port url t0 pid
  spec=$(variant "$v"); build=${spec%%|*}; env_vars=${spec#*|}
  port=$(free_port); url=http://127.0.0.1:$port
  t0=$(date +%s%N)
  env $env_vars "$tmp/$build/clusterlocator" locator --urls "$url" --warm-up 0s --report-interval 1m --lease 3m \
    --client-rate 0 >"$tmp/locator-$v-$r.log" 2>&1 &
  pid=$!
  pid_of[locator]=$pid
  for _ in $(seq 200); do
    curl -fsS -o /dev/null "$url/healthz" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/locator-$v-$r.log" >&2; exit 1; }
    sleep 0.05
  done
  ready_ms[$v,$r]=$((($(date +%s%N) - t0) / 1000000))
  register "$url"
  meter_start
  wrk -t"$threads" -c"$connections" -d"${first}s" "$url/v1/locate?service=bench" >"$tmp/first-$v-$r.txt"
  wrk -t"$threads" -c"$connections" -d"${settle}s" "$url/v1/locate?service=bench" >/dev/null
  wrk -t"$threads" -c"$connections" -d"${steady}s" "$url/v1/locate?service=bench" >"$tmp/steady-$v-$r.txt"
  other[$v,$r]=$(meter_other_cores)
  kill "$pid" && wait "$pid" 2>/dev/null || true
  unset "pid_of[locator]"
  first_rps[$v,$r]=$(rate "$tmp/first-$v-$r.txt")
  steady_rps[$v,$r]=$(rate "$tmp/steady-$v-$r.txt")
  printf '   %-18s round %d: ready in %5d ms, first %ss %8.0f req/s, steady %8.0f req/s, ratio %.2f, others %.2f cores\n' \
    "$v" "$r" "${ready_ms[$v,$r]}" "$first" "${first_rps[$v,$r]}" "${steady_rps[$v,$r]}" \
    "$(awk -v a="${first_rps[$v,$r]}" -v b="${steady_rps[$v,$r]}" 'BEGIN { print a / b }')" "${other[$v,$r]}" >&2
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

"$root/bench/wait-quiet.sh"
echo "== ${#variants[@]} variants × $rounds rounds, a fresh locator each: wrk -t$threads -c$connections, first ${first}s, ${settle}s discarded, steady ${steady}s" >&2
for r in $(seq "$rounds"); do
  order=("${variants[@]}")
  ((r % 2)) || order=($(printf '%s\n' "${variants[@]}" | tac))
  for v in "${order[@]}"; do run_one "$v" "$r"; done
done

# ---- summary -----------------------------------------------------------------------------------
vals() { local v=$1 arr=$2 r; for r in $(seq "$rounds"); do eval "echo \${$arr[\$v,\$r]}"; done; }
ratios() { local v=$1 r; for r in $(seq "$rounds"); do awk -v a="${first_rps[$v,$r]}" -v b="${steady_rps[$v,$r]}" 'BEGIN { print a / b }'; done; }
max_other=$(for v in "${variants[@]}"; do vals "$v" other; done | sort -g | tail -1)
section=$tmp/section.md
{
  echo "## Locate in the first seconds"
  echo
  echo "Reproduce: \`bench/run-startup.sh\` (about $((rounds * ${#variants[@]} * (first + settle + steady + 3) / 60 + 1)) minutes after the builds)."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  "$root/bench/machine-info.sh"
  echo "- wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }') from Debian"
  echo "- Per run: a fresh \`clusterlocator locator --warm-up 0s --report-interval 1m --lease 3m --client-rate 0\`" \
    "(Release), $clusters clusters of service \`bench\` registered with \`PUT /v1/clusters/…\` once \`/healthz\` answers;" \
    "then at once \`wrk -t$threads -c$connections -d${first}s\` on \`GET /v1/locate?service=bench\` (**first**)," \
    "${settle} s more of the same load (discarded), then \`-d${steady}s\` (**steady**)." \
    "$rounds rounds, each variant a fresh process per round, the order alternating; medians (of the ratio per run, not the ratio of medians)."
  echo "- Builds: **fd** is \`dotnet build -c Release\` (framework-dependent, what \`dotnet run\` and the tool package run);" \
    "**r2r** is \`dotnet publish src/ClusterLocator.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true\`" \
    "(the project's own assemblies and its packages precompiled; the shared framework is ReadyToRun already)."
  echo "- Other processes took at most $max_other cores during a run (the machine was shared; figures are noisy)."
  echo
  echo "| variant | build | runtime environment | ready (ms) | first ${first} s req/s | steady req/s | first / steady | per round |"
  echo "|---|---|---|---:|---:|---:|---:|---|"
  for v in "${variants[@]}"; do
    spec=$(variant "$v"); build=${spec%%|*}; env_vars=${spec#*|}
    per_round=$(ratios "$v" | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }')
    awk -v v="$v" -v b="$build" -v e="${env_vars:-—}" -v rd="$(median $(vals "$v" ready_ms))" \
      -v f="$(median $(vals "$v" first_rps))" -v s="$(median $(vals "$v" steady_rps))" -v q="$(median $(ratios "$v"))" -v pr="$per_round" \
      'BEGIN { if (e != "—") e = "`" e "`"; printf "| %s | %s | %s | %.0f | %.0f | %.0f | %.2f | %s |\n", v, b, e, rd, f, s, q, pr }'
  done
} >"$section"

echo
cat "$section"
if [[ -z ${NO_DOC:-} ]]; then
  "$root/bench/update-doc-section.sh" startup <"$section"
fi
