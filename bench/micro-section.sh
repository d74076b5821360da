#!/usr/bin/env bash
# Prints the docs/performance.md section for a BenchmarkDotNet run of LocateDecisionBenchmarks:
#   micro-section.sh REPORT-github.md "COMMAND" OTHER-CORES
# The table is BenchmarkDotNet's own; the summary below it is derived from the same figures.
set -euo pipefail

report=$1
command=$2
other=$3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

echo "## Micro: one locate decision (\`ClusterSelector.Select\`)"
echo
echo "Reproduce: \`$command\` (about 4 minutes; \`--job default\` for tighter error bars, about 15)."
echo
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
"$root/bench/machine-info.sh"
echo "- Other processes used $other cores on average during the run (measured by the script; the benchmark itself takes about 1)."
echo "- What: \`ClusterSelector.Select\` over the \`ClusterEntry[]\` of one service (eligibility, health," \
  "the policy or the key, counting the placement), with random loads (sessions, cpu, memory, members)" \
  "and capacities of 0.5–1 × 2^30 so that the placed count never fills a cluster during a run." \
  "Policies draw from \`Random.Shared\` as in the locator host. \`key\` is the affinity path" \
  "(rendezvous hashing; \`?key=user-4711\`). The baseline is a plain linear max over a \`double[]\` of the same length," \
  "run in the same session, so \`Ratio\` is the decision's cost over the least a decision must do."
echo
echo "BenchmarkDotNet's report:"
echo
# BenchmarkDotNet's environment block and table, without its bold markers.
sed 's/\*\*//g' "$report"
echo

awk -F'|' '
  function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); gsub(/\*\*/, "", s); return s }
  /^\| *Method/ {
    for (i = 2; i < NF; i++) col[trim($i)] = i
    header = 1; next
  }
  header && /^\|[-: |]+$/ { next }
  header && /^\|/ {
    m = trim($(col["Method"])); if (m == "") next
    n = trim($(col["Clusters"]))
    mean = trim($(col["Median [ns]"])); gsub(/,/, "", mean)
    alloc = trim($(col["Allocated [B]"])); gsub(/,/, "", alloc); if (alloc == "-") alloc = 0
    if (!(m in seen)) { seen[m] = 1; order[++methods] = m }
    if (!(n in seenN)) { seenN[n] = 1; sizes[++nsizes] = n }
    med[m, n] = mean; al[m, n] = alloc
    if (n == 100 && m != "baseline") {
      if (mean + 0 >= 1000 || alloc + 0 > 0) { missed = missed (missed == "" ? " " : ", ") sprintf("%s (%s ns, %s B)", m, fmt(mean), alloc) }
      if (mean + 0 > worst) worst = mean + 0
    }
  }
  function fmt(v) { return (v + 0 >= 100) ? sprintf("%.0f", v) : sprintf("%.1f", v) }
  END {
    printf "Per decision: median, its ratio to the baseline median in the same run, bytes allocated.\n\n| decision |"
    for (j = 1; j <= nsizes; j++) printf " %s clusters |", sizes[j]
    printf "\n|---|"
    for (j = 1; j <= nsizes; j++) printf "---:|"
    printf "\n"
    for (i = 1; i <= methods; i++) {
      printf "| %s |", order[i]
      for (j = 1; j <= nsizes; j++) {
        n = sizes[j]; b = med["baseline", n]
        printf " %s ns (%s×), %s B |", fmt(med[order[i], n]), (b > 0 ? sprintf("%.1f", med[order[i], n] / b) : "?"), al[order[i], n]
      }
      printf "\n"
    }
    printf "\nTarget (a decision well under 1 µs at 100 clusters, 0 bytes allocated): "
    if (missed == "") printf "**met**: the slowest decision at 100 clusters takes %s ns (median) and none allocates.\n", fmt(worst)
    else printf "**missed** by:%s.\n", missed
  }
' "$report"
