#!/usr/bin/env python3
"""Prints the catalog that writers of a new blind eval set see instead of the articles.

    make_catalog.py KB_DIR > catalog.md

One entry per published article: id, audience, title, its first paragraph, and its section headings
(without the «Если не помогло» every article ends with). Writers get this and the brief, never the
articles' `questions`, the eval sets or the binary (docs/search.md, HACKING.md). Needs python3-yaml.
"""
import pathlib
import re
import sys

import yaml


def entry(path):
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    if meta.get("status") != "published":
        return None
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip() and not p.strip().startswith("#")]
    summary = re.sub(r"\*\*|__|`", "", re.sub(r"\s+", " ", paragraphs[0])) if paragraphs else ""
    headings = [l.lstrip("#").strip() for l in body.splitlines() if l.startswith("## ")]
    headings = [h for h in headings if h != "Если не помогло"]
    audience = meta.get("audience") if meta.get("audience") in ("contractor", "company") else "both"
    return meta["id"], audience, meta["title"], summary, headings


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    kb = pathlib.Path(sys.argv[1])
    entries = sorted(e for e in (entry(p) for p in kb.glob("*/*.md") if not p.parent.name.startswith("_")) if e)
    print("# Catalog of knowledge-base articles (id, audience, title, what the article answers)\n")
    for article_id, audience, title, summary, headings in entries:
        print(f"- **{article_id}** [{audience}] {title}\n  {summary}\n  Sections: {'; '.join(headings)}\n")


if __name__ == "__main__":
    main()
