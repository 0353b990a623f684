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
. bench/lib.sh
N=${1:-10000}
cargo build --release --quiet --bin lernfall --example gen_cases --example parse_only
OUT=$(generated "$N")
SMALL=$(generated $((N / 10)))
bytes=$(du -sb "$OUT" | cut -f1)
echo "files: $N, $(awk -v b="$bytes" 'BEGIN{printf "%.1f MB", b/1e6}'), cores: $(nproc)"

measure parse target/release/examples/parse_only "$OUT"
measure validate target/release/lernfall validate --format json "$OUT"
awk -v p="$(cat bench-out/parse.t)" -v v="$(cat bench-out/validate.t)" \
  'BEGIN{printf "validate over parse: %+.0f%%\n", (v/p-1)*100}'
/usr/bin/time -f "%M" -o bench-out/time.txt target/release/lernfall validate --format json "$SMALL" >/dev/null
echo "validate peak memory on $((N / 10)) files: $(awk '{printf "%.1f MB", $1/1024}' bench-out/time.txt)"
