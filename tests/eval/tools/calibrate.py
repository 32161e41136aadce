#!/usr/bin/env python3
"""Fits the answer/refuse decision on labelled questions and reports it on a held-out half.

    calibrate.py FEATURES.jsonl        (made by dump_features.py)

The label of a question is 1 when its top-ranked article is right (answering helps), 0 when it is
out of scope or the top article is wrong (answering would mislead). A logistic model over the top
candidate's signals is fitted on the even-numbered questions (dev); the threshold is the lowest that
keeps out-of-scope refusal >= 90% on dev; then both halves are reported. Prints the constants for
src/search/decision.hpp. Pure Python: no numpy on a fresh machine.
"""
import json, math, sys

FEATURES = ["coverage", "title_coverage", "best_question", "bm25_rel", "margin", "unknown_share", "log_concepts"]

def rows_of(path):
    out = []
    for i, line in enumerate(open(path, encoding="utf-8")):
        r = json.loads(line)
        c, res = r["case"], r["result"]
        if c["expect"] == "handoff" or "explain" not in res:
            continue
        cands = res["explain"]["candidates"]
        if not cands:
            x = [0.0] * len(FEATURES)
            right = False
        else:
            top = cands[0]
            s = top["signals"]
            second = cands[1]["score"] if len(cands) > 1 else 0.0
            maxb = max(cc["signals"]["bm25"] for cc in cands) or 1.0
            x = [s["coverage"], s["title_coverage"], s["best_question"], s["bm25"] / maxb if maxb else 0,
                 top["score"] - second, res["explain"]["unknown_share"], math.log(1 + res["explain"]["concepts"])]
            right = c["expect"] != "none" and (top["id"] == c["expect"] or top["id"] in c.get("accept", []))
        out.append({"i": i, "x": x, "y": 1 if right else 0, "oos": c["expect"] == "none"})
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

def report(name, data, w, b, t):
    ins = [d for d in data if not d["oos"]]
    oos = [d for d in data if d["oos"]]
    top1 = sum(1 for d in ins if d["y"] and prob(w, b, d["x"]) >= t) / max(1, len(ins))
    ref = sum(1 for d in oos if prob(w, b, d["x"]) < t) / max(1, len(oos))
    print(f"{name:5} in-scope {len(ins)} top1 {top1:.3f}  out-of-scope {len(oos)} refused {ref:.3f}")
    return top1, ref

if __name__ == "__main__":
    data = rows_of(sys.argv[1])
    dev = [d for d in data if d["i"] % 2 == 0]
    test = [d for d in data if d["i"] % 2 == 1]
    w, b = fit(dev)
    oos_probs = sorted(prob(w, b, d["x"]) for d in dev if d["oos"])
    # Lowest threshold that refuses >= 90% of dev's out-of-scope questions.
    t = oos_probs[int(math.ceil(0.9 * len(oos_probs))) - 1] + 1e-6 if oos_probs else 0.5
    print("weights:", {f: round(v, 3) for f, v in zip(FEATURES, w)}, "bias", round(b, 3), "threshold", round(t, 3))
    report("dev", dev, w, b, t)
    report("test", test, w, b, t)
    wall, ball = fit(data)
    probs = sorted(prob(wall, ball, d["x"]) for d in data if d["oos"])
    tall = probs[int(math.ceil(0.9 * len(probs))) - 1] + 1e-6
    print("all-data fit:", {f: round(v, 3) for f, v in zip(FEATURES, wall)}, "bias", round(ball, 3), "threshold", round(tall, 3))
    report("all", data, wall, ball, tall)
