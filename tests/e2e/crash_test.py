#!/usr/bin/env python3
"""Crash safety: `khabar run` killed with SIGKILL at random moments, 50 times,
while it ingests from a local feed server; then one clean poll. The archive
must pass PRAGMA integrity_check, hold every published item exactly once,
and no alert row may be duplicated."""
import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

from harness import Checker, FeedServer, run, temp_dir

FEEDS, ITEMS = 12, 30
CONFIG = """
[daemon]
database = "{db}"
poll_interval = "1s"
min_interval = "1s"
adaptive_schedule = false
per_host_delay = "0s"
per_host_connections = 8
{feeds}
[[rule]]
name = "recruits"
query = 'мигрант* OR migrant* OR муҳоҷир* OR muhojir*'
alerts = ["hook"]

[[alert]]
name = "hook"
type = "webhook"
url = "{base}/hook/crash"
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--server", required=True)
    parser.add_argument("--generator", required=True)
    parser.add_argument("--kills", type=int, default=50)
    args = parser.parse_args()
    t = Checker()
    rng = random.Random(1125)
    with temp_dir() as work:
        corpus = os.path.join(work, "corpus")
        subprocess.run([sys.executable, args.generator, corpus, "--feeds", str(FEEDS), "--items", str(ITEMS),
                        "--cp1251-share", "0"], check=True, timeout=120)
        server = FeedServer(args.server, corpus, work)
        try:
            db = os.path.join(work, "khabar.db")
            config = os.path.join(work, "khabar.toml")
            feeds = "".join('[[feed]]\nname = "f%02d"\nurl = "%s/feed%05d.xml"\n' % (n, server.base, n) for n in range(FEEDS))
            with open(config, "w", encoding="utf-8") as f:
                f.write(CONFIG.format(db=db, base=server.base, feeds=feeds))
            started = time.time()
            for _ in range(args.kills):
                daemon = subprocess.Popen([args.khabar, "-c", config, "run"], stderr=subprocess.DEVNULL)
                time.sleep(rng.uniform(0.02, 1.5))  # a sanitizer build takes ~1 s to its first ingest
                daemon.send_signal(signal.SIGKILL)
                daemon.wait(timeout=10)
            con = sqlite3.connect(db)
            before = con.execute("SELECT COUNT(*) FROM items").fetchone()[0]
            con.close()
            t.check(before > 0, "khabar run was killed %d times in %.1f s, mid-ingest (%d items stored by then)"
                    % (args.kills, time.time() - started, before))
            code, _, err = run([args.khabar, "-c", config, "poll", "--once"], timeout=120)
            t.check(code == 0, "a clean poll after the crashes exits 0")
            con = sqlite3.connect(db)
            integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
            t.check(integrity == "ok", "PRAGMA integrity_check: " + integrity)
            items = con.execute("SELECT COUNT(*) FROM items").fetchone()[0]
            distinct = con.execute("SELECT COUNT(DISTINCT feed_id || '|' || identity) FROM items").fetchone()[0]
            t.check(items == FEEDS * ITEMS and distinct == items,
                    "every published item is stored exactly once (%d of %d)" % (items, FEEDS * ITEMS))
            fts = con.execute("SELECT COUNT(*) FROM item_search").fetchone()[0]
            t.check(fts == items, "the search index holds each item once (%d)" % fts)
            duplicates = con.execute("SELECT COUNT(*) FROM (SELECT item_id, rule, channel, COUNT(*) c FROM alerts"
                                     " GROUP BY item_id, rule, channel HAVING c > 1)").fetchone()[0]
            alerts = con.execute("SELECT COUNT(*) FROM alerts").fetchone()[0]
            t.check(alerts > 0 and duplicates == 0, "no alert row is duplicated (%d alerts)" % alerts)
            orphans = con.execute("SELECT COUNT(*) FROM matches m LEFT JOIN items i ON i.id = m.item_id"
                                  " WHERE i.id IS NULL").fetchone()[0]
            t.check(orphans == 0, "no match without its item")
            con.close()
        finally:
            server.stop()
    t.finish()


if __name__ == "__main__":
    main()
