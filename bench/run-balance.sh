#!/usr/bin/env bash
# The balance targets of docs/balance.md, checked with `clusterlocator simulate` (the real selector
# on virtual time): the simulator's fidelity against queueing theory and the reference model, and
# the product's levers against their targets. Writes the 'balance-targets' section of
# docs/balance.md and exits 1 when a built target is missed. Targets whose lever is not built yet
# are listed as such, never as passed.
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

# simulate ARGS… prints the table; column 2 is the mean time in system, column 4 the ratio to jsq.
simulate() { "$cli" simulate --seed "$seed" "$@"; }
mean_of() { awk -v p="$1" '$1 == p { print $2 }'; }
ratio_of() { awk -v p="$1" '$1 == p { print $4 }'; }
# within VALUE REFERENCE PERCENT: yes when |value/reference - 1| <= percent/100
within() { awk -v v="$1" -v r="$2" -v p="$3" 'BEGIN { d = v / r - 1; if (d < 0) d = -d; print (d <= p / 100 ? "yes" : "no") }'; }
at_most() { awk -v v="$1" -v m="$2" 'BEGIN { print (v <= m ? "yes" : "no") }'; }

rows=()
failed=0
row() { # target, command, measured, reference, passed
  rows+=("| $1 | \`$2\` | $3 | $4 | **$5** |")
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

echo "== several locators: best, K = 3, T = 0.1" >&2
args="--policy jsq,best --report-interval 0.1 --locators 3 --arrivals $arrivals"
ratio=$(simulate $args | ratio_of best)
row "three locators' \`best\` at T = 0.1 (× \`jsq\`), as the product runs them" "simulate $args" "$ratio" "≤ 1.15" "$(at_most "$ratio" 1.15)"

rows+=("| change-triggered reports, T = 1, FLOOR = 0.1 (× \`jsq\`) | \`simulate --report-on-change 0.1\` | not built yet | ≤ 1.15 | not built |")
rows+=("| sessions model 20/40/60, placement share vs capacity share | \`simulate --model sessions\` | not built yet | ± 5 % | not built |")
rows+=("| end to end: 3 000 locates through 3 locators vs water-filling | integration test | not built yet | ± 10 % | not built |")

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
