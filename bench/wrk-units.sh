# Converts wrk's figures to plain numbers; sourced by the benchmark scripts.
to_us() { # 812.00us | 1.23ms | 2.00s -> microseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 1 : (u == "ms") ? 1000 : (u == "s") ? 1000000 : (u == "m") ? 60000000 : -1
    if (f < 0) { print "unknown unit in " v > "/dev/stderr"; exit 1 }
    printf "%.1f", n * f }'
}
to_bytes() { # 150.00MB -> bytes (wrk counts in 1024s)
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "B") ? 1 : (u == "KB") ? 1024 : (u == "MB") ? 1048576 : (u == "GB") ? 1073741824 : -1
    if (f < 0) { print "unknown unit in " v > "/dev/stderr"; exit 1 }
    printf "%.0f", n * f }'
}
