# Sourced by the bench scripts: free TCP ports on 127.0.0.1 for the servers a script starts, below
# the ephemeral range (32768+), where outgoing connections take ports.
#
#   port=$(free_port [PORT…])   a port nothing listens on, none of the PORTs given (chosen, not yet bound)
#   next_port NAME              the same into the variable NAME, remembered so no later call returns it
#                               (a $(…) call runs in a subshell and cannot remember)

_bench_ports_taken=" "

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    if [[ -z $(ss -Htln "sport = :$port") && " $* $_bench_ports_taken" != *" $port "* ]]; then
      echo "$port"
      return
    fi
  done
}

next_port() {
  # The local's name is one no caller's variable has: printf -v into "port[…]" must reach the caller's.
  local _bench_next
  _bench_next=$(free_port)
  _bench_ports_taken+="$_bench_next "
  printf -v "$1" %s "$_bench_next"
}
