#!/usr/bin/env python3
"""Recall and precision of `lernfall scrub` on generated notes with planted names.

    cargo run --release --example gen_notes -- --cases 600 --out bench-out/notes
    cargo build --release && python3 bench/scrub_planted.py [bench-out/notes] [--strict]

For each document, runs `lernfall scrub - --known CASE --format json` (the
case lists the family; the notes also name people nobody listed) and reports:
- recall of names no field lists, per origin and per form (a planted name
  counts as caught when detected spans cover every visible character of it);
- surviving known names (the case lists them; target 0);
- precision of the name spans (`person`/`name`) against all planted names.
The notes are fictional (examples/gen_notes.rs); nothing is stored.
"""
import collections
import json
import os
import subprocess
import sys

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
FLAGS = [a for a in sys.argv[1:] if a.startswith("--")]
DIR = ARGS[0] if ARGS else "bench-out/notes"
BIN = "target/release/lernfall"
INVISIBLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u0308"}

caught = collections.Counter()
total = collections.Counter()
by_form_caught = collections.Counter()
by_form_total = collections.Counter()
known_total = known_left = 0
spans_ok = spans_all = 0
for line in open(os.path.join(DIR, "notes.jsonl"), encoding="utf-8"):
    doc = json.loads(line)
    text = doc["text"]
    out = subprocess.run([BIN, "scrub", "-", "--known", os.path.join(DIR, doc["case"]), "--format", "json"] + FLAGS,
                         input=text.encode("utf-8"), capture_output=True, check=True)
    spans = json.loads(out.stdout)["spans"]
    covered = [False] * len(text)
    for s in spans:
        for i in range(s["begin"], min(s["end"], len(text))):
            covered[i] = True
    planted = [False] * len(text)
    for p in doc["planted"]:
        for i in range(p["begin"], p["end"]):
            planted[i] = True
        visible = [i for i in range(p["begin"], p["end"]) if not text[i].isspace() and text[i] not in INVISIBLE]
        ok = all(covered[i] for i in visible)
        if p["kind"] == "known":
            known_total += 1
            known_left += not ok
        else:
            total[p["origin"]] += 1
            caught[p["origin"]] += ok
            by_form_total[p["form"]] += 1
            by_form_caught[p["form"]] += ok
    for s in spans:
        if s["category"] in ("person", "name"):
            spans_all += 1
            spans_ok += any(planted[i] for i in range(s["begin"], min(s["end"], len(text))))

print(f"{'origin':12} {'caught':>7} {'total':>6} {'recall':>7}")
rates = []
for o in sorted(total):
    r = caught[o] / total[o]
    rates.append(r)
    print(f"{o:12} {caught[o]:7d} {total[o]:6d} {r:7.3f}")
print(f"{'ALL':12} {sum(caught.values()):7d} {sum(total.values()):6d} {sum(caught.values()) / max(sum(total.values()), 1):7.3f}")
print(f"spread between origins: {(max(rates) - min(rates)) * 100:.1f} points")
print()
print(f"{'form':18} {'caught':>7} {'total':>6} {'recall':>7}")
for f in sorted(by_form_total):
    print(f"{f:18} {by_form_caught[f]:7d} {by_form_total[f]:6d} {by_form_caught[f] / by_form_total[f]:7.3f}")
print()
print(f"known names surviving: {known_left} of {known_total}")
print(f"name span precision: {spans_ok}/{spans_all} = {spans_ok / max(spans_all, 1):.3f}")
