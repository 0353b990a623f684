#!/usr/bin/env python3
"""Entity recall and span precision of `lernfall scrub` on GraSCCo_PHI.

    cargo build --release && python3 bench/scrub_grascco.py [../shared/benchmarks/grascco-phi/grascco-phi.jsonl]

For each of the 63 German letters, runs `lernfall scrub - --format json` (the
scrubber does not know any name in advance) and compares the detected spans
(code-point offsets) with the annotations:
- an annotated entity is caught when detected spans cover every one of its
  non-space characters (recall, per label and overall; NAME_TITLE and
  PROFESSION left out: a title or a profession alone identifies no one);
- a detected span is correct when it overlaps some annotation (precision).
No text of the corpus is printed or stored.
"""
import collections
import json
import subprocess
import sys

PATH = sys.argv[1] if len(sys.argv) > 1 else "../shared/benchmarks/grascco-phi/grascco-phi.jsonl"
BIN = "target/release/lernfall"
SKIP = {"NAME_TITLE", "PROFESSION"}

caught = collections.Counter()
total = collections.Counter()
spans_ok = spans_all = 0
for line in open(PATH, encoding="utf-8"):
    doc = json.loads(line)
    text = doc["text"]
    out = subprocess.run([BIN, "scrub", "-", "--format", "json"], input=text.encode("utf-8"),
                         capture_output=True, check=True)
    spans = json.loads(out.stdout)["spans"]
    covered = [False] * len(text)
    for s in spans:
        for i in range(s["begin"], s["end"]):
            covered[i] = True
    annotated = [False] * len(text)
    for p in doc["phi"]:
        for i in range(p["begin"], p["end"]):
            annotated[i] = True
        if p["label"] in SKIP:
            continue
        total[p["label"]] += 1
        chars = [i for i in range(p["begin"], p["end"]) if not text[i].isspace()]
        if all(covered[i] for i in chars):
            caught[p["label"]] += 1
    for s in spans:
        spans_all += 1
        if any(annotated[i] for i in range(s["begin"], s["end"])):
            spans_ok += 1

print(f"{'label':22} {'caught':>7} {'total':>6} {'recall':>7}")
for label, n in total.most_common():
    print(f"{label:22} {caught[label]:7d} {n:6d} {caught[label] / n:7.3f}")
all_caught, all_total = sum(caught.values()), sum(total.values())
print(f"{'ALL (micro)':22} {all_caught:7d} {all_total:6d} {all_caught / all_total:7.3f}")
print(f"span precision: {spans_ok}/{spans_all} = {spans_ok / max(spans_all, 1):.3f}")
