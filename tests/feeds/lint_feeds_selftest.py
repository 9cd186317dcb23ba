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

# The three kinds of source and the keys that go with them.
HTML_XPATHS = (
    'xpath_item = "//ul[contains(concat(\' \', normalize-space(@class), \' \'), \' news \')]/li"\n'
    'xpath_link = ".//a/@href"\n'
    'xpath_title = "(.//a)[1]/text()[normalize-space()][1]"\n'
    'xpath_date = ".//time/@datetime"\n'
    'xpath_summary = ".//p[1]"\n'
    'xpath_author = "./span[@class=\'by\']"\n')


def tg(name="chan-tg", handle="Some_Chan1", extra="", **kw):
    return feed(name=name, url=f"https://t.me/s/{handle}", site=f"https://t.me/{handle}",
                extra='type = "telegram"\n' + extra, **kw)


def html(name="page", url="https://example.org/news", extra=None, **kw):
    body = 'type = "html"\n' + (HTML_XPATHS if extra is None else extra)
    return feed(name=name, url=url, extra=body, **kw)


GOOD_C = ("# good file C: telegram, html and explicit rss\n"
          + tg(extra='backfill = 50\nfetch_article = "never"\n')
          + tg(name="chan2-tg", handle="abcde")
          + tg(name="chan3-tg", handle="a" * 32)
          + html(extra=HTML_XPATHS + 'fetch_article = "candidates"\n'
                 'xpath_article = "//div[contains(@class, \'article\')]"\n')
          + feed(name="delta", url="https://example.org/rss.xml",
                 extra='type = "rss"\nfetch_article = "always"\nxpath_article = "//article"\n'))

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
    # --- type ---
    ("unknown type",
     {"a.toml": feed(extra='type = "atom"')},
     [r"a\.toml:\d+: type: 'atom' must be one of rss, telegram, html"]),
    ("type not a string",
     {"a.toml": feed(extra='type = 1')},
     [r"a\.toml:\d+: type: must be a string"]),
    # --- telegram ---
    ("telegram url without /s/",
     {"a.toml": feed(url="https://t.me/somechan", extra='type = "telegram"')},
     [r"a\.toml:\d+: url: a telegram feed's url must be https://t\.me/s/HANDLE"]),
    ("telegram url with query",
     {"a.toml": feed(url="https://t.me/s/somechan?before=10", extra='type = "telegram"')},
     [r"a\.toml:\d+: url: a telegram feed's url must be https://t\.me/s/HANDLE"]),
    ("telegram url over http",
     {"a.toml": feed(url="http://t.me/s/somechan", extra='type = "telegram"')},
     [r"a\.toml:\d+: url: a telegram feed's url must be https://t\.me/s/HANDLE"]),
    ("telegram url on another host",
     {"a.toml": feed(url="https://example.org/s/somechan", extra='type = "telegram"')},
     [r"a\.toml:\d+: url: a telegram feed's url must be https://t\.me/s/HANDLE"]),
    ("telegram handle too short",
     {"a.toml": tg(handle="abcd")},
     [r"a\.toml:\d+: url: telegram handle 'abcd' must be 5-32 characters"]),
    ("telegram handle too long",
     {"a.toml": tg(handle="a" * 33)},
     [r"a\.toml:\d+: url: telegram handle 'a{33}' must be 5-32 characters"]),
    ("telegram handle starting with a digit",
     {"a.toml": tg(handle="24news")},
     [r"a\.toml:\d+: url: telegram handle '24news' must be .* starting with a letter"]),
    ("telegram handle starting with an underscore",
     {"a.toml": tg(handle="_news24")},
     [r"a\.toml:\d+: url: telegram handle '_news24' must be"]),
    ("telegram handle with a hyphen",
     {"a.toml": tg(handle="some-chan")},
     [r"a\.toml:\d+: url: telegram handle 'some-chan' must be"]),
    ("t.me url without type = telegram",
     {"a.toml": feed(url="https://t.me/s/somechan")},
     [r"a\.toml:\d+: url: 'https://t\.me/s/somechan' is a Telegram channel: set type"]),
    ("duplicate telegram handle, other case",
     {"a.toml": tg(handle="SomeChan"), "b.toml": tg(name="other-tg", handle="somechan")},
     [r"b\.toml:\d+: url: duplicate url 'https://t\.me/s/somechan'"]),
    ("duplicate telegram handle, t.me/X vs t.me/s/X",
     {"a.toml": tg(handle="SomeChan") + feed(name="other", url="https://t.me/somechan/")},
     [r"a\.toml:\d+: url: duplicate url 'https://t\.me/somechan/'"]),
    ("backfill on an rss feed",
     {"a.toml": feed(extra='backfill = 100')},
     [r"a\.toml:\d+: backfill: only allowed with type = \"telegram\""]),
    ("backfill over the limit",
     {"a.toml": tg(extra='backfill = 2001')},
     [r"a\.toml:\d+: backfill: must be between 0 and 2000"]),
    ("backfill a string",
     {"a.toml": tg(extra='backfill = "100"')},
     [r"a\.toml:\d+: backfill: must be an integer"]),
    ("backfill a boolean",
     {"a.toml": tg(extra='backfill = true')},
     [r"a\.toml:\d+: backfill: must be an integer"]),
    ("backfill a float",
     {"a.toml": tg(extra='backfill = 1.5')},
     [r"a\.toml:\d+: backfill: must be an integer"]),
    # --- html ---
    ("html without xpath_item",
     {"a.toml": html(extra='xpath_link = ".//a/@href"\n')},
     [r"a\.toml:\d+: xpath_item: required when type = \"html\""]),
    ("html without xpath_link",
     {"a.toml": html(extra='xpath_item = "//li"\n')},
     [r"a\.toml:\d+: xpath_link: required when type = \"html\""]),
    ("xpath_title on an rss feed",
     {"a.toml": feed(extra='xpath_title = ".//h2"')},
     [r"a\.toml:\d+: xpath_title: only allowed with type = \"html\""]),
    ("xpath_item on a telegram feed",
     {"a.toml": tg(extra='xpath_item = "//li"')},
     [r"a\.toml:\d+: xpath_item: only allowed with type = \"html\""]),
    ("xpath_link not a string",
     {"a.toml": html(extra='xpath_item = "//li"\nxpath_link = 3\n')},
     [r"a\.toml:\d+: xpath_link: must be a string"]),
    ("xpath unbalanced bracket",
     {"a.toml": html(extra='xpath_item = "//li[@class=\'x\'"\nxpath_link = ".//a/@href"\n')},
     [r"a\.toml:\d+: xpath_item: unclosed '\['"]),
    ("xpath unclosed quote",
     {"a.toml": feed(extra='xpath_article = "//div[@id=\'main]"')},
     [r"a\.toml:\d+: xpath_article: unclosed ' quote"]),
    ("xpath giving a string, not nodes",
     {"a.toml": html(extra='xpath_item = "//li"\nxpath_link = ".//a/@href"\nxpath_title = "normalize-space(.//h2)"\n')},
     [r"a\.toml:\d+: xpath_title: must select nodes, but normalize-space\(\) gives"]),
    ("xpath giving a number, not nodes",
     {"a.toml": feed(extra='xpath_article = "count(//p)"')},
     [r"a\.toml:\d+: xpath_article: must select nodes, but count\(\) gives"]),
    ("xpath empty",
     {"a.toml": html(extra='xpath_item = "  "\nxpath_link = ".//a/@href"\n')},
     [r"a\.toml:\d+: xpath_item: must not be empty"]),
    ("absolute item-relative xpath",
     {"a.toml": html(extra='xpath_item = "//li"\nxpath_link = "//a/@href"\n')},
     [r"a\.toml:\d+: xpath_link: is evaluated relative to each xpath_item node"]),
    # --- fetch_article ---
    ("fetch_article unknown value",
     {"a.toml": feed(extra='fetch_article = "sometimes"')},
     [r"a\.toml:\d+: fetch_article: 'sometimes' must be one of never, candidates, always"]),
    ("fetch_article not a string",
     {"a.toml": feed(extra='fetch_article = true')},
     [r"a\.toml:\d+: fetch_article: must be a string"]),
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
    rc, out = run({"a.toml": GOOD_A, "b.toml": GOOD_B, "c.toml": GOOD_C},
                  subdirs={"attic": {"bad.toml": "this is not toml ="}})
    if rc != 0 or out.strip() != "8 feeds in 3 files OK":
        fail("good catalogue", f"expected rc 0 and '8 feeds in 3 files OK', got rc {rc}", out)
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

    # Line numbers for the new keys: a bad backfill points at its own line.
    text = tg(extra='backfill = -5\n')
    want = [i + 1 for i, ln in enumerate(text.splitlines()) if ln.startswith("backfill =")][0]
    rc, out = run({"a.toml": text})
    if not re.search(rf"a\.toml:{want}: backfill: must be between 0 and 2000", out):
        fail("line number (backfill)", f"expected bad backfill reported at line {want}", out)
    else:
        print("ok   line number (backfill)")

    if failures:
        print(f"{failures} self-test case(s) FAILED")
        return 1
    print("all lint self-tests passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
