#!/usr/bin/env bash
# Prints the machine a benchmark ran on as Markdown list items, for docs/performance.md.
set -euo pipefail

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
echo "- Machine: $(nproc) cores, CPU \`$cpu\`, $mem memory, $os, kernel $(uname -r)"
echo "- .NET SDK: $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')"
commit=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$(dirname "${BASH_SOURCE[0]}")/.." status --porcelain -- src 2>/dev/null | wc -l)
echo "- Code: commit $commit$( ((dirty > 0)) && echo " with $dirty uncommitted change(s) under src/" || echo ", src/ as committed")"
