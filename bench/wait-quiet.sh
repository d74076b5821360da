#!/usr/bin/env bash
# Waits until the machine is quiet (CPU busy under QUIET_BUSY_MAX %, default 10, over 3 s), at most
# QUIET_TIMEOUT seconds (default 300), so a benchmark does not measure someone else's build.
# Prints the last busy figure; exits 0 either way, with a warning when it gave up.
set -euo pipefail

max=${QUIET_BUSY_MAX:-10}
deadline=$((SECONDS + ${QUIET_TIMEOUT:-300}))
busy() {
  local u n s i w q sq st t1 i1 t2 i2
  read -r _ u n s i w q sq st _ </proc/stat; t1=$((u + n + s + i + w + q + sq + st)); i1=$((i + w))
  sleep 3
  read -r _ u n s i w q sq st _ </proc/stat; t2=$((u + n + s + i + w + q + sq + st)); i2=$((i + w))
  echo $((100 - 100 * (i2 - i1) / (t2 - t1)))
}

while :; do
  b=$(busy)
  if ((b < max)); then
    echo "machine quiet: ${b}% busy" >&2
    exit 0
  fi
  if ((SECONDS >= deadline)); then
    echo "warning: the machine is still ${b}% busy; measuring anyway, figures may be low" >&2
    exit 0
  fi
  echo "waiting for a quiet machine: ${b}% busy" >&2
done
