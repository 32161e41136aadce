#!/usr/bin/env python3
"""Fits the answer/refuse decision on labelled questions and reports it on sets it was not fitted on.

    calibrate.py TARGET TRAIN.jsonl [TRAIN.jsonl ...] [--report MORE.jsonl ...]    (made by dump_features.py)

The inputs are the decision signals `ask --json --explain` reports (explain.decision_signals), so
the fit sees exactly what the C++ computes. The label of a question is 1 when its top-ranked article
is right (answering helps), 0 when it is out of scope or the top article is wrong (answering would
mislead). A question whose first candidate is an out-of-scope topic is refused whatever the model
says, so it is left out of the fit but counts in the refusal share. The threshold is the lowest that
refuses >= TARGET (e.g. 0.94) of the training out-of-scope questions.

With several training sets (each written by a different author), every set is first left out in
turn: fitted on the others, reported on it, which is how the decision will do on a new author's
questions. Then the fit on all of them, whose constants go to src/search/decision.hpp, and its numbers
on the --report sets (e.g. the never-fitted tests/eval/heldout3.yaml).
Pure Python: no numpy on a fresh machine.
"""
import json, math, sys

FEATURES = ["coverage", "title_coverage", "best_question", "bm25_rel", "margin", "unknown_share", "log_concepts",
            "out_of_scope_gap", "long_message", "crowd", "phrasing_fit"]

def rows_of(path):
    """One row per labelled question: the decision's inputs as `ask --explain` reports them."""
    out = []
    for i, line in enumerate(open(path, encoding="utf-8")):
        r = json.loads(line)
        c, res = r["case"], r["result"]
        if c["expect"] == "handoff" or "explain" not in res:
            continue
        cands = res["explain"]["candidates"]
        signals = res["explain"].get("decision_signals") or {}
        articles = [cc for cc in cands if not cc.get("out_of_scope")]
        # An out-of-scope topic ranked first refuses whatever the model says.
        forced = bool(cands) and bool(cands[0].get("out_of_scope"))
        if not signals or not articles:
            x = [0.0] * len(FEATURES)
            right = False
        else:
            x = [signals[f] for f in FEATURES]
            top = articles[0]["id"]
            right = c["expect"] != "none" and (top == c["expect"] or top in c.get("accept", []))
        out.append({"i": i, "x": x, "y": 1 if right and not forced else 0, "oos": c["expect"] == "none",
                    "forced": forced or not signals})
    return out

def fit(data, l2=0.01, steps=4000, lr=0.5):
    w = [0.0] * len(FEATURES); b = 0.0
    for _ in range(steps):
        gw = [0.0] * len(w); gb = 0.0
        for d in data:
            z = b + sum(wi * xi for wi, xi in zip(w, d["x"]))
            p = 1 / (1 + math.exp(-z))
            e = p - d["y"]
            gb += e
            for k, xi in enumerate(d["x"]):
                gw[k] += e * xi
        n = len(data)
        b -= lr * gb / n
        w = [wi - lr * (g / n + l2 * wi) for wi, g in zip(w, gw)]
    return w, b

def prob(w, b, x):
    return 1 / (1 + math.exp(-(b + sum(wi * xi for wi, xi in zip(w, x)))))

def answers(w, b, t, d):
    return not d["forced"] and prob(w, b, d["x"]) >= t

def threshold_for(data, w, b, target):
    """The lowest threshold that refuses >= target of the out-of-scope questions (topics included)."""
    oos = [d for d in data if d["oos"]]
    for t in [k / 1000 for k in range(200, 951, 5)]:
        if sum(1 for d in oos if not answers(w, b, t, d)) >= target * len(oos):
            return t
    return 0.95

def report(name, data, w, b, t):
    ins = [d for d in data if not d["oos"]]
    oos = [d for d in data if d["oos"]]
    top1 = sum(1 for d in ins if d["y"] and answers(w, b, t, d)) / max(1, len(ins))
    ref = sum(1 for d in oos if not answers(w, b, t, d)) / max(1, len(oos))
    print(f"{name:32} in-scope {len(ins)} top1 {top1:.3f}  out-of-scope {len(oos)} refused {ref:.3f}")
    return top1, ref

if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    target = float(args[0])
    more = args.index("--report") if "--report" in args else len(args)
    train = {p: rows_of(p) for p in args[1:more]}
    extra = {p: rows_of(p) for p in args[more + 1:]}
    fit_rows = lambda rows: [d for d in rows if not d["forced"]]
    if len(train) > 1:
        for held, rows in train.items():
            others = [d for p, r in train.items() if p != held for d in r]
            w, b = fit(fit_rows(others))
            t = threshold_for(others, w, b, target)
            report("left out: " + held.rsplit("/", 1)[-1], rows, w, b, t)
    data = [d for rows in train.values() for d in rows]
    wall, ball = fit(fit_rows(data))
    tall = threshold_for(data, wall, ball, target)
    print("all-data fit:", {f: round(v, 3) for f, v in zip(FEATURES, wall)}, "bias", round(ball, 3), "threshold", tall)
    for p, rows in train.items():
        report("fitted: " + p.rsplit("/", 1)[-1], rows, wall, ball, tall)
    for p, rows in extra.items():
        report("never fitted: " + p.rsplit("/", 1)[-1], rows, wall, ball, tall)
    print("decision.hpp: {{" + ", ".join(f"{v:.3f}" for v in wall) + f"}}, {ball:.3f}, {tall:.3f}")
