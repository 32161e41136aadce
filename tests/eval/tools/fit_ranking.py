#!/usr/bin/env python3
"""Chooses the ranking weights (src/search/decision.hpp, Weights) on labelled questions.

    fit_ranking.py TRAIN.jsonl [TRAIN.jsonl ...] [--report MORE.jsonl ...]

The inputs come from dump_features.py with 60 candidates per question, so each question's right article
is among them. Every split of 1 into five weights in steps of 0.05 (coverage, title_coverage,
best_question, bm25 relative to the best hit, and phrasing_term of the naive-Bayes posterior) is tried;
the audience bonus and the company prior stay as searcher.cpp has them. A weighting is worth its
top-1 plus half its top-3 share, averaged over the sets. Each training set (one author each) is first
left out in turn: the best weighting on the others, reported on it. Then the best on all of them, and
its numbers on the --report sets (e.g. heldout3, never fitted on). Needs numpy (apt python3-numpy):
a developer tool, not part of the test suite.
"""
import json, math, sys
import numpy as np

AUDIENCE_BONUS, COMPANY_PRIOR = 0.013, 0.013  # searcher.cpp: kAudienceBonus, kCompanyPrior
NAMES = ["coverage", "title_coverage", "best_question", "bm25", "phrasing_fit"]
STEPS = 20
DEPTH = 60

def phrasing_term(posterior):  # decision.hpp
    return max(0.0, 1.0 + math.log(posterior + 0.001) / -math.log(0.001))

def load(path):
    X, Y, M, fixed = [], [], [], []
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        case, res = r["case"], r["result"]
        if case["expect"] in ("none", "handoff") or "explain" not in res:
            continue
        cands = res["explain"]["candidates"][:DEPTH]
        right = {case["expect"], *case.get("accept", [])}
        role = case.get("role", "any")
        x, y, m, f = np.zeros((DEPTH, len(NAMES))), np.zeros(DEPTH), np.zeros(DEPTH), np.zeros(DEPTH)
        best_bm25 = max([c["signals"]["bm25"] for c in cands] + [1e-9])
        for i, c in enumerate(cands):
            s = c["signals"]
            x[i] = [s["coverage"], s["title_coverage"], s["best_question"], s["bm25"] / best_bm25,
                    phrasing_term(s.get("phrasing_fit", 0))]
            y[i], m[i] = c["id"] in right, 1
            if role != "any" and c["audience"] != "both" and not c.get("out_of_scope"):
                f[i] += AUDIENCE_BONUS
            if role == "any" and c["audience"] == "company":
                f[i] -= COMPANY_PRIOR
        X.append(x); Y.append(y); M.append(m); fixed.append(f)
    return np.array(X), np.array(Y), np.array(M), np.array(fixed)

def grid():
    out = []
    def rec(prefix, left, n):
        if n == 1:
            out.append(prefix + [left]); return
        for v in range(left + 1):
            rec(prefix + [v], left - v, n - 1)
    rec([], STEPS, len(NAMES))
    return np.array(out, float) / STEPS

def shares(data, W):
    """Top-1 and top-3 share of every weighting in W, in chunks to bound memory."""
    X, Y, M, F = data
    t1, t3 = [], []
    for i in range(0, len(W), 300):
        s = np.einsum("cf,nkf->cnk", W[i:i + 300], X) + F[None]
        s = np.where(M[None] > 0, s, -1e9)
        top = np.argsort(-s, 2)[:, :, :3]
        hit = np.take_along_axis(np.broadcast_to(Y[None], s.shape), top, 2)
        t1.append(hit[:, :, 0].mean(1)); t3.append(hit.max(2).mean(1))
    return np.concatenate(t1), np.concatenate(t3)

if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    more = args.index("--report") if "--report" in args else len(args)
    W = grid()
    train = {p: shares(load(p), W) for p in args[:more]}
    extra = {p: shares(load(p), W) for p in args[more + 1:]}
    worth = lambda names: sum(train[p][0] + 0.5 * train[p][1] for p in names) / len(names)
    name = lambda p: p.rsplit("/", 1)[-1]
    if len(train) > 1:
        for held in train:
            i = int(np.argmax(worth([p for p in train if p != held])))
            print(f"left out: {name(held):24} {dict(zip(NAMES, W[i].round(2)))} top1 {train[held][0][i]:.3f} top3 {train[held][1][i]:.3f}")
    i = int(np.argmax(worth(list(train))))
    print("best on all:", dict(zip(NAMES, W[i].round(2))))
    for p, (t1, t3) in list(train.items()) + list(extra.items()):
        print(f"  {name(p):24} top1 {t1[i]:.3f} top3 {t3[i]:.3f}")
