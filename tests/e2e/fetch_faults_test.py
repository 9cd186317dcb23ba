#!/usr/bin/env python3
"""End to end: khabar poll --once against every network fault a feed host can
produce (tests/e2e/fault_server.py, plus a host that does not resolve and a
port that refuses). Each failing feed gets a last_error that names what
happened, is logged once, and none of them stops or slows the others; the
good feeds store their items, permanent redirects move the stored URL and
Retry-After pushes the next poll out. Then 50 more polls of the failing feeds
keep counting errors, always exit 0, and the peak RSS stays flat."""
import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time

from harness import Checker, run, temp_dir

POLL_TIMEOUT = 60  # seconds one `poll --once` may take before the test kills it
REPEATS = 50

DAEMON = """
[daemon]
database = "{db}"
poll_interval = "15m"
fetch_timeout = "3s"
max_feed_bytes = 100000
per_host_delay = "0s"          # every test feed is on 127.0.0.1
per_host_connections = 32      # ... and all of them are fetched at once
max_concurrent_fetches = 64
"""

FEED = """
[[feed]]
name = "{name}"
url = "{url}"
"""

# Feeds that must succeed: (name, path).
GOOD = [("ok", "/ok.xml"), ("moved", "/moved"), ("temp", "/temp")]

# Feeds that must fail: name -> (path or absolute URL, substrings the stored
# last_error must hold, slow). Slow ones take the whole fetch_timeout and are
# left out of the repeated polls.
FAILING = {
    "not-found": ("/404", ["HTTP 404"], False),
    "server-error": ("/500", ["HTTP 500"], False),
    "unavailable": ("/503-retry", ["HTTP 503"], False),
    "rate-limited": ("/429", ["HTTP 429"], False),
    "challenge": ("/challenge", ["HTTP 403", "bot-protection challenge page"], False),
    "slow-drip": ("/slow-drip", ["Timeout was reached", "too slow"], True),
    "hang": ("/hang", ["Timeout was reached"], True),
    "reset": ("/reset", ["Failure when receiving data from the peer"], False),
    "truncated": ("/truncated", ["Transferred a partial file"], False),
    "garbage": ("/garbage", [], False),  # checked separately: any parse error
    "html": ("/html", ["not a feed", "HTML page"], False),
    "big": ("/big", ["response body over the limit of 100000 bytes"], False),
    "big-chunked": ("/big-chunked", ["response body over the limit of 100000 bytes"], False),
    "gzip-bomb": ("/gzip-bomb", ["response body over the limit of 100000 bytes"], False),
    "loop": ("/loop", ["more than 5 redirects"], False),
    "empty": ("/empty", ["empty document"], False),
    "no-dns": ("http://no-such-host.invalid/feed", ["Couldn't resolve host name"], False),
    "refused": ("http://127.0.0.1:{refused}/feed", ["Couldn't connect to server"], False),
}

PARSE_ERRORS = ("not a feed", "not well-formed", "bytes are not valid", "unknown character set")


class FaultServer:
    """tests/e2e/fault_server.py on a port of its own, logging requests."""

    def __init__(self, script, workdir):
        self.log = os.path.join(workdir, "requests.jsonl")
        port_file = os.path.join(workdir, "fault-port")
        self.process = subprocess.Popen([sys.executable, script, "--port-file", port_file, "--log", self.log,
                                         "--lifetime", "600"])
        deadline = time.time() + 20  # building the gzip bomb takes a moment
        while not os.path.exists(port_file):
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError("fault server did not start")
            time.sleep(0.02)
        with open(port_file) as f:
            self.port = int(f.read())
        self.base = "http://127.0.0.1:%d" % self.port

    def requests(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log, encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def refused_port():
    """A port on 127.0.0.1 nothing listens on: bound, then closed."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def write_config(path, db, feeds):
    with open(path, "w", encoding="utf-8") as f:
        f.write(DAEMON.format(db=db))
        for name, url in feeds:
            f.write(FEED.format(name=name, url=url))


def run_measured(args, workdir, timeout=POLL_TIMEOUT):
    """Runs a command; returns (exit code, stderr text, seconds, peak RSS in
    KiB) with the RSS of that one process, from wait4()."""
    err_path = os.path.join(workdir, "stderr.txt")
    with open(err_path, "w") as err:
        start = time.monotonic()
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
    with open(err_path, encoding="utf-8", errors="replace") as f:
        return process.returncode, f.read(), seconds, usage.ru_maxrss


def feed_rows(db):
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        rows = con.execute("SELECT f.*, (SELECT COUNT(*) FROM items i WHERE i.feed_id = f.id) AS items"
                           " FROM feeds f").fetchall()
        return {row["name"]: dict(row) for row in rows}
    finally:
        con.close()


def logged_lines(err, name):
    return [line for line in err.splitlines() if ("feed %s: " % name) in line]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--server", required=True, help="tests/e2e/fault_server.py")
    args = parser.parse_args()
    t = Checker()
    with temp_dir() as work:
        server = FaultServer(args.server, work)
        try:
            db = os.path.join(work, "khabar.db")
            refused = refused_port()
            urls = {}
            for name, path in GOOD:
                urls[name] = server.base + path
            for name, (where, _, _) in FAILING.items():
                where = where.format(refused=refused)
                urls[name] = where if where.startswith("http") else server.base + where
            config = os.path.join(work, "all.toml")
            write_config(config, db, urls.items())

            # --- one poll of everything -----------------------------------
            before = time.time()
            code, err, seconds, first_rss = run_measured([args.khabar, "-c", config, "poll", "--once"], work)
            after = time.time()
            print("# first poll: %.1f s, peak RSS %d KiB" % (seconds, first_rss))
            t.check(code == 0, "poll --once exits 0 although %d of %d feeds fail (got %d)"
                    % (len(FAILING), len(urls), code))
            t.check(seconds < 15, "all %d feeds are fetched concurrently: the run took %.1f s "
                    "(fetch_timeout 3s, under 15 s expected)" % (len(urls), seconds))
            if code != 0:
                print(err)

            summary = "polled %d feeds (%d failed): 6 new items" % (len(urls), len(FAILING))
            t.check(summary in err, "the run ends with the summary \"%s\"" % summary)

            rows = feed_rows(db)
            t.check(set(rows) == set(urls), "every configured feed has a row")
            for name, _ in GOOD:
                row = rows.get(name, {})
                t.check(row.get("items") == 2 and row.get("last_status") == "ok" and row.get("error_count") == 0,
                        "%s stored its 2 items and is ok (items %s, status %s, errors %s, last_error %r)"
                        % (name, row.get("items"), row.get("last_status"), row.get("error_count"),
                           row.get("last_error")))
                t.check(not any("warn" in line for line in logged_lines(err, name)),
                        "%s is not logged as failing" % name)
            con = sqlite3.connect(db)
            titles = {r[0] for r in con.execute(
                "SELECT i.title FROM items i JOIN feeds f ON f.id = i.feed_id WHERE f.name = 'ok'")}
            con.close()
            t.check(titles == {"First item from the fault server", "Second item from the fault server"},
                    "the ok feed's items have their titles")

            for name, (_, expected, _) in FAILING.items():
                row = rows.get(name, {})
                error = row.get("last_error") or ""
                if name == "garbage":
                    meaningful = any(p in error for p in PARSE_ERRORS)
                else:
                    meaningful = bool(error) and all(p in error for p in expected)
                t.check(meaningful, "%s fails with a meaningful error: %r" % (name, error))
                t.check(row.get("error_count") == 1 and row.get("consecutive_errors") == 1
                        and row.get("last_status") == "failed",
                        "%s: error_count %s, consecutive_errors %s, last_status %s"
                        % (name, row.get("error_count"), row.get("consecutive_errors"), row.get("last_status")))
                lines = logged_lines(err, name)
                t.check(len(lines) == 1 and "warn" in lines[0] and bool(error) and error in lines[0],
                        "%s is logged once on stderr, as a warning with its error (%d lines)" % (name, len(lines)))
                t.check(row.get("items") == 0, "%s stored no items" % name)

            t.check("challenge page" not in (rows["unavailable"]["last_error"] or ""),
                    "a plain-text 503 is not mistaken for a challenge page")

            moved, temp = rows["moved"], rows["temp"]
            t.check(moved["url"] == server.base + "/ok.xml" and moved["moved_from"] == server.base + "/moved",
                    "a 301 moves the stored url (url %s, moved_from %s)" % (moved["url"], moved["moved_from"]))
            t.check(temp["url"] == server.base + "/temp" and temp["moved_from"] is None,
                    "a 302 leaves the stored url alone (url %s, moved_from %s)" % (temp["url"], temp["moved_from"]))

            retry = rows["unavailable"]["next_poll"] or 0
            t.check(retry >= before + 3600 - 5, "503 with Retry-After: 3600 pushes next_poll %d s out"
                    % (retry - after))
            retry = rows["rate-limited"]["next_poll"] or 0
            t.check(retry >= before + 120 - 5, "429 with Retry-After: 120 pushes next_poll %d s out"
                    % (retry - after))

            requests = server.requests()
            loops = [r for r in requests if r["path"] == "/loop"]
            t.check(len(loops) == 6, "the redirect loop is followed 5 times, then abandoned (%d requests)"
                    % len(loops))
            bomb = [r for r in requests if r["path"] == "/gzip-bomb"]
            t.check(bomb and "gzip" in bomb[0]["headers"].get("accept-encoding", ""),
                    "khabar asks for gzip (so the bomb really was inflated)")
            t.check(all(r["headers"].get("user-agent", "").startswith("khabar/") for r in requests),
                    "every request names khabar in its User-Agent")
            drips = [r for r in requests if r["path"] in ("/slow-drip", "/hang")]
            t.check(len(drips) == 2 and seconds >= 2.5,
                    "hang and slow-drip were each tried once and given the whole fetch_timeout (run %.1f s)"
                    % seconds)

            # --- 50 more polls of the fast failing feeds ------------------
            repeat = [(name, urls[name]) for name, (_, _, slow) in FAILING.items() if not slow]
            config = os.path.join(work, "failing.toml")
            write_config(config, db, repeat)
            codes, rsses, times = [], [], []
            for _ in range(REPEATS):
                code, err, seconds, rss = run_measured([args.khabar, "-c", config, "poll", "--once"], work)
                codes.append(code)
                rsses.append(rss)
                times.append(seconds)
            print("# %d repeated polls of %d failing feeds: %.1f s in all, %.2f s at most" %
                  (REPEATS, len(repeat), sum(times), max(times)))
            print("# peak RSS in KiB: first poll %d; repeats: 1st %d, median %d, max %d, last %d"
                  % (first_rss, rsses[0], statistics.median(rsses), max(rsses), rsses[-1]))
            t.check(all(c == 1 for c in codes), "every repeated poll of only failing feeds exits 1 (codes %s)" % sorted(set(codes)))
            rows = feed_rows(db)
            counts = {name: (rows[name]["error_count"], rows[name]["consecutive_errors"]) for name, _ in repeat}
            t.check(all(c == (REPEATS + 1, REPEATS + 1) for c in counts.values()),
                    "error_count and consecutive_errors reach %d for every feed: %s"
                    % (REPEATS + 1, {n: c for n, c in counts.items() if c != (REPEATS + 1, REPEATS + 1)} or "all"))
            t.check(all(len(logged_lines(err, name)) == 1 for name, _ in repeat),
                    "the last repeated poll logs each failing feed once")
            for name in ("slow-drip", "hang"):
                t.check(rows[name]["error_count"] == 1, "%s, left out of the config, was not polled again" % name)
            t.check(rsses[-1] <= 1.5 * rsses[0], "peak RSS stays flat: last %d KiB vs second run %d KiB"
                    % (rsses[-1], rsses[0]))
        finally:
            server.stop()
    t.finish()


if __name__ == "__main__":
    main()
