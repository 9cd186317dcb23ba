#!/usr/bin/python3
"""The peer: Python feedparser (Debian's python3-feedparser) over the same
files, in memory, one thread, best of N rounds."""
import os
import sys
import time

import feedparser


def main():
    directory, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1
    docs = []
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), "rb") as f:
            docs.append(f.read())
    for label, subset in (("all", docs), ("utf8-rss", [d for d in docs if b"utf-8" in d[:200] and b"<rss" in d[:200]])):
        best, items = 1e9, 0
        for _ in range(rounds):
            start = time.perf_counter()
            items = sum(len(feedparser.parse(d).entries) for d in subset)
            best = min(best, time.perf_counter() - start)
        size = sum(len(d) for d in subset) / 1e6
        print("%-10s %5d docs %8.1f MB %8d items  best of %d: %.3f s  %7.1f MB/s  %9.0f items/s"
              % (label, len(subset), size, items, rounds, best, size / best, items / best))


if __name__ == "__main__":
    main()
