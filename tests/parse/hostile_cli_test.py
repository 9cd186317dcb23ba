#!/usr/bin/env python3
"""`khabar parse` on hostile documents, as a user would run it.

Each document must be read (exit 0, JSON on stdout) or refused (exit 65, a
message on stderr): never a crash, an abort or an exception. Under an address
space cap of 1 GiB (the reported inputs took 3 and 24 GB); the cap is left off
under AddressSanitizer, which reserves far more address space than it uses.
No timing is asserted beyond the test's own timeout.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile

CAP = 1 << 30
CYRILLIC = "Президент подписал закон о мобилизации".encode()


def rss(title: bytes = CYRILLIC, description: bytes = CYRILLIC, version: bytes = b"2.0", attribute: bytes = b"x") -> bytes:
    return (b'<?xml version="1.0" encoding="utf-8"?><rss version="' + version + b'"><channel><title>News</title>'
            b"<item><title>" + title + b"</title><description><![CDATA[" + description + b"]]></description>"
            b'<category domain="' + attribute + b'">c</category></item></channel></rss>')


def nested(count: int) -> bytes:
    return b"<font>" * count + "глубоко".encode() + b"</font>" * count


# The cases where a UTF-8 Cyrillic feed has a few bad bytes: still UTF-8.
STRAY = {"stray byte in a UTF-8 Cyrillic title", "character cut at the end of a summary", "bad byte in an attribute"}

CASES = {
    "non-ASCII rss version": rss(version="0.ё".encode()),
    "rss version cut inside a UTF-8 sequence": rss(version=b"0.\xd1\x91\xd1"),
    "stray byte in a UTF-8 Cyrillic title": rss(title=CYRILLIC[:10] + b"\xff" + CYRILLIC[10:]),
    "character cut at the end of a summary": rss(description=CYRILLIC + b"\xd0"),
    "bad byte in an attribute": rss(attribute=b"\xc3("),
    "20,000 nested elements in a 180 KB description": rss(description=nested(20000)),
    "100,000 nested elements in a 900 KB description": rss(description=nested(100000)),
    "160,000 distinct unknown entities": rss(title=b"".join(b"&e%d;" % i for i in range(160000))),
}


def limit():
    if "ASAN_OPTIONS" not in os.environ:
        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--khabar", required=True)
    args = ap.parse_args()
    failed = 0
    for name, document in CASES.items():
        with tempfile.NamedTemporaryFile(suffix=".xml") as f:
            f.write(document)
            f.flush()
            proc = subprocess.run([args.khabar, "parse", f.name], capture_output=True, timeout=120, preexec_fn=limit)
        ok = proc.returncode in (0, 65)
        detail = proc.stderr.decode(errors="replace").strip()[:200]
        if proc.returncode == 0:
            try:
                doc = json.loads(proc.stdout.decode("utf-8"))
                detail = f"encoding {doc['encoding']}, bozo {doc['bozo']}, error {doc['error']!r:.120}"
                if name in STRAY:
                    ok = ok and doc["encoding"] == "utf-8" and "ill-formed utf-8" in (doc["error"] or "")
            except (ValueError, KeyError) as error:
                ok, detail = False, f"not the parse JSON: {error}"
        print(f"{'ok  ' if ok else 'FAIL'} {name}: exit {proc.returncode}; {detail}")
        failed += not ok
    print(f"{len(CASES) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
