#!/usr/bin/env bash
# Loads lernfall's XES and OCEL 2.0 exports in pm4py, to show that process-
# mining tools open them. Not part of CI (pm4py and its dependencies are a
# large download); run it by hand:
#
#   bench/pm4py_check.sh [VENV]      (default VENV=bench-out/pm4py-venv)
#
# It anonymises the demo cases, exports them, and prints what pm4py read.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${1:-bench-out/pm4py-venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pm4py
fi
cargo build --release --quiet --bin lernfall
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
target/release/lernfall anonymise cases/ --out "$OUT/anon" >/dev/null 2>&1
target/release/lernfall export "$OUT/anon" --format xes --out "$OUT/log.xes" 2>/dev/null
target/release/lernfall export "$OUT/anon" --format ocel --out "$OUT/log.jsonocel" 2>/dev/null
"$VENV/bin/python" - "$OUT/log.xes" "$OUT/log.jsonocel" <<'PY'
import sys, pm4py
log = pm4py.read_xes(sys.argv[1])
print(f"XES: {log['case:concept:name'].nunique()} traces, {len(log)} events, "
      f"activities: {sorted(log['concept:name'].unique())[:5]} ...")
ocel = pm4py.read_ocel2_json(sys.argv[2])
print(f"OCEL 2.0: {len(ocel.events)} events, {len(ocel.objects)} objects, "
      f"{len(ocel.relations)} event-object relations, object types {sorted(ocel.objects['ocel:type'].unique())}")
PY
