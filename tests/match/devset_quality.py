#!/usr/bin/env python3
"""Precision and recall of a rule set on the labeled development sets
(tests/data/match/devset.jsonl, real.jsonl), overall and per language, through
`khabar match` — the same engine as the daemon. An item counts as flagged
when any rule matches it. Fails when overall precision or recall is below
the bar (default 0.90 each).

An item's `content` (article text, in real.jsonl) is passed on to the matcher
as a `content` key when present. `--devset` takes one or more files; with more
than one, figures are also printed per file. `--kinds` prints figures per kind,
read from the `(kind: ...)` tag in each item's note.

usage: devset_quality.py --khabar BIN --rules RULES.toml --devset FILE [FILE ...] [--min 0.90]
                         [--show-errors] [--subset all|even|odd] [--kinds]
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--rules", required=True)
    parser.add_argument("--devset", required=True, nargs="+", action="extend",
                        help="one or more JSON-lines files (may be repeated)")
    parser.add_argument("--min", type=float, default=0.90)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--subset", choices=["all", "even", "odd"], default="all",
                        help="items whose id number is even (for tuning) or odd (held out)")
    parser.add_argument("--kinds", action="store_true",
                        help="also print figures per kind, from the '(kind: ...)' tag of each note")
    args = parser.parse_args()

    items = []
    for path in args.devset:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    item = json.loads(line)
                    item["_file"] = os.path.basename(path)
                    items.append(item)
    if args.subset != "all":
        parity = 0 if args.subset == "even" else 1
        items = [i for i in items if int(i["id"].rsplit("-", 1)[1]) % 2 == parity]
    # The declared language goes in as a feed would declare it.
    def request(i):
        req = {"id": i["id"], "title": i["title"], "summary": i["summary"], "lang": i["lang"].split("-")[0]}
        if i.get("content"):
            req["content"] = i["content"]
        return json.dumps(req, ensure_ascii=False) + "\n"
    lines = "".join(request(i) for i in items)
    result = subprocess.run([args.khabar, "match", "-r", args.rules], input=lines, capture_output=True,
                            text=True, timeout=120)
    if result.returncode != 0:
        print(result.stderr)
        sys.exit(1)
    flagged = {}
    for line in result.stdout.splitlines():
        out = json.loads(line)
        flagged[out["id"]] = bool(out["rules"])

    counts = collections.defaultdict(lambda: collections.Counter())
    errors = []
    for item in items:
        got, want = flagged[item["id"]], item["relevant"]
        key = ("tp" if want else "fp") if got else ("fn" if want else "tn")
        groups = ["all", item["lang"]]
        if len(args.devset) > 1:
            groups.append("file:" + item["_file"])
        if args.kinds:
            kind = re.search(r"\(kind: ([^)]+)\)", item.get("note", ""))
            groups.append("kind:" + (kind.group(1) if kind else "-"))
        for group in groups:
            counts[group][key] += 1
        if key in ("fp", "fn"):
            errors.append((key, item))

    def ratio(a, b):
        return a / b if b else 1.0

    plain = sorted(g for g in counts if g != "all" and ":" not in g)
    extra = sorted(g for g in counts if ":" in g)
    width = max([8] + [len(g) for g in extra])
    print("%-*s %5s %5s %5s %5s %9s %6s" % (width, "lang", "items", "tp", "fp", "fn", "precision", "recall"))
    for group in ["all"] + plain + extra:
        c = counts[group]
        print("%-*s %5d %5d %5d %5d %9.3f %6.3f" % (width, group, sum(c.values()), c["tp"], c["fp"], c["fn"],
                                                    ratio(c["tp"], c["tp"] + c["fp"]), ratio(c["tp"], c["tp"] + c["fn"])))
    if args.show_errors:
        for key, item in errors:
            print("%s %s [%s] %s | %s" % (key.upper(), item["id"], item.get("note", ""), item["title"], item["summary"][:160]))
    c = counts["all"]
    precision, recall = ratio(c["tp"], c["tp"] + c["fp"]), ratio(c["tp"], c["tp"] + c["fn"])
    ok = precision >= args.min and recall >= args.min
    print("%d passed, %d failed" % (int(ok), int(not ok)))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
