#!/usr/bin/env bash
# The balance targets of docs/balance.md, checked with `clusterlocator simulate` (the real selector
# on virtual time): the simulator's fidelity against queueing theory and the reference model, and
# the product's levers against their targets. Writes the 'balance-targets' section of
# docs/balance.md and exits 1 when a target is missed. The end-to-end target is checked by an
# integration test over real sockets, not here: its row says which.
#
#   bench/run-balance.sh
#   ARRIVALS=300000 NO_DOC=1 bench/run-balance.sh    # quicker, less precise; summary only
#
# Settings (environment): ARRIVALS=1000000 SEED=1 NO_DOC=
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
arrivals=${ARRIVALS:-1000000}
seed=${SEED:-1}
tmp=$(mktemp -d /tmp/clusterlocator-balance.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

echo "== building the CLI (Release)" >&2
dotnet publish -c Release "$root/src/ClusterLocator.Cli" -o "$tmp/cli" -nologo -v quiet >&2
cli=$tmp/cli/clusterlocator

# simulate ARGS… prints the table; column 2 is the mean time in system, column 4 the ratio to jsq
# (when jsq ran) and the last column the reports per cluster per time unit. In the sessions model,
# column 3 is the worst gap between a cluster's placement share and its capacity share.
simulate() { "$cli" simulate --seed "$seed" "$@"; }
mean_of() { awk -v p="$1" '$1 == p { print $2 }'; }
ratio_of() { awk -v p="$1" '$1 == p { print $4 }'; }
reports_of() { awk -v p="$1" '$1 == p { print $NF }'; }
gap_of() { awk -v p="$1" '$1 == p { sub("%", "", $3); print $3 }'; }
# number VALUE: succeeds when VALUE is a decimal number. A figure the table did not give (empty, or
# text) must fail its row: awk would read it as 0 and pass an upper bound.
number() { [[ $1 =~ ^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$ ]]; }
# within VALUE REFERENCE PERCENT: yes when |value/reference - 1| <= percent/100; no when VALUE is not a number
within() {
  number "$1" || { echo no; return; }
  awk -v v="$1" -v r="$2" -v p="$3" 'BEGIN { d = v / r - 1; if (d < 0) d = -d; print (d <= p / 100 ? "yes" : "no") }'
}
# at_most VALUE MAX [VALUE…]: yes when VALUE <= MAX; no when VALUE or any further VALUE is not a number
at_most() {
  local v
  for v in "$1" "${@:3}"; do number "$v" || { echo no; return; }; done
  awk -v v="$1" -v m="$2" 'BEGIN { print (v <= m ? "yes" : "no") }'
}

rows=()
failed=0
row() { # target, command, measured, reference, passed
  rows+=("| $1 | \`$2\` | ${3:-(no figure)} | $4 | **$5** |")
  if [[ $5 == no ]]; then failed=1; fi
}

echo "== fidelity: jsq, 100 clusters, load 0.9" >&2
args="--policy jsq --arrivals $arrivals"
jsq=$(simulate $args | mean_of jsq)
row "fidelity: \`jsq\` mean time in system" "simulate $args" "$jsq" "1.075 ± 3 %" "$(within "$jsq" 1.075 3)"

echo "== fidelity: random, 10 clusters (M/M/1 at 0.9)" >&2
args="--policy random --clusters 10 --arrivals $((arrivals * 2))"
random=$(simulate $args | mean_of random)
row "fidelity: \`random\` is M/M/1, 1/(1−ρ)" "simulate $args" "$random" "10 ± 3 %" "$(within "$random" 10 3)"

for t in 1 0.1; do
  reference=$([[ $t == 1 ]] && echo 1.72 || echo 1.10)
  echo "== fidelity: one locator's best at T = $t" >&2
  args="--policy jsq,best --report-interval $t --arrivals $arrivals"
  ratio=$(simulate $args | ratio_of best)
  row "fidelity: one locator's \`best\` at T = $t (× \`jsq\`)" "simulate $args" "$ratio" "$reference ± 5 %" "$(within "$ratio" "$reference" 5)"
done

echo "== several locators: best, K = 3, T = 0.1, sharing placement counts (the product's default)" >&2
args="--policy jsq,best --report-interval 0.1 --locators 3 --arrivals $arrivals"
ratio=$(simulate $args | ratio_of best)
row "three locators' \`best\` at T = 0.1 (× \`jsq\`), as the product runs them (sharing every T/10)" "simulate $args" "$ratio" "≤ 1.15" "$(at_most "$ratio" 1.15)"

echo "== reference: the same, each locator counting only its own placements" >&2
args="--policy jsq,best --report-interval 0.1 --locators 3 --share-interval off --arrivals $arrivals"
ratio=$(simulate $args | ratio_of best)
row "reference: the same without sharing (× \`jsq\`)" "simulate $args" "$ratio" "1.27 ± 5 %" "$(within "$ratio" 1.27 5)"

echo "== change-triggered reports: best, T = 1, FLOOR = 0.1" >&2
args="--policy jsq,best --report-interval 1 --report-on-change 0.1 --arrivals $arrivals"
out=$(simulate $args)
ratio=$(ratio_of best <<<"$out")
reports=$(reports_of best <<<"$out")
periodic=1 # the periodic reports per cluster per time unit at T = 1
report_ratio=$(number "$reports" && awk -v r="$reports" -v p="$periodic" 'BEGIN { printf "%.2f", r / p }' || echo "?")
row "change-triggered reports, T = 1, FLOOR = 0.1 (× \`jsq\`), and the report rate they cost" "simulate $args" "$ratio at $reports reports per cluster per time unit (${report_ratio}× the periodic $periodic)" "≤ 1.15" "$(at_most "$ratio" 1.15 "$reports")"

echo "== sessions model: 20/40/60, 24 clients, 10^5 sessions" >&2
args="--model sessions --capacities 20,40,60 --clients 24 --policy best --arrivals 100000 --warm-up 10000"
gap=$(simulate $args | gap_of best)
row "sessions model 20/40/60, 24 clients: worst gap of a placement share to its capacity share (%)" "simulate $args" "$gap" "± 5 %" "$(at_most "$gap" 5)"

rows+=("| end to end: 3 000 locates through 3 locators vs water-filling | integration test (see \`tests/ClusterLocator.Integration.Tests/EndToEnd/BurstWaterFillingTests.cs\`) | integration test | ± 10 % | in the test suite |")

section=$tmp/section.md
{
  echo "## Targets"
  echo
  echo "Reproduce: \`bench/run-balance.sh\` (ARRIVALS=$arrivals, SEED=$seed; 100 clusters, load 0.9, sync reports unless said)."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  "$root/bench/machine-info.sh"
  echo
  echo "| target | command (\`clusterlocator …\`) | measured | target | passed |"
  echo "|---|---|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
} >"$section"

cat "$section"
if [[ -z ${NO_DOC:-} ]]; then
  DOC=$root/docs/balance.md "$root/bench/update-doc-section.sh" balance-targets <"$section"
fi
exit "$failed"
