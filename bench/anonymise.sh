#!/usr/bin/env bash
# `lernfall anonymise` against `lernfall validate` on the same generated
# cases (all cores and one core), and on one large case of 3 MB and of
# 15 MB with long hand-written ids (time must grow linearly with size).
#
#   bench/anonymise.sh [N]     (default N=1000)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${1:-1000}
cargo build --release --quiet --bin lernfall --example gen_cases
DIR=$(generated "$N")
test -f bench-out/bench.key || target/release/lernfall -q key new bench-out/bench.key
bytes=$(du -sb "$DIR" | cut -f1)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
echo "files: $N, $(awk -v b="$bytes" 'BEGIN{printf "%.1f MB", b/1e6}'), cores: $(nproc)"
measure validate target/release/lernfall validate --format json "$DIR"
measure anonymise sh -c "rm -rf $OUT/a $OUT/a-review; target/release/lernfall -q anonymise $DIR --out $OUT/a --key bench-out/bench.key"
measure anon-1core sh -c "rm -rf $OUT/a $OUT/a-review; target/release/lernfall -q -j 1 anonymise $DIR --out $OUT/a --key bench-out/bench.key"
awk -v v="$(cat bench-out/validate.t)" -v a="$(cat bench-out/anonymise.t)" -v o="$(cat bench-out/anon-1core.t)" \
  'BEGIN{printf "anonymise / validate: %.2fx; speed-up on %d cores: %.2fx\n", a/v, '"$(nproc)"', o/a}'
# One large case: many events with long ids, notes naming the mother.
for mb in 3 15; do
  python3 - "$OUT/big$mb.yaml" "$mb" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
y = ("# FIKTIVER FALL - Lasttest.\nformat: lernfall/1\ncase:\n  ref: BIG-1\n  opened: 2020-01-01\n"
     "  municipality: Testdorf\npeople:\n"
     "  kind-mit-einem-sehr-langen-handgeschriebenen-namen: {role: child, name: Lena Vogt}\n"
     "  mutter-mit-einem-sehr-langen-handgeschriebenen-namen: {role: mother, name: Marta Beispiel}\n"
     "institutions:\n  jugendamt-der-stadt-mit-langem-namen: {kind: youth_office, name: Jugendamt Testdorf}\n"
     "events:\n")
parts, n, size = [y], 0, len(y)
while size < mb * 1_000_000:
    d = f"20{20 + n // 4000:02d}-{1 + (n // 300) % 12:02d}-{1 + n % 28:02d}"
    e = (f"  - id: ereignis-nummer-{n:06d}-hausbesuch-bei-der-familie-mit-langer-kennung\n"
         f"    date: {d}\n    kind: contact\n    by: jugendamt-der-stadt-mit-langem-namen\n"
         "    with: [kind-mit-einem-sehr-langen-handgeschriebenen-namen, mutter-mit-einem-sehr-langen-handgeschriebenen-namen]\n"
         "    note: \"Gespräch mit Frau Beispiel über die Lage; Lena wirkt ruhig. Termin vereinbart.\"\n")
    parts.append(e); size += len(e); n += 1
open(path, "w").write("".join(parts))
PY
  /usr/bin/time -f "%e %M" -o bench-out/time.txt sh -c "rm -rf $OUT/b $OUT/b-review; target/release/lernfall -q anonymise --max-size 64MiB $OUT/big$mb.yaml --out $OUT/b --key bench-out/bench.key" >/dev/null
  read -r t m < bench-out/time.txt
  printf "one case of %2d MB: %6.2f s  peak %6.1f MB\n" "$mb" "$t" "$(awk -v m="$m" 'BEGIN{print m/1024}')"
done
