#!/usr/bin/env bash
# Prints the docs/performance.md section for a BenchmarkDotNet run of LocateDecisionBenchmarks
# (and ReportApplyBenchmarks, when its report is given):
#   micro-section.sh REPORT-github.md "COMMAND" OTHER-CORES [APPLY-REPORT-github.md]
# The table is BenchmarkDotNet's own; the summary below it is derived from the same figures.
set -euo pipefail

report=$1
command=$2
other=$3
apply=${4:-}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

echo "## Micro: one locate decision (\`ClusterSelector.Select\`) and one report"
echo
echo "Reproduce: \`$command\` (about 5 minutes; \`--job default\` for tighter error bars, about 15)."
echo
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
"$root/bench/machine-info.sh"
echo "- Other processes used $other cores on average during the run (measured by the script; the benchmark itself takes about 1)."
echo "- What: \`ClusterSelector.Select\` over the \`DecisionIndex\` of one service, kept as the registry keeps it" \
  "(eligibility, health, the policy or the key, counting the placement, which updates the index), with random loads" \
  "(sessions, cpu, memory, members) and capacities of 0.5–1 × 2^30 so that the placed count never fills a cluster during a run." \
  "Policies draw from \`Random.Shared\` as in the locator host. \`key\` is the affinity path" \
  "(multi-probe consistent hashing, \`AffinityRing\`; \`?key=user-4711\`). \`weighted\` still scans the service (it is not in the target)." \
  "The baseline is a plain linear max over a \`double[]\` of the same length, run in the same session:" \
  "\`Ratio\` below 1 means the decision reads less than one value per cluster."
echo "- How the index works: a tournament tree of each cluster's health once it takes the session (\`best\`," \
  "O(log n), an even draw among equals), the eligible slots in id order (\`p2c\`, \`round-robin\`: the same draws as before)," \
  "and a ring of one point per cluster probed 21 times (\`key\`). A placement updates one leaf; a report of a known cluster" \
  "replaces its slot in place. Requests with \`exclude\`, a protocol not every cluster offers, or a zone when the" \
  "service spans several, are answered by the scan, O(n), as before."
echo
echo "BenchmarkDotNet's report:"
echo
# BenchmarkDotNet's environment block and table, without its bold markers.
sed 's/\*\*//g' "$report"
echo

awk -F'|' '
  BEGIN { targeted["best"]; targeted["p2c"]; targeted["key"]; targeted["round-robin"] }
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
    if (m in targeted && (n == 100 || n == 10000)) {
      limit = (n == 100) ? 100 : 1000
      if (mean + 0 > limit || alloc + 0 > 0) { missed = missed (missed == "" ? " " : ", ") sprintf("%s at %s (%s ns, %s B)", m, n, fmt(mean), alloc) }
      if (mean + 0 > worst[n]) worst[n] = mean + 0
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
        r = (b > 0) ? med[order[i], n] / b : -1
        printf " %s ns (%s×), %s B |", fmt(med[order[i], n]), (r < 0 ? "?" : sprintf(r < 0.1 ? "%.3f" : "%.1f", r)), al[order[i], n]
      }
      printf "\n"
    }
    printf "\nTarget (issue 13, item 3: for best, p2c, key and round-robin, a decision ≤ 100 ns at 100 clusters and ≤ 1 µs at 10 000, 0 bytes allocated): "
    if (missed == "") printf "**met**: the slowest takes %s ns at 100 clusters and %s ns at 10 000 (medians), and none allocates.\n", fmt(worst[100]), fmt(worst[10000])
    else {
      printf "**missed** by:%s.\n", missed
      rr = med["round-robin", 100]
      printf "\nWhy: every decision over the index pays the same floor, which `round-robin` shows (%s ns at 100 clusters):" \
        " the request check, the chosen cluster'"'"'s state, and counting the placement (two interlocked adds on the entry, the index'"'"'s" \
        " lock, one leaf of the tree). `p2c` adds two draws from `Random.Shared` (a thread-static lookup each), `key` hashes the key" \
        " and makes 21 successor lookups on the ring. Neither grows with the clusters: at 10 000 they stay far under 1 µs. What would" \
        " reach 100 ns at 100 on a busy machine: a lock-free leaf update (compare-and-swap up the tree, retried on a version)" \
        " instead of the index'"'"'s lock, one interlocked add per placement (the unshared count derived from the placed count" \
        " and what was handed out), a per-thread generator for the draws, and for `key` cheaper probes (one multiply each) rather" \
        " than fewer: fewer cost balance (simulating this ring at 100 clusters, the busiest takes 1.16× the mean share with 21" \
        " probes, 1.26× with 11).\n", fmt(rr)
    }
  }
' "$report"

if [[ -n $apply && -f $apply ]]; then
  echo
  echo "### One report of a known cluster"
  echo
  echo "\`ReportApplyBenchmarks\`: the memory store's write, the registry's checks, the new entry and its slot in the index" \
    "(two alternating reports per cluster, so none is taken for an echo and no report is allocated by the benchmark)."
  echo
  sed -n '/^| *Method/,$p' "$apply" | sed 's/\*\*//g'
  echo
  awk -F'|' '
    function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); gsub(/\*\*/, "", s); return s }
    /^\| *Method/ { for (i = 2; i < NF; i++) col[trim($i)] = i; header = 1; next }
    header && /^\|[-: |]+$/ { next }
    header && /^\|/ {
      n = trim($(col["Clusters"])); v = trim($(col["Median [ns]"])); gsub(/,/, "", v)
      if (n == 10000) big = v + 0
    }
    END {
      if (big > 0) {
        cores = big * 10000 / 1e9
        printf "At 10 000 clusters reporting at 1 Hz (10 000 reports/s) applying them costs %.0f ns × 10 000/s = **%.3f core**, " \
          "against the 0.5 core issue 13 item 5 allows the whole locator (reading the request, JSON, the store and the rest are measured there).\n", big, cores
      }
    }
  ' "$apply"
fi
