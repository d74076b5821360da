# Sourced by the bench scripts: how much CPU other processes took while a benchmark ran, so a figure
# measured on a busy machine says so. "Ours" is this script's process group, live or reaped.
#   meter_start; …benchmark…; meter_other_cores   → average cores used by other processes

_meter_machine() { # user + nice + system jiffies of the machine (irq time is not charged to tasks either)
  awk '/^cpu / { print $2 + $3 + $4 }' /proc/stat
}

_meter_group() { # utime + stime (+ reaped children) of every process in our process group
  local pg
  pg=$(sed 's/.*) //' "/proc/$$/stat" | awk '{ print $3 }')
  # A process that exits between the glob and cat's read makes cat fail; under the scripts' pipefail
  # that failed the assignment and ended the benchmark without a word.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pg="$pg" '{ sub(/.*\) /, ""); if ($3 == pg) s += $12 + $13 + $14 + $15 } END { print s + 0 }'
}

meter_start() {
  _meter_t0=$(_meter_machine)
  _meter_g0=$(_meter_group)
  _meter_s0=$SECONDS
}

meter_other_cores() {
  local t1 g1 elapsed
  t1=$(_meter_machine)
  g1=$(_meter_group)
  elapsed=$((SECONDS - _meter_s0))
  ((elapsed > 0)) || elapsed=1
  awk -v t=$((t1 - _meter_t0)) -v g=$((g1 - _meter_g0)) -v c="$(getconf CLK_TCK)" -v e="$elapsed" \
    'BEGIN { o = (t - g) / c / e; if (o < 0) o = 0; printf "%.2f", o }'
}
