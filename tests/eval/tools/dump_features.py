#!/usr/bin/env python3
"""Dumps ask --explain signals for every labelled question, for calibrating the decision rule.

    dump_features.py SPRAVKA EVAL.yaml OUT.jsonl [CANDIDATES]

CANDIDATES (default 5) is how many top candidates each line keeps; fit_ranking.py wants 60.

Each line: the case (q, expect, accept, topic, kind, role) and the top candidates with their signals.
Used by calibrate.py; not part of the test suite.
"""
import json, subprocess, sys, concurrent.futures as cf

CANDIDATES = 5

def load(path):
    # Minimal reader for our eval format, so the script needs no PyYAML.
    cases, cur, in_accept = [], None, False
    for line in open(path, encoding="utf-8"):
        s = line.rstrip("\n")
        if s.startswith("- q:"):
            cur = {"q": s[4:].split("  #")[0].strip(), "accept": []}
            cases.append(cur)
            in_accept = False
        elif cur is not None and in_accept and s.lstrip().startswith("- "):
            cur["accept"].append(s.lstrip()[2:].split("#")[0].strip())  # a block list under accept:
        elif cur is not None and s.startswith("  ") and ":" in s:
            in_accept = s.strip().startswith("accept:")
            k, v = s.strip().split(":", 1)
            v = v.split("#")[0].strip()
            if k == "accept":
                cur["accept"] = [x.strip() for x in v.strip("[]").split(",") if x.strip()]
            elif k in ("expect", "topic", "kind", "role"):
                cur[k] = v
    for c in cases:
        q = c["q"]
        if len(q) >= 2 and q[0] == q[-1] and q[0] in "'\"":
            q = q[1:-1].replace("''", "'")
        c["q"] = q
    return cases

def run(spravka, c):
    role = c.get("role", "any")
    out = subprocess.run([spravka, "--no-input", "ask", "--json", "--explain", "--no-log", "--role", role,
                          "--candidates", str(CANDIDATES), c["q"]],
                         capture_output=True, text=True)
    try:
        doc = json.loads(out.stdout)
    except json.JSONDecodeError:
        doc = {"error": out.stderr}
    return {"case": c, "result": doc}

if __name__ == "__main__":
    spravka, path, out = sys.argv[1:4]
    CANDIDATES = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    cases = load(path)
    with cf.ThreadPoolExecutor(4) as pool:
        rows = list(pool.map(lambda c: run(spravka, c), cases))
    with open(out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(len(rows), "rows")
