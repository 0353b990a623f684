#!/usr/bin/env bash
# Benchmark of `lernfall validate` against the bare YAML parse of the same files.
#
#   bench/validate.sh [N]        (default N=10000 generated cases of ~40 events)
#
# Reports wall time, files/s, MB/s and peak memory (max RSS) of
#   - parse:    examples/parse_only (same YAML layer into an untyped tree, same batches, no checks)
#   - validate: lernfall validate --format json
# and peak memory of validate over a tenth of the files, to show that memory
# follows the largest file, not the number of files.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
OUT=bench-out/cases-$N
cargo build --release --quiet --bin lernfall --example gen_cases --example parse_only
if [ ! -d "$OUT" ]; then
  target/release/examples/gen_cases --n "$N" --out "$OUT"
fi
SMALL=bench-out/cases-$((N / 10))
if [ ! -d "$SMALL" ]; then
  target/release/examples/gen_cases --n $((N / 10)) --out "$SMALL"
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
  awk -v l="$label" -v t="$best" -v n="$N" -v b="$bytes" -v m="$rss" \
    'BEGIN{printf "%-9s %6.2f s  %8.0f files/s  %6.1f MB/s  peak %6.1f MB\n", l, t, n/t, b/1e6/t, m/1024}'
  echo "$best" > "bench-out/$label.t"
}

measure parse target/release/examples/parse_only "$OUT"
measure validate target/release/lernfall validate --format json "$OUT"
awk -v p="$(cat bench-out/parse.t)" -v v="$(cat bench-out/validate.t)" \
  'BEGIN{printf "validate over parse: %+.0f%%\n", (v/p-1)*100}'
/usr/bin/time -f "%M" -o bench-out/time.txt target/release/lernfall validate --format json "$SMALL" >/dev/null
echo "validate peak memory on $((N / 10)) files: $(awk '{printf "%.1f MB", $1/1024}' bench-out/time.txt)"
