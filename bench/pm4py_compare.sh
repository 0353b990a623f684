#!/usr/bin/env bash
# `lernfall check` side by side with what a user would use instead: pm4py
# loading the same events from one CSV and checking ten DECLARE constraints,
# and the bare YAML parse (examples/parse_only) that bounds any YAML tool.
# Whole processes, wall time, best of three, same machine, one run:
#
#   bench/pm4py_compare.sh [N] [VENV]   (default N=10000, VENV=bench-out/pm4py-venv)
#
# pm4py is installed into VENV on first use (a large download; not in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${1:-10000}
VENV=${2:-bench-out/pm4py-venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pm4py
fi
cargo build --release --quiet --bin lernfall --example gen_cases --example parse_only
OUT=$(generated "$N")
bytes=$(du -sb "$OUT" | cut -f1)
LOG=bench-out/log-$N.csv
target/release/lernfall export "$OUT" --identifying --format csv --force -o "$LOG" 2>/dev/null
echo "files: $N, $(awk -v b="$bytes" 'BEGIN{printf "%.1f MB", b/1e6}') of YAML; $(wc -l < "$LOG") CSV rows; cores: $(nproc)"
measure parse target/release/examples/parse_only "$OUT"
measure validate target/release/lernfall validate --format json "$OUT"
measure check target/release/lernfall check --format json "$OUT"
measure pm4py sh -c "\"$VENV/bin/python\" bench/pm4py_declare.py $LOG 2>/dev/null"
measure pm4py-diag sh -c "\"$VENV/bin/python\" bench/pm4py_declare.py $LOG diagnostics 2>/dev/null"
"$VENV/bin/python" bench/pm4py_declare.py "$LOG" 2>/dev/null | grep '^pm4py'
awk -v c="$(cat bench-out/check.t)" -v p="$(cat bench-out/pm4py.t)" \
  -v d="$(cat bench-out/pm4py-diag.t)" -v y="$(cat bench-out/parse.t)" \
  'BEGIN{printf "pm4py / check: %.2fx (with diagnostics: %.2fx); bare parse / pm4py: %.2fx\n", p/c, d/c, y/p}'
