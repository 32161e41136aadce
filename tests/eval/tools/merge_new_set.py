#!/usr/bin/env python3
"""Merges the files of a new blind set's writers into one eval set, dropping exact duplicates.

    merge_new_set.py OUT.yaml HEADER.txt WRITER1.yaml [WRITER2.yaml ...]

A question is dropped when, lower-cased, with ё as е and punctuation removed, it equals a question of
another set in tests/eval/, a `questions` phrasing of an article in kb/, or an earlier question of the
new set. HEADER.txt is the comment block written above the questions ({dropped} is replaced by the
count). Needs PyYAML (python3-yaml). The writers' brief is tests/eval/tools/writer-brief.md.
"""
import glob, os, re, sys
from collections import Counter

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def norm(s):
    s = s.lower().replace("ё", "е")
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(s.split())


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    out_path, header_path, writers = sys.argv[1], sys.argv[2], sys.argv[3:]
    seen = {}
    for f in glob.glob(os.path.join(ROOT, "tests/eval/*.yaml")):
        if os.path.abspath(f) == os.path.abspath(out_path):
            continue
        for x in yaml.safe_load(open(f, encoding="utf-8")):
            seen.setdefault(norm(x["q"]), os.path.basename(f))
    for f in glob.glob(os.path.join(ROOT, "kb/**/*.md"), recursive=True):
        text = open(f, encoding="utf-8").read()
        if not text.startswith("---\n"):
            continue
        front = yaml.safe_load(text.split("---\n", 2)[1]) or {}  # as make_catalog.py reads it
        for q in front.get("questions", []) or []:
            seen.setdefault(norm(q), "kb: " + os.path.relpath(f, ROOT))
    kept, dropped = [], []
    for f in writers:
        for x in yaml.safe_load(open(f, encoding="utf-8")):
            key = norm(x["q"])
            if key in seen:
                dropped.append((x["q"], seen[key]))
                continue
            seen[key] = "the new set"
            kept.append(x)
    for q, where in dropped:
        print(f"dropped: {q}  (as in {where})")
    print(len(kept), "kept,", len(dropped), "dropped;",
          dict(Counter(x["expect"] if x["expect"] in ("none", "handoff") else "in scope" for x in kept)))
    keys = ["q", "expect", "accept", "topic", "role", "kind"]
    with open(out_path, "w", encoding="utf-8") as out:
        out.write(open(header_path, encoding="utf-8").read().replace("{dropped}", str(len(dropped))))
        for x in kept:
            item = {k: x[k] for k in keys if k in x}
            out.write(yaml.safe_dump([item], allow_unicode=True, sort_keys=False, width=10000))


if __name__ == "__main__":
    main()
