#!/usr/bin/env python3
"""Self-test for lint_feeds.py: builds small catalogues in a temp dir and checks
that the linter accepts a good one and rejects each bad one, naming the problem.

Usage: python3 tests/feeds/lint_feeds_selftest.py      (exit 0 = all passed)
"""

import os
import re
import subprocess
import sys
import tempfile

LINT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lint_feeds.py")


def feed(name="alpha", url="https://example.org/feed/", site="https://example.org/",
         country="KG", languages='["ru"]', confidence="B", confirmed="true",
         extra="", enabled="true"):
    return f'''
[[feed]]
name = "{name}"
url = "{url}"
site = "{site}"
country = "{country}"
languages = {languages}
confidence = "{confidence}"
confirmed = {confirmed}
enabled = {enabled}
note = "test feed"
{extra}'''


GOOD_A = "# good file A\n" + feed() + feed(name="beta", url="https://www.example.net/rss",
                                          site="https://www.example.net/", confidence="D",
                                          confirmed="false", languages='["uz-Latn", "uz-Cyrl"]')
GOOD_B = "# good file B\n" + feed(name="gamma", url="http://example.com/api/z-$ab_c",
                                  site="http://example.com/", country="XX",
                                  languages='["kk", "kk-Latn", "tk", "tg", "ky", "en"]',
                                  confidence="A")

# (label, {filename: text}, [regexes that must all appear in one output line])
CASES = [
    ("duplicate name across files",
     {"a.toml": GOOD_A, "b.toml": feed(name="alpha", url="https://other.example/feed")},
     [r"b\.toml:\d+: name: duplicate name 'alpha'"]),
    ("duplicate name within file",
     {"a.toml": feed() + feed(url="https://other.example/feed")},
     [r"a\.toml:\d+: name: duplicate name 'alpha'"]),
    ("relative url",
     {"a.toml": feed(url="/feed/")},
     [r"a\.toml:\d+: url: must be an absolute http\(s\) URL"]),
    ("relative site",
     {"a.toml": feed(site="example.org")},
     [r"a\.toml:\d+: site: must be an absolute http\(s\) URL"]),
    ("non-http scheme",
     {"a.toml": feed(url="ftp://example.org/feed")},
     [r"a\.toml:\d+: url: must be an absolute http\(s\) URL"]),
    ("unknown key",
     {"a.toml": feed(extra='tags = ["x"]')},
     [r"a\.toml:\d+: tags: unknown key"]),
    ("bad confidence",
     {"a.toml": feed(confidence="E", confirmed="false")},
     [r"a\.toml:\d+: confidence: 'E' must be one of A, B, C, D"]),
    ("cross grade confidence",
     {"a.toml": feed(confidence="C+", confirmed="false")},
     [r"a\.toml:\d+: confidence: 'C\+'"]),
    ("confirmed with C",
     {"a.toml": feed(confidence="C", confirmed="true")},
     [r"a\.toml:\d+: confirmed: true requires confidence A or B"]),
    ("duplicate url (host case, trailing slash)",
     {"a.toml": feed() + feed(name="beta", url="https://EXAMPLE.org/feed")},
     [r"a\.toml:\d+: url: duplicate url"]),
    ("bad name",
     {"a.toml": feed(name="Alpha_1")},
     [r"a\.toml:\d+: name: 'Alpha_1' must match"]),
    ("bad country",
     {"a.toml": feed(country="kg")},
     [r"a\.toml:\d+: country: 'kg' must be two uppercase letters"]),
    ("bad language",
     {"a.toml": feed(languages='["uz"]')},
     [r"a\.toml:\d+: languages: 'uz' not in"]),
    ("empty languages",
     {"a.toml": feed(languages="[]")},
     [r"a\.toml:\d+: languages: must not be empty"]),
    ("missing field",
     {"a.toml": feed().replace('note = "test feed"\n', "")},
     [r"a\.toml:\d+: note: missing required field"]),
    ("wrong type",
     {"a.toml": feed(confirmed='"yes"')},
     [r"a\.toml:\d+: confirmed: must be a boolean"]),
    ("invalid toml",
     {"a.toml": feed() + "\nname = \n"},
     [r"a\.toml:\d+: toml: invalid TOML"]),
    ("top-level non-feed table",
     {"a.toml": feed() + "\n[meta]\nowner = \"x\"\n"},
     [r"a\.toml:\d+: meta: only \[\[feed\]\] tables"]),
    ("top-level bare key",
     {"a.toml": 'version = 1\n' + feed()},
     [r"a\.toml:1: version: only \[\[feed\]\] tables"]),
]


def run(files, subdirs=None):
    with tempfile.TemporaryDirectory() as d:
        for fname, text in files.items():
            with open(os.path.join(d, fname), "w", encoding="utf-8") as fh:
                fh.write(text)
        for sub, subfiles in (subdirs or {}).items():
            os.mkdir(os.path.join(d, sub))
            for fname, text in subfiles.items():
                with open(os.path.join(d, sub, fname), "w", encoding="utf-8") as fh:
                    fh.write(text)
        p = subprocess.run([sys.executable, LINT, d], capture_output=True, text=True, timeout=60)
        return p.returncode, p.stdout + p.stderr


def main():
    failures = 0

    def fail(label, msg, out):
        nonlocal failures
        failures += 1
        print(f"FAIL {label}: {msg}\n--- output ---\n{out}--------------")

    # Good catalogue; a broken file in a subfolder must be ignored.
    rc, out = run({"a.toml": GOOD_A, "b.toml": GOOD_B},
                  subdirs={"attic": {"bad.toml": "this is not toml ="}})
    if rc != 0 or out.strip() != "3 feeds in 2 files OK":
        fail("good catalogue", f"expected rc 0 and '3 feeds in 2 files OK', got rc {rc}", out)
    else:
        print("ok   good catalogue")

    for label, files, patterns in CASES:
        rc, out = run(files)
        if rc != 1:
            fail(label, f"expected exit 1, got {rc}", out)
            continue
        lines = out.splitlines()
        missing = [p for p in patterns if not any(re.search(p, ln) for ln in lines)]
        if missing:
            fail(label, f"no output line matches {missing}", out)
            continue
        bad_format = [ln for ln in lines if not re.match(r"^.+:\d+: [^:]+: .+", ln)]
        if bad_format:
            fail(label, f"lines not in FILE:LINE: key: message form: {bad_format}", out)
            continue
        print(f"ok   {label}")

    # Line numbers: the duplicate name in a.toml must point at the second name line.
    text = feed() + feed(url="https://other.example/feed")
    want = [i + 1 for i, ln in enumerate(text.splitlines()) if ln.startswith("name =")][1]
    rc, out = run({"a.toml": text})
    if not re.search(rf"a\.toml:{want}: name: duplicate", out):
        fail("line number", f"expected duplicate name reported at line {want}", out)
    else:
        print("ok   line number")

    if failures:
        print(f"{failures} self-test case(s) FAILED")
        return 1
    print("all lint self-tests passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
