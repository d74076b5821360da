# Sourced by the bench/run-*.sh scripts once they have made $tmp: on exit (or Ctrl-C), stop what
# they started, then keep $tmp's logs when the run failed and remove it otherwise.
# By default every pid in the associative array pid_of is sent SIGTERM and waited for; a script
# whose processes must stop in an order redefines stop_started after sourcing this file.

declare -A pid_of=()

stop_started() {
  local p
  for p in "${pid_of[@]}"; do
    # A process killed here makes wait return 143; under set -e that must not end the cleanup.
    kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true
  done
}

cleanup() {
  local status=$?
  stop_started
  if ((status != 0)); then
    echo "failed; logs kept in $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
