#!/usr/bin/env python3
"""Lint the khabar feed catalogue.

Usage: python3 tests/feeds/lint_feeds.py FEEDS_DIR

Checks every *.toml file directly inside FEEDS_DIR (subfolders are ignored).
Each file must hold only an array of [[feed]] tables.  On problems, prints one
line per problem as ``FILE:LINE: key: message`` and exits 1; otherwise prints
``N feeds in M files OK`` and exits 0.  Standard library only (Python >= 3.11).

Kinds of source (``type``): absent or "rss" (RSS/Atom/JSON Feed), "telegram"
(a public channel's web preview, url ``https://t.me/s/HANDLE``, optional
``backfill``) and "html" (a page scraped with XPath 1.0: ``xpath_item`` and
``xpath_link`` required; ``xpath_title``, ``xpath_date``, ``xpath_summary``,
``xpath_author`` optional).  Any feed may set ``fetch_article`` and
``xpath_article``.
"""

import os
import re
import sys
import tomllib
from urllib.parse import urlsplit

REQUIRED = {
    "name": str,
    "url": str,
    "site": str,
    "country": str,
    "languages": list,
    "confidence": str,
    "confirmed": bool,
    "note": str,
}
OPTIONAL = {
    "enabled": bool,
    "type": str,
    "backfill": int,
    "fetch_article": str,
    "xpath_item": str,
    "xpath_link": str,
    "xpath_title": str,
    "xpath_date": str,
    "xpath_summary": str,
    "xpath_author": str,
    "xpath_article": str,
}
ALLOWED_KEYS = set(REQUIRED) | set(OPTIONAL)
TYPES = ("rss", "telegram", "html")
FETCH_ARTICLE = ("never", "candidates", "always")
# XPath keys evaluated against each item node of an html feed (so relative).
HTML_ITEM_XPATHS = ("xpath_link", "xpath_title", "xpath_date", "xpath_summary", "xpath_author")
HTML_ONLY_KEYS = ("xpath_item",) + HTML_ITEM_XPATHS
HTML_REQUIRED = ("xpath_item", "xpath_link")
XPATH_KEYS = HTML_ONLY_KEYS + ("xpath_article",)
TELEGRAM_URL_RE = re.compile(r"^https://t\.me/s/([^/?#]+)$")
# Telegram's rule for public names, as khabar's loader applies it (is_telegram_name).
TELEGRAM_HANDLE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")
TELEGRAM_HOSTS = {"t.me", "www.t.me", "telegram.me", "www.telegram.me"}
LANGUAGES = {"ru", "en", "ky", "tg", "uz-Latn", "uz-Cyrl", "kk", "kk-Latn", "tk"}
CONFIDENCE = {"A", "B", "C", "D"}
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
HEADER_RE = re.compile(r"^\s*\[\[\s*feed\s*\]\]\s*(#.*)?$")
TABLE_RE = re.compile(r"^\s*\[")
TYPE_NAMES = {str: "string", list: "array", bool: "boolean", int: "integer"}


class FileText:
    """Best-effort mapping from (feed index, key) to a line number."""

    def __init__(self, text):
        self.lines = text.splitlines()
        self.headers = [i for i, ln in enumerate(self.lines) if HEADER_RE.match(ln)]

    def _is_code(self, ln):
        s = ln.strip()
        return bool(s) and not s.startswith("#")

    def top_level_line(self, key):
        """1-based line of a top-level table header or bare key, else 1."""
        k = re.escape(key)
        pat = re.compile(r'^\s*(\[+\s*["\']?' + k + r'\b|["\']?' + k + r'["\']?\s*=)')
        for j, ln in enumerate(self.lines):
            if pat.match(ln):
                return j + 1
        return self.line_of(value=key)

    def feed_range(self, idx):
        if idx >= len(self.headers):
            return None
        start = self.headers[idx]
        end = len(self.lines)
        for j in range(start + 1, len(self.lines)):
            if TABLE_RE.match(self.lines[j]):
                end = j
                break
        return start, end

    def line_of(self, idx=None, key=None, value=None):
        """1-based line number: key inside feed idx, else the feed header,
        else the first non-comment line containing value, else 1."""
        rng = self.feed_range(idx) if idx is not None else None
        if rng is not None:
            start, end = rng
            if key is not None:
                kre = re.compile(r'^\s*["\']?' + re.escape(key) + r'["\']?\s*=')
                for j in range(start, end):
                    if kre.match(self.lines[j]):
                        return j + 1
            return start + 1
        if value is not None:
            needle = str(value)
            for j, ln in enumerate(self.lines):
                if needle in ln and self._is_code(ln):
                    return j + 1
            for j, ln in enumerate(self.lines):
                if needle in ln:
                    return j + 1
        return 1


def check_url(value):
    try:
        parts = urlsplit(value)
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return f"must be an absolute http(s) URL, got {value!r}"
    if not parts.netloc or not parts.hostname:
        return f"must have a host, got {value!r}"
    if any(c.isspace() for c in value):
        return f"contains whitespace: {value!r}"
    return None


def telegram_handle(value):
    """The channel handle if value is a t.me / telegram.me channel URL
    (``/s/HANDLE`` or ``/HANDLE``, optional trailing slash), else None."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if (parts.hostname or "").lower() not in TELEGRAM_HOSTS:
        return None
    m = re.match(r"^/(?:s/)?([^/]+)/?$", parts.path)
    return m.group(1) if m else None


# XPath 1.0 functions that return nodes (or are node tests); any other call at the
# top of an expression gives a string, number or boolean, which khabar refuses.
NODE_FUNCTIONS = {"id", "text", "node", "comment", "processing-instruction"}


def check_xpath(expr):
    """Cheap syntax check: not blank, quotes closed, () and [] balanced, and
    not a string/number/boolean function at the top (khabar needs nodes)."""
    if not expr.strip():
        return "must not be empty"
    m = re.match(r"^\s*([A-Za-z][A-Za-z0-9-]*)\s*\(", expr)
    if m and m.group(1) not in NODE_FUNCTIONS:
        return (f"must select nodes, but {m.group(1)}() gives a string, number or boolean"
                f" in {expr!r}; khabar takes the text of the nodes itself")
    stack = []
    pairs = {")": "(", "]": "["}
    quote = None
    for ch in expr:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            stack.append(ch)
        elif ch in ")]":
            if not stack or stack.pop() != pairs[ch]:
                return f"unbalanced {ch!r} in XPath {expr!r}"
    if quote:
        return f"unclosed {quote} quote in XPath {expr!r}"
    if stack:
        return f"unclosed {stack[-1]!r} in XPath {expr!r}"
    return None


def url_key(value):
    """Comparison key: lowercase scheme/host, trailing slash stripped.
    Telegram channel URLs (t.me/s/X, t.me/X) compare by lowercased handle."""
    handle = telegram_handle(value)
    if handle is not None:
        return "t.me/" + handle.lower()
    parts = urlsplit(value)
    netloc = parts.netloc.lower()
    rest = value[len(parts.scheme) + 3 + len(parts.netloc):]
    return (netloc + rest).rstrip("/")


def check_kind(feed, ok, bad):
    """Checks of type, telegram/html specifics, fetch_article and xpath_*.
    feed: the raw table; ok: keys that passed the type check; bad(key, msg)."""
    kind = "rss"
    if "type" in ok:
        if ok["type"] in TYPES:
            kind = ok["type"]
        else:
            bad("type", f"{ok['type']!r} must be one of {', '.join(TYPES)}")
            kind = None  # unknown: skip the kind-specific checks
    elif "type" in feed:
        kind = None

    url = ok.get("url")
    if kind == "telegram" and url is not None:
        m = TELEGRAM_URL_RE.match(url)
        if not m:
            bad("url", f"a telegram feed's url must be https://t.me/s/HANDLE, got {url!r}")
        elif not TELEGRAM_HANDLE_RE.match(m.group(1)):
            bad("url", f"telegram handle {m.group(1)!r} must be 5-32 characters of A-Z, a-z, 0-9 and _,"
                       " starting with a letter")
    elif kind is not None and url is not None and telegram_handle(url) is not None:
        bad("url", f"{url!r} is a Telegram channel: set type = \"telegram\" and use https://t.me/s/HANDLE")

    if "backfill" in feed:
        if kind is not None and kind != "telegram":
            bad("backfill", f"only allowed with type = \"telegram\" (this feed is {kind!r})")
        elif "backfill" in ok and not 0 <= ok["backfill"] <= 2000:
            bad("backfill", f"must be between 0 and 2000 posts (as khabar checks), got {ok['backfill']}")

    fa = ok.get("fetch_article")
    if fa is not None and fa not in FETCH_ARTICLE:
        bad("fetch_article", f"{fa!r} must be one of {', '.join(FETCH_ARTICLE)}")

    for key in HTML_ONLY_KEYS:
        if key in feed and kind is not None and kind != "html":
            bad(key, f"only allowed with type = \"html\" (this feed is {kind!r})")
    if kind == "html":
        for key in HTML_REQUIRED:
            if key not in feed:
                bad(key, "required when type = \"html\"")
    for key in XPATH_KEYS:
        expr = ok.get(key)
        if expr is None:
            continue
        err = check_xpath(expr)
        if err:
            bad(key, err)
        elif key in HTML_ITEM_XPATHS and expr.lstrip().startswith("/"):
            bad(key, f"is evaluated relative to each xpath_item node: start it with '.' or a name, not '/' ({expr!r})")


def lint(feeds_dir):
    problems = []
    n_feeds = 0
    names = {}  # name -> (path, line)
    urls = {}   # url key -> (path, line, name)

    def report(path, line, key, msg):
        problems.append(f"{path}:{line}: {key}: {msg}")

    if not os.path.isdir(feeds_dir):
        print(f"{feeds_dir}:0: dir: not a directory", file=sys.stdout)
        return 1

    files = sorted(
        f for f in os.listdir(feeds_dir)
        if f.endswith(".toml") and os.path.isfile(os.path.join(feeds_dir, f))
    )
    if not files:
        print(f"{feeds_dir}:0: dir: no *.toml files found")
        return 1

    for fname in files:
        path = os.path.join(feeds_dir, fname)
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            report(path, 1, "file", f"cannot read as UTF-8: {exc}")
            continue
        ft = FileText(text)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"line (\d+)", str(exc))
            report(path, m.group(1) if m else 1, "toml", f"invalid TOML: {exc}")
            continue

        for key in data:
            if key != "feed":
                report(path, ft.top_level_line(key), key,
                       "only [[feed]] tables are allowed at top level")
        feeds = data.get("feed")
        if feeds is None:
            report(path, 1, "feed", "file defines no [[feed]] tables")
            continue
        if not isinstance(feeds, list) or not all(isinstance(f, dict) for f in feeds):
            report(path, ft.line_of(value="feed"), "feed",
                   "must be an array of tables ([[feed]])")
            continue
        if len(ft.headers) != len(feeds):
            report(path, ft.line_of(value="feed"), "feed",
                   f"expected {len(feeds)} '[[feed]]' headers, found {len(ft.headers)}"
                   " (use [[feed]] tables, not inline arrays)")

        for idx, feed in enumerate(feeds):
            n_feeds += 1
            at = lambda key=None: ft.line_of(idx=idx, key=key)  # noqa: E731
            label = feed.get("name") if isinstance(feed.get("name"), str) else f"#{idx + 1}"

            for key in feed:
                if key not in ALLOWED_KEYS:
                    report(path, at(key), key,
                           f"unknown key in feed {label!r} (allowed: {', '.join(sorted(ALLOWED_KEYS))})")
            ok = {}
            for key, typ in {**REQUIRED, **OPTIONAL}.items():
                if key not in feed:
                    if key in REQUIRED:
                        report(path, at(), key, f"missing required field in feed {label!r}")
                    continue
                val = feed[key]
                if not isinstance(val, typ) or (typ is int and isinstance(val, bool)):
                    tname = TYPE_NAMES[typ]
                    article = "an" if tname[0] in "aeiou" else "a"
                    report(path, at(key), key,
                           f"must be {article} {tname}, got {type(val).__name__}")
                    continue
                ok[key] = val

            name = ok.get("name")
            if name is not None:
                if not NAME_RE.match(name):
                    report(path, at("name"), "name",
                           f"{name!r} must match {NAME_RE.pattern}")
                elif name in names:
                    p0, l0 = names[name]
                    report(path, at("name"), "name",
                           f"duplicate name {name!r} (first defined at {p0}:{l0})")
                else:
                    names[name] = (path, at("name"))

            for key in ("url", "site"):
                val = ok.get(key)
                if val is None:
                    continue
                err = check_url(val)
                if err:
                    report(path, at(key), key, err)
                elif key == "url":
                    k = url_key(val)
                    if k in urls:
                        p0, l0, n0 = urls[k]
                        report(path, at("url"), "url",
                               f"duplicate url {val!r} (also feed {n0!r} at {p0}:{l0})")
                    else:
                        urls[k] = (path, at("url"), label)

            country = ok.get("country")
            if country is not None and not COUNTRY_RE.match(country):
                report(path, at("country"), "country",
                       f"{country!r} must be two uppercase letters (ISO 3166-1 alpha-2)")

            langs = ok.get("languages")
            if langs is not None:
                if not langs:
                    report(path, at("languages"), "languages", "must not be empty")
                for lang in langs:
                    if lang not in LANGUAGES:
                        report(path, at("languages"), "languages",
                               f"{lang!r} not in {{{', '.join(sorted(LANGUAGES))}}}")
                if len(set(map(str, langs))) != len(langs):
                    report(path, at("languages"), "languages", "contains duplicates")

            conf = ok.get("confidence")
            if conf is not None and conf not in CONFIDENCE:
                report(path, at("confidence"), "confidence",
                       f"{conf!r} must be one of A, B, C, D")
            if ok.get("confirmed") is True and conf is not None and conf not in ("A", "B"):
                report(path, at("confirmed"), "confirmed",
                       f"true requires confidence A or B, got {conf!r}")

            note = ok.get("note")
            if note is not None and not note.strip():
                report(path, at("note"), "note", "must not be empty")

            check_kind(feed, ok, lambda key, msg: report(path, at(key), key, msg))

    if problems:
        for p in problems:
            print(p)
        return 1
    print(f"{n_feeds} feeds in {len(files)} files OK")
    return 0


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} FEEDS_DIR", file=sys.stderr)
        return 2
    return lint(argv[1])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
