"""pm4py's side of bench/pm4py_compare.sh: load one event-log CSV (as
`lernfall export --format csv` writes it) and check ten DECLARE constraints
(pm4py.conformance_declare); prints the times of both steps. A second
argument asks for pm4py's per-case diagnostics table as well.

    python bench/pm4py_declare.py LOG.csv [diagnostics]
"""
import sys, time
t0 = time.time()
import pandas as pd, pm4py
df = pd.read_csv(sys.argv[1], dtype=str)
df = pm4py.format_dataframe(df, case_id="case_id", activity_key="activity", timestamp_key="timestamp")
t1 = time.time()
c = {"support": 1.0, "confidence": 1.0}
model = {
  "existence": {"report": c},
  "response": {("report", "risk_assessment"): c, ("risk_assessment", "case_closed"): c, ("help_start", "help_plan"): c},
  "precedence": {("risk_assessment", "custody"): c, ("report", "risk_assessment"): c},
  "responded_existence": {("custody", "court_application"): c, ("handover", "risk_assessment"): c},
  "altresponse": {("report", "risk_assessment"): c},
  "chainresponse": {("custody", "court_application"): c},
}
n = sum(len(v) for v in model.values())
res = pm4py.conformance_declare(df, model, return_diagnostics_dataframe=(len(sys.argv) > 2))
t2 = time.time()
print(f"pm4py {pm4py.__version__}: {df['case:concept:name'].nunique()} cases, {len(df)} events, {n} constraints; load {t1-t0:.2f} s, check {t2-t1:.2f} s, total {t2-t0:.2f} s")
