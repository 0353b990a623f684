#!/usr/bin/env bash
# Speed of `lernfall scrub` on generated German case notes (fictional,
# examples/gen_notes.rs), side by side with a plain regex script
# (bench/scrub_regex.pl), on one core and on all cores, at three sizes (to
# show it is linear); best of five runs each after a warm-up run (RUNS=n
# to change), the Perl script too. Not run in CI.
#
#     bench/scrub_speed.sh [MB]        # default 10
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
mb=${1:-10}
cargo build --release --quiet --example gen_notes
mkdir -p bench-out
for m in $((mb / 4)) $((mb / 2)) "$mb"; do
  dir=bench-out/notes-$m
  [ -f "$dir/notes.txt" ] || target/release/examples/gen_notes --cases 10 --mb "$m" --out "$dir" 2>/dev/null
done
N=1
RUNS=${RUNS:-5}
echo "cores: $(nproc)"
for m in $((mb / 4)) $((mb / 2)) "$mb"; do
  f=bench-out/notes-$m/notes.txt
  bytes=$(stat -c %s "$f")
  echo "== $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB of notes"
  measure "scrub-1" env RAYON_NUM_THREADS=1 target/release/lernfall scrub "$f"
  measure "scrub-all" target/release/lernfall scrub "$f"
  measure "strict-1" env RAYON_NUM_THREADS=1 target/release/lernfall scrub --strict "$f"
  if command -v perl >/dev/null; then
    best=""
    perl bench/scrub_regex.pl < "$f" > /dev/null
    for _ in $(seq "$RUNS"); do
      /usr/bin/time -f "%e" -o bench-out/perl.t perl bench/scrub_regex.pl < "$f" > /dev/null
      t=$(cat bench-out/perl.t)
      if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; fi
    done
    awk -v t="$best" -v b="$bytes" 'BEGIN{printf "%-9s %6.2f s                    %6.1f MB/s\n", "perl", t, b/1e6/t}'
  fi
done
