#!/usr/bin/env python3
"""`khabar run` polls on schedule and stops cleanly: SIGTERM or SIGINT end it
with exit 0 after in-flight work, and what it stored survives."""
import argparse
import os
import signal
import sqlite3
import subprocess
import time

from harness import Checker, FeedServer, temp_dir, wait_for

CONFIG = """
[daemon]
database = "{db}"
poll_interval = "1s"
min_interval = "1s"
per_host_delay = "0s"
adaptive_schedule = false

[[feed]]
name = "azattyk-ru"
url = "{base}/ru.xml"

[[rule]]
name = "recruits"
query = 'кыргыз* AND вербов*'
alerts = ["newsroom"]

[[alert]]
name = "newsroom"
type = "webhook"
url = "{base}/hook/newsroom"
"""


def item_count(db):
    try:
        con = sqlite3.connect(db)
        try:
            return con.execute("SELECT COUNT(*) FROM items").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def last_success(db):
    try:
        con = sqlite3.connect(db)
        try:
            row = con.execute("SELECT MAX(last_success) FROM feeds").fetchone()
            return row[0] or 0
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--server", required=True)
    args = parser.parse_args()
    t = Checker()
    with temp_dir() as work:
        server = FeedServer(args.server, args.data, work)
        try:
            db = os.path.join(work, "khabar.db")
            config = os.path.join(work, "khabar.toml")
            with open(config, "w", encoding="utf-8") as f:
                f.write(CONFIG.format(db=db, base=server.base))
            for sig in (signal.SIGTERM, signal.SIGINT):
                daemon = subprocess.Popen([args.khabar, "-c", config, "run"], stderr=subprocess.PIPE, text=True)
                try:
                    t.check(wait_for(lambda: item_count(db) == 4, 60), "run stores the feed's items")
                    t.check(wait_for(lambda: len(server.received()) >= 1, 60), "run delivers the alert")
                    first = last_success(db)
                    t.check(wait_for(lambda: last_success(db) > first, 6), "run polls the feed again on its 1s schedule")
                    daemon.send_signal(sig)
                    code = daemon.wait(timeout=15)
                    _, err = daemon.communicate()
                    t.check(code == 0, "%s ends run with exit 0 (got %s)" % (sig.name, code))
                    t.check("stopped" in err, "run logs that it stopped")
                finally:
                    if daemon.poll() is None:
                        daemon.kill()
            t.check(len(server.received()) == 1, "restarts never send the same alert again")
        finally:
            server.stop()
    t.finish()


if __name__ == "__main__":
    main()
