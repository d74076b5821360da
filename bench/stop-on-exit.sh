# Sourced by the bench/run-*.sh scripts once they have made $tmp: on exit (or Ctrl-C), stop what
# they started, then keep $tmp's logs when the run failed and remove it otherwise.
# By default every pid in the associative array pid_of is sent SIGTERM and waited for; a script
# whose processes must stop in an order redefines stop_started after sourcing this file, with stop.
# Also the helpers every script starts its processes with: start, wait_listening, alive.

declare -A pid_of=()

stop() { # name: SIGTERM, then wait (a controller drains its sessions, deregisters and exits 0)
  local pid=${pid_of[$1]:-}
  [[ -n $pid ]] || return 0
  # A process killed here makes wait return 143; under set -e that must not end the caller.
  kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  unset "pid_of[$1]"
}

start() { # name command…: runs it in the background with its output in $tmp/name.log
  local name=$1
  shift
  "$@" >"$tmp/$name.log" 2>&1 &
  pid_of[$name]=$!
}

wait_listening() { # name port: until the process listens on the port; its log and exit 1 if it dies or 30 s pass
  for _ in $(seq 150); do
    [[ -n $(ss -Htln "sport = :$2") ]] && return 0
    kill -0 "${pid_of[$1]}" 2>/dev/null || break
    sleep 0.2
  done
  echo "$1 is not listening on port $2:" >&2
  cat "$tmp/$1.log" >&2
  exit 1
}

alive() { # exits 1, naming it, when a started process has stopped
  local name status
  for name in "${!pid_of[@]}"; do
    if ! kill -0 "${pid_of[$name]}" 2>/dev/null; then
      wait "${pid_of[$name]}" && status=0 || status=$?
      echo "$name (pid ${pid_of[$name]}) stopped during the run, exit status $status; logs in $tmp" >&2
      unset "pid_of[$name]"
      exit 1
    fi
  done
}

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
