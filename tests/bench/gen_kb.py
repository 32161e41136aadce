#!/usr/bin/env python3
"""Generates a synthetic Russian knowledge base of N articles for the benchmarks.

Every article follows kb/README.md (YAML front matter + Markdown body) and is built from the
vocabulary of the real kb/: its titles, questions, tags and body sentences are recombined, so the
stemmer, the synonyms and the spelling data see realistic Russian. Output is deterministic for a
given --seed.

    gen_kb.py --articles 10000 --source kb --out /tmp/bench-kb
"""
import argparse
import pathlib
import random
import re
import shutil
import sys

import yaml

SECTIONS = ["payouts", "acts", "tax", "receipts", "status", "company", "kopilka", "registration"]
SOURCES = ["422-ФЗ, ст. 4", "422-ФЗ, ст. 8", "422-ФЗ, ст. 11", "422-ФЗ, ст. 14",
           "ФНС: npd.nalog.gov.ru"]
WORD = re.compile(r"[А-Яа-яЁёA-Za-z0-9-]+")


def read_article(path):
    """Returns (front matter dict, body) of one real article, or None if it is not one."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return None
    head, _, body = text[4:].partition("\n---\n")
    meta = yaml.safe_load(head)
    return (meta, body) if isinstance(meta, dict) and meta.get("status") == "published" else None


def body_sentences(body):
    """Plain prose sentences of a body: no headings, tables, code or kb links."""
    out = []
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "|", "```", ">")) or "`" in line:
            continue
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)   # [text](kb:id) -> text
        line = re.sub(r"^(\d+\.|[-*])\s+", "", line).replace("**", "")
        out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if len(WORD.findall(s)) >= 4)
    return out


def load_corpus(kb):
    articles = []
    for path in sorted(kb.glob("*/*.md")):
        parsed = read_article(path)
        if parsed:
            meta, body = parsed
            articles.append({"title": meta["title"], "tags": list(meta.get("tags") or []),
                             "questions": list(meta.get("questions") or []),
                             "sentences": body_sentences(body)})
    if not articles:
        sys.exit(f"gen_kb: no published articles under {kb}")
    return articles


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_article(number, rng, articles, all_sentences, vocabulary):
    topic = rng.choice(articles)
    other = rng.choice(articles)
    # A title and questions that are the topic's own, nudged by a word or two from elsewhere so that
    # 100 000 articles are not 87 exact copies.
    extra = " ".join(rng.sample(vocabulary, rng.randint(1, 2)))
    title = f"{topic['title']}: {extra}"
    questions = rng.sample(topic["questions"], min(len(topic["questions"]), rng.randint(4, 6)))
    questions = [q if rng.random() < 0.5 else f"{q} {rng.choice(vocabulary)}" for q in questions]
    questions += rng.sample(other["questions"], 1)
    tags = sorted(set(rng.sample(topic["tags"], min(len(topic["tags"]), 3)) + rng.sample(vocabulary, 1)))

    target_words = rng.randint(150, 600)
    own = topic["sentences"] or all_sentences
    paragraphs, paragraph, words = [], [], 0
    while words < target_words:
        sentence = rng.choice(own) if rng.random() < 0.6 else rng.choice(all_sentences)
        paragraph.append(sentence)
        words += len(WORD.findall(sentence))
        if len(paragraph) >= rng.randint(2, 5):
            paragraphs.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        paragraphs.append(" ".join(paragraph))
    body = [paragraphs[0], ""]
    for i, paragraph_text in enumerate(paragraphs[1:], 1):
        if i % 3 == 1:
            body += [f"## {rng.choice(articles)['title']}", ""]
        body += [paragraph_text, ""]
    body += ["## Если не помогло", "",
             f"Напишите нам: `spravka ask \"{questions[0]}\" --ticket`.", ""]

    article_id = f"bench-{number:05d}"
    front = [
        "---",
        f"id: {article_id}",
        f"title: {yaml_str(title)}",
        f"audience: {rng.choice(['contractor', 'contractor', 'company', 'both'])}",
        "tags: [" + ", ".join(yaml_str(t) for t in tags) + "]",
        "questions:",
        *[f"  - {yaml_str(q)}" for q in questions],
        "status: published",
        "updated: 2026-11-20",
        "review_by: 2027-05-20",
        "sources:",
        f"  - {yaml_str(rng.choice(SOURCES))}",
        "---",
        "",
    ]
    return SECTIONS[number % len(SECTIONS)], article_id, "\n".join(front + body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", "-n", type=int, required=True)
    parser.add_argument("--source", type=pathlib.Path, default=pathlib.Path(__file__).parents[2] / "kb")
    parser.add_argument("--out", type=pathlib.Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    articles = load_corpus(args.source)
    all_sentences = [s for a in articles for s in a["sentences"]]
    vocabulary = sorted({w.lower() for a in articles for s in a["sentences"] + a["questions"]
                         for w in WORD.findall(s) if len(w) >= 4 and not w[0].isdigit()})
    rng = random.Random(args.seed)

    if args.out.exists():
        shutil.rmtree(args.out)
    shutil.copytree(args.source / "_meta", args.out / "_meta")
    for section in SECTIONS:
        (args.out / section).mkdir(parents=True)
    for number in range(1, args.articles + 1):
        section, article_id, text = make_article(number, rng, articles, all_sentences, vocabulary)
        (args.out / section / f"{article_id}.md").write_text(text, encoding="utf-8")
    print(f"gen_kb: {args.articles} articles from {len(articles)} real ones in {args.out}")


if __name__ == "__main__":
    main()
