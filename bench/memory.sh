#!/usr/bin/env bash
# Peak memory (max RSS) and wall time of the commands that read many cases
# at once, on 1,000 and 10,000 generated cases: memory must stay flat as the
# number of cases grows (report aggregates case by case; export writes case
# by case, OCEL events parked in an anonymous temporary file).
#
#   bench/memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin lernfall --example gen_cases
source bench/lib.sh
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for n in 1000 10000; do
  dir=$(generated "$n")
  echo "== $n cases"
  row() {
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o bench-out/time.txt "$@" >/dev/null 2>&1
    read -r t m < bench-out/time.txt
    printf "%-12s %6.2f s  peak %6.1f MB\n" "$label" "$t" "$(awk -v m="$m" 'BEGIN{print m/1024}')"
  }
  row validate target/release/lernfall validate --format json "$dir"
  row check target/release/lernfall check --format json "$dir"
  row report target/release/lernfall report --format json "$dir"
  for f in csv xes ocel; do
    row "export $f" target/release/lernfall export "$dir" --identifying --format "$f" --force -o "$OUT/log.$f"
  done
done
