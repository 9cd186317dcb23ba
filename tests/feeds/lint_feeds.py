#!/usr/bin/env python3
"""Lint the khabar feed catalogue.

Usage: python3 tests/feeds/lint_feeds.py FEEDS_DIR

Checks every *.toml file directly inside FEEDS_DIR (subfolders are ignored).
Each file must hold only an array of [[feed]] tables.  On problems, prints one
line per problem as ``FILE:LINE: key: message`` and exits 1; otherwise prints
``N feeds in M files OK`` and exits 0.  Standard library only (Python >= 3.11).
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
OPTIONAL = {"enabled": bool}
ALLOWED_KEYS = set(REQUIRED) | set(OPTIONAL)
LANGUAGES = {"ru", "en", "ky", "tg", "uz-Latn", "uz-Cyrl", "kk", "kk-Latn", "tk"}
CONFIDENCE = {"A", "B", "C", "D"}
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
HEADER_RE = re.compile(r"^\s*\[\[\s*feed\s*\]\]\s*(#.*)?$")
TABLE_RE = re.compile(r"^\s*\[")
TYPE_NAMES = {str: "string", list: "array", bool: "boolean"}


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


def url_key(value):
    """Comparison key: lowercase scheme/host, trailing slash stripped."""
    parts = urlsplit(value)
    netloc = parts.netloc.lower()
    rest = value[len(parts.scheme) + 3 + len(parts.netloc):]
    return (netloc + rest).rstrip("/")


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
                if not isinstance(val, typ):
                    report(path, at(key), key,
                           f"must be a {TYPE_NAMES[typ]}, got {type(val).__name__}")
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
