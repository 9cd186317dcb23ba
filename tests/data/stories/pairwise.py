#!/usr/bin/env python3
"""Pairwise precision/recall of a story grouping against tests/data/stories/stories.jsonl.

Usage: pairwise.py PREDICTIONS.jsonl [--gold stories.jsonl] [--hard hard_negatives.json]

PREDICTIONS.jsonl holds one object per line, {"id": "s-001", "group": "<any label>"}; items
missing from it count as singletons. Prints pairwise precision, recall and F1, the merged pairs
that cross a hard-negative group, and exits 1 when precision or recall is below --min (0.9).
Standard library only.
"""
import argparse, itertools, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def same_pairs(label_of):
    groups = {}
    for item, label in label_of.items():
        groups.setdefault(label, []).append(item)
    return {tuple(sorted(p)) for members in groups.values() for p in itertools.combinations(members, 2)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("predictions")
    ap.add_argument("--gold", default=os.path.join(HERE, "stories.jsonl"))
    ap.add_argument("--hard", default=os.path.join(HERE, "hard_negatives.json"))
    ap.add_argument("--min", type=float, default=0.9)
    args = ap.parse_args()

    gold_items = load_jsonl(args.gold)
    gold = {d["id"]: d["story"] for d in gold_items}
    pred = {d["id"]: str(d["group"]) for d in load_jsonl(args.predictions) if d["id"] in gold}
    for item in gold:  # unlisted items are singletons
        pred.setdefault(item, "__single__" + item)

    g, p = same_pairs(gold), same_pairs(pred)
    tp = len(g & p)
    precision = tp / len(p) if p else 1.0
    recall = tp / len(g) if g else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"items {len(gold)}  gold pairs {len(g)}  predicted pairs {len(p)}  correct {tp}")
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")

    with open(args.hard, encoding="utf-8") as f:
        hard = json.load(f)["groups"]
    bad = 0
    for grp in hard:
        stories = set(grp["stories"])
        for a, b in sorted(p - g):
            if gold[a] in stories and gold[b] in stories:
                bad += 1
                print(f"hard negative {grp['id']}: merged {a} ({gold[a]}) with {b} ({gold[b]})")
    print(f"hard-negative merges {bad}")
    return 0 if precision >= args.min and recall >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
