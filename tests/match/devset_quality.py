#!/usr/bin/env python3
"""Precision and recall of a rule set on the labeled development set
(tests/data/match/devset.jsonl), overall and per language, through
`khabar match` — the same engine as the daemon. An item counts as flagged
when any rule matches it. Fails when overall precision or recall is below
the bar (default 0.90 each).

usage: devset_quality.py --khabar BIN --rules RULES.toml --devset FILE [--min 0.90] [--show-errors]
                         [--subset all|even|odd]
"""
import argparse
import collections
import json
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--rules", required=True)
    parser.add_argument("--devset", required=True)
    parser.add_argument("--min", type=float, default=0.90)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--subset", choices=["all", "even", "odd"], default="all",
                        help="items whose id number is even (for tuning) or odd (held out)")
    args = parser.parse_args()

    with open(args.devset, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    if args.subset != "all":
        parity = 0 if args.subset == "even" else 1
        items = [i for i in items if int(i["id"].rsplit("-", 1)[1]) % 2 == parity]
    # The declared language goes in as a feed would declare it.
    lines = "".join(json.dumps({"id": i["id"], "title": i["title"], "summary": i["summary"],
                                "lang": i["lang"].split("-")[0]}, ensure_ascii=False) + "\n" for i in items)
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
        for group in ("all", item["lang"]):
            counts[group][key] += 1
        if key in ("fp", "fn"):
            errors.append((key, item))

    def ratio(a, b):
        return a / b if b else 1.0

    print("%-8s %5s %5s %5s %5s %9s %6s" % ("lang", "items", "tp", "fp", "fn", "precision", "recall"))
    for group in ["all"] + sorted(g for g in counts if g != "all"):
        c = counts[group]
        print("%-8s %5d %5d %5d %5d %9.3f %6.3f" % (group, sum(c.values()), c["tp"], c["fp"], c["fn"],
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
