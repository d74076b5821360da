#!/usr/bin/env bash
# Micro-benchmarks of the locate decision (ClusterSelector.Select over a service's DecisionIndex)
# and of applying one report, with BenchmarkDotNet.
#
#   bench/run-micro.sh                          every benchmark, short job (about 5 minutes on 2 cores);
#                                               updates the "micro" section of docs/performance.md
#   bench/run-micro.sh --filter '*Best*'        some of them; the docs are left alone
#   bench/run-micro.sh --job default            more iterations, tighter error bars (about 15 minutes)
#
# Arguments go to BenchmarkDotNet; --filter defaults to '*' and --job to
# 'short --iterationCount 9 --iterationTime 250'. NO_DOC=1 leaves the
# docs alone. Results: bench/results/micro/results/*-report-github.md (also .csv and .html).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
project=$root/bench/ClusterLocator.Benchmarks
results=$root/bench/results/micro
report=$results/results/ClusterLocator.Benchmarks.Placement.LocateDecisionBenchmarks-report-github.md
apply_report=$results/results/ClusterLocator.Benchmarks.Placement.ReportApplyBenchmarks-report-github.md

args=("$@")
full=1
if [[ " ${args[*]} " == *" --filter "* || " ${args[*]} " == *" -f "* ]]; then full=""; else args+=(--filter '*'); fi
# The short job with 9 iterations of 250 ms: a few noisy iterations on a shared VM then move the
# median little, and the whole run stays near 4 minutes.
[[ " ${args[*]} " == *" --job "* || " ${args[*]} " == *" -j "* ]] || args+=(--job short --iterationCount 9 --iterationTime 250)
[[ " ${args[*]} " == *" --job dry "* ]] && full=""
# BenchmarkDotNet builds a project of its own first; on a busy shared machine that passes its
# default 2-minute timeout.
[[ " ${args[*]} " == *" --buildTimeout "* ]] || args+=(--buildTimeout 900)

dotnet build -c Release "$project" -nologo -v quiet
rm -rf "$results"
mkdir -p "$results"
"$root/bench/wait-quiet.sh"
source "$root/bench/cpu-meter.sh"
meter_start
(cd "$project" && dotnet "bin/Release/net10.0/ClusterLocator.Benchmarks.dll" --artifacts "$results" "${args[@]}")
other=$(meter_other_cores)

echo
echo "== other processes used $other cores on average while it ran (of $(nproc); the benchmark itself takes about 1)"
echo "== results in $results/results/"
ls -1 "$results"/results/*-report-github.md 2>/dev/null || { echo "(no report: did the filter match nothing?)"; exit 1; }
if [[ -n $full && -f $report ]]; then
  printf -v shown '%q ' "$@"
  section=$("$root/bench/micro-section.sh" "$report" "bench/run-micro.sh${*:+ $shown}" "$other" "$apply_report")
  echo
  echo "$section"
  [[ -n ${NO_DOC:-} ]] || "$root/bench/update-doc-section.sh" micro <<<"$section"
fi
