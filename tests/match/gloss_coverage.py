#!/usr/bin/env python3
"""Check that rules/glosses.toml glosses every term of the rules' term lists.

Usage: gloss_coverage.py RULES_DIR

Loads every RULES_DIR/lists_*.toml and RULES_DIR/glosses.toml (table [gloss], one
entry per term: "TERM" = { en = "...", ru = "..." }). A term is a string of a
[[list]]'s `terms` array or a key of its `weights` table, exactly as written in the
TOML string (so the phrase '"груз 200"' has the key "\\"груз 200\\""), except
entries made only of @list references and operators ("@not_sport",
"(@detention AND @contract)", "@war_signals>=5"); expressions that contain words,
such as '((lang:ky OR lang:kk) AND майдан*)', are terms.

Prints, and exits 1 on, any of:
  * a term with no gloss ("missing gloss");
  * a gloss whose key no list has ("stale gloss");
  * a gloss without a non-empty en or ru ("incomplete gloss").
Otherwise prints "N terms glossed" and exits 0. Standard library only (Python 3.11+).
"""
import glob
import os
import re
import sys
import tomllib

REF = re.compile(r"@[\w]+(?:>=\d+)?")
OPERATOR = re.compile(r"\b(?:AND|OR|NOT|NEAR/\d+)\b")


def references_only(term):
    """True for list references and operator expressions over them."""
    rest = OPERATOR.sub(" ", REF.sub(" ", term))
    return rest.strip(" ()\t") == ""


def list_terms(rules_dir):
    """{term: [(file, list name), ...]} over every lists_*.toml in rules_dir."""
    terms = {}
    paths = sorted(glob.glob(os.path.join(rules_dir, "lists_*.toml")))
    if not paths:
        raise SystemExit(f"gloss_coverage: no lists_*.toml in {rules_dir}")
    for path in paths:
        with open(path, "rb") as f:
            data = tomllib.load(f)
        for lst in data.get("list", []):
            name = lst.get("name", "?")
            entries = list(lst.get("terms", [])) + list(lst.get("weights", {}).keys())
            for term in entries:
                if isinstance(term, str) and not references_only(term):
                    terms.setdefault(term, []).append((os.path.basename(path), name))
    return terms


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    rules_dir = argv[1]
    terms = list_terms(rules_dir)

    gloss_path = os.path.join(rules_dir, "glosses.toml")
    try:
        with open(gloss_path, "rb") as f:
            glosses = tomllib.load(f).get("gloss", {})
    except FileNotFoundError:
        print(f"missing file: {gloss_path}")
        return 1
    except tomllib.TOMLDecodeError as e:
        print(f"invalid TOML in {gloss_path}: {e}")
        return 1

    problems = 0
    for term, where in terms.items():
        if term not in glosses:
            file, name = where[0]
            print(f"missing gloss: {term!r} ({file}, list {name})")
            problems += 1
    for term, entry in glosses.items():
        if term not in terms:
            print(f"stale gloss: {term!r} (no list has this term)")
            problems += 1
            continue
        for field in ("en", "ru"):
            value = entry.get(field) if isinstance(entry, dict) else None
            if not isinstance(value, str) or not value.strip():
                print(f"incomplete gloss: {term!r} has no {field}")
                problems += 1
    if problems:
        print(f"{problems} problem(s); {len(terms)} terms in the lists, {len(glosses)} glosses")
        return 1
    print(f"{len(terms)} terms glossed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
