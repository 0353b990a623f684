#!/usr/bin/env bash
# Benchmark of `lernfall check` (built-in afl-basis, 16 items, and
# afl-erweitert, 30 items) against `lernfall validate` on the same generated
# files, and of the checking itself.
#
#   bench/check.sh [N]        (default N=10000 generated cases of ~40 events)
#
# Reports, best of three, wall time, files/s and peak memory of
#   - validate: lernfall validate --format json
#   - check:    lernfall check --format json (load, validate, check, render)
#   - check30:  the same with --checklist afl-erweitert
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
measure check30 target/release/lernfall check --checklist afl-erweitert --format json "$OUT"
awk -v v="$(cat bench-out/validate.t)" -v c="$(cat bench-out/check.t)" \
  -v e="$(cat bench-out/check30.t)" \
  'BEGIN{printf "check / validate: %.2fx (afl-basis), %.2fx (afl-erweitert)\n", c/v, e/v}'
target/release/examples/check_only "$OUT"
target/release/lernfall checklist show afl-erweitert > bench-out/afl-erweitert.yaml
target/release/examples/check_only "$OUT" --checklist bench-out/afl-erweitert.yaml
