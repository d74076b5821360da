#!/usr/bin/env bash
# Sets up and runs every test of ClusterLocator, then prints one summary line:
#   tests: N passed, N failed[, N skipped]
# Needs only the .NET SDK on a Debian machine; installs anything else the tests need.
set -uo pipefail
cd "$(dirname "$0")"

# What the tests need beyond the SDK, as "path-or-command debian-package why": the etcd-store tests
# start their own etcd processes; `simulate --plot` needs a font to draw its text; the unit files
# of deploy/systemd/ are checked by systemd-analyze.
needs=(
  "etcd etcd-server the etcd-store tests"
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core the plot tests"
  "chromium chromium the dashboard's browser tests"
  "systemd-analyze systemd the systemd unit lint"
)
missing=()
for need in "${needs[@]}"; do
  read -r what package why <<<"$need"
  if [[ $what == /* ]]; then [ -e "$what" ] && continue; else command -v "$what" >/dev/null 2>&1 && continue; fi
  echo "$what is missing: installing $package for $why." >&2
  missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root=()
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  fi
  if ! { "${as_root[@]}" apt-get update && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"; }; then
    echo "error: could not install ${missing[*]}: run 'apt-get install ${missing[*]}' as root, then run this again." >&2
    echo "tests: 0 passed, 1 failed"
    exit 1
  fi
fi

results="${TEST_RESULTS_DIR:-TestResults}"
rm -rf "$results"

# The packages, which tests/ClusterLocator.Package.Tests installs and builds against: packed afresh,
# so a failed pack leaves no older packages for those tests to pass on.
pack_status=0
rm -rf artifacts
if ! dotnet pack ClusterLocator.slnx -c Release -o artifacts -v q -p:TreatWarningsAsErrors=true; then
  echo "error: dotnet pack failed; the package tests will say so too." >&2
  pack_status=1
fi

# Every test project, so a project that fails to run at all is noticed (it writes no results file).
projects=$(find tests -name '*.Tests.csproj' | sort)
expected=$(echo "$projects" | wc -l)

dotnet test ClusterLocator.slnx \
  --logger "trx" \
  --results-directory "$results" \
  --blame-hang-timeout 5m \
  -p:TreatWarningsAsErrors=true
status=$?

passed=0 failed=0 skipped=0 files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$(get total); executed=$(get executed)
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + total - executed))
done

if [ "$files" -lt "$expected" ]; then
  echo "error: $expected test projects but only $files wrote results; see the output above." >&2
  [ "$status" -eq 0 ] && status=1
fi
if [ "$pack_status" -ne 0 ] && [ "$status" -eq 0 ]; then
  status=1
fi
if [ "$failed" -gt 0 ] && [ "$status" -eq 0 ]; then
  status=1
fi

if [ "$skipped" -gt 0 ]; then
  echo "tests: $passed passed, $failed failed, $skipped skipped"
else
  echo "tests: $passed passed, $failed failed"
fi
exit "$status"
