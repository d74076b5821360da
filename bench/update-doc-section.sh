#!/usr/bin/env bash
# Replaces the section NAME of docs/performance.md (or of DOC, e.g. docs/reliability.md) with standard
# input: the lines between "<!-- NAME:begin -->" and "<!-- NAME:end -->", markers kept. Appends the
# section when it is absent.
#   [DOC=docs/reliability.md] update-doc-section.sh NAME < section.md
set -euo pipefail

name=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
doc=${DOC:-$root/docs/performance.md}
begin="<!-- $name:begin -->"
end="<!-- $name:end -->"
content=$(mktemp)
trap 'rm -f "$content" "$content.new"' EXIT
cat >"$content"

if [[ ! -f $doc ]]; then
  printf '# Performance\n\nHow fast the locator is, measured by the scripts in `bench/`. Each section says how to reproduce it.\n' >"$doc"
fi

if grep -qF "$begin" "$doc" && grep -qF "$end" "$doc"; then
  awk -v begin="$begin" -v end="$end" -v file="$content" '
    $0 == begin { print; while ((getline line < file) > 0) print line; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }
  ' "$doc" >"$content.new"
  mv "$content.new" "$doc"
else
  { echo; echo "$begin"; cat "$content"; echo "$end"; } >>"$doc"
fi
echo "updated the '$name' section of $doc" >&2
