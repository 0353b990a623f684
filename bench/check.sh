#!/usr/bin/env bash
# Benchmark of `lernfall check` (built-in afl-basis) against `lernfall validate`
# on the same generated files, and of the checking itself.
#
#   bench/check.sh [N]        (default N=10000 generated cases of ~40 events)
#
# Reports, best of three, wall time, files/s and peak memory of
#   - validate: lernfall validate --format json
#   - check:    lernfall check --format json (load, validate, check, render)
# then examples/check_only: the checklist over cases already in memory.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
OUT=bench-out/cases-$N
cargo build --release --quiet --bin lernfall --example gen_cases --example check_only
if [ ! -d "$OUT" ]; then
  target/release/examples/gen_cases --n "$N" --out "$OUT"
fi
bytes=$(du -sb "$OUT" | cut -f1)
echo "files: $N, $(awk -v b="$bytes" 'BEGIN{printf "%.1f MB", b/1e6}'), cores: $(nproc)"

measure() { # label, command...
  local label=$1; shift
  local best=""
  local rss=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o bench-out/time.txt "$@" >/dev/null
    read -r t m < bench-out/time.txt
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; rss=$m; fi
  done
  awk -v l="$label" -v t="$best" -v n="$N" -v m="$rss" \
    'BEGIN{printf "%-9s %6.2f s  %8.0f files/s  peak %6.1f MB\n", l, t, n/t, m/1024}'
  echo "$best" > "bench-out/$label.t"
}

measure validate target/release/lernfall validate --format json "$OUT"
measure check target/release/lernfall check --format json "$OUT"
awk -v v="$(cat bench-out/validate.t)" -v c="$(cat bench-out/check.t)" \
  'BEGIN{printf "check / validate: %.2fx\n", c/v}'
target/release/examples/check_only "$OUT"
