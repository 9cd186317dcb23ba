#!/usr/bin/env python3
"""Writes the matching benchmark's inputs: N items as JSON lines
{"id", "title", "summary", "lang"}, drawn from the labeled development set's
real headlines and ledes in the region's languages (recombined: each item
takes the title of one and the summary of another), and a rules file of M
generated rules over that vocabulary using prefixes, phrases, NOT, NEAR and
field scope.

With --long-texts FILE it also writes long texts: every labeled real report
with article text (tests/data/match/real*.jsonl: title, summary and content),
shuffled, twelve times over.

usage: gen_match_corpus.py ITEMS.jsonl RULES.toml [--items-count 50000] [--rules-count 1000]
                           [--long-texts LONG.jsonl]
"""
import argparse
import glob
import json
import os
import random
import re

DEVSET = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "match", "devset.jsonl")


def load_devset():
    with open(DEVSET, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    words = {}
    for item in items:
        for word in re.findall(r"\w{4,}", item["title"] + " " + item["summary"]):
            words.setdefault(item["lang"], set()).add(word.lower())
    return items, {lang: sorted(ws) for lang, ws in words.items()}


def term(rng, words):
    word = rng.choice(words)
    roll = rng.random()
    if roll < 0.5 and len(word) > 4:
        return word[: max(3, len(word) - 3)] + "*"
    if roll < 0.65:
        return '"%s %s"' % (word, rng.choice(words))
    return word


def rule(rng, n, vocabulary):
    words = vocabulary[rng.choice(sorted(vocabulary))]
    group = lambda k: "(" + " OR ".join(term(rng, words) for _ in range(k)) + ")"
    shape = n % 4
    if shape == 0:
        query = "%s AND %s" % (group(3), group(3))
    elif shape == 1:
        query = "%s AND %s AND NOT %s" % (group(4), group(2), group(2))
    elif shape == 2:
        query = "%s NEAR/5 %s" % (term(rng, words), term(rng, words))
    else:
        query = "title:%s AND %s" % (group(2), group(5))
    return query


def write_long_texts(path, rounds=12):
    items = []
    for name in sorted(glob.glob(os.path.join(os.path.dirname(DEVSET), "real*.jsonl"))):
        with open(name, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                if d.get("content"):
                    items.append({k: d[k] for k in ("title", "summary", "content", "lang")})
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(rounds):
            rng.shuffle(items)
            for item in items:
                f.write(json.dumps(item, ensure_ascii=False) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("items")
    parser.add_argument("rules")
    parser.add_argument("--items-count", type=int, default=50000)
    parser.add_argument("--rules-count", type=int, default=1000)
    parser.add_argument("--long-texts")
    args = parser.parse_args()
    if args.long_texts:
        write_long_texts(args.long_texts)
    rng = random.Random(1125)
    devset, vocabulary = load_devset()
    by_lang = {}
    for item in devset:
        by_lang.setdefault(item["lang"], []).append(item)
    langs = sorted(by_lang)
    with open(args.items, "w", encoding="utf-8") as f:
        for i in range(args.items_count):
            pool = by_lang[langs[i % len(langs)]]
            a, b = rng.choice(pool), rng.choice(pool)
            item = {"id": i, "title": a["title"], "summary": b["summary"], "lang": a["lang"].split("-")[0]}
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    with open(args.rules, "w", encoding="utf-8") as f:
        for n in range(args.rules_count):
            f.write("[[rule]]\nname = \"generated-%04d\"\nquery = '%s'\n\n" % (n, rule(rng, n, vocabulary).replace("'", "")))


if __name__ == "__main__":
    main()
