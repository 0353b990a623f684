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
. bench/lib.sh
N=${1:-10000}
cargo build --release --quiet --bin lernfall --example gen_cases --example check_only
OUT=$(generated "$N")
bytes=$(du -sb "$OUT" | cut -f1)
echo "files: $N, $(awk -v b="$bytes" 'BEGIN{printf "%.1f MB", b/1e6}'), cores: $(nproc)"

measure validate target/release/lernfall validate --format json "$OUT"
measure check target/release/lernfall check --format json "$OUT"
awk -v v="$(cat bench-out/validate.t)" -v c="$(cat bench-out/check.t)" \
  'BEGIN{printf "check / validate: %.2fx\n", c/v}'
target/release/examples/check_only "$OUT"
