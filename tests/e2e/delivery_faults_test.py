#!/usr/bin/env python3
"""Alert delivery when the receiver misbehaves, against real processes on
127.0.0.1: a webhook that accepts the connection and never answers (the
channel's timeout ends the attempt, the alert waits, the other channel and
the storing of feeds go on), and khabar killed in the middle of a delivery
and started again (every alert arrives; a repeat carries the same
Idempotency-Key, so the receiver can drop it; the outbox ends all sent).
SIGTERM during a hung delivery stops khabar at once, the alert left due. Also: a digest channel's held alerts arrive as one digest after
`khabar alerts digest`."""
import argparse
import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness import Checker, FeedServer, run, temp_dir, wait_for

CONFIG = """
[daemon]
database = "{db}"
per_host_delay = "0s"
poll_interval = "1s"
min_interval = "1s"
adaptive_schedule = false

[[feed]]
name = "azattyk-ru"
url = "{feeds}/ru.xml"

[[rule]]
name = "recruits"
query = "вербов*"
alerts = {channels}

[[alert]]
name = "receiver"
type = "webhook"
url = "{hooks}/receiver"
timeout = "{timeout}"

[[alert]]
name = "steady"
type = "webhook"
url = "{hooks}/steady"

[[alert]]
name = "roundup"
type = "webhook"
url = "{hooks}/roundup"
digest = "daily"
"""


class Receiver:
    """A webhook receiver that records every POST and, while `hang` is set,
    holds each request to /receiver without answering until released."""

    def __init__(self):
        self.records, self.lock = [], threading.Lock()
        self.hang = threading.Event()
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    receiver.records.append({"path": self.path, "key": self.headers.get("Idempotency-Key"),
                                             "body": body.decode("utf-8"), "answered": False})
                    record = receiver.records[-1]
                if self.path.endswith("/receiver") and receiver.hang.is_set():
                    receiver.release.wait(60)
                    return  # the client gave up or was killed: drop the connection
                record["answered"] = True
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = "http://127.0.0.1:%d/hook" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def received(self, suffix):
        with self.lock:
            return [r for r in self.records if r["path"].endswith(suffix)]

    def stop(self):
        self.release.set()
        self.server.shutdown()


def rss(count, start=0):
    items = "".join(
        "<item><guid>a-%d</guid><title>Мигрантов вербовали в Сахарово: случай %d из %d городов</title>"
        "<description>Отчёт номер %d о вербовке, совершенно отдельная история %s.</description>"
        "<link>https://rus.azattyk.org/a/%d.html</link></item>" % (n, n, n * 7, n, "x" * (n % 13), n)
        for n in reversed(range(start, start + count)))  # newest first, as feeds list them
    return '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>%s</channel></rss>' % items


def states(db, channel):
    con = sqlite3.connect(db, timeout=10)
    try:
        return dict(con.execute("SELECT state, COUNT(*) FROM alerts WHERE channel = ? GROUP BY state", (channel,)).fetchall())
    finally:
        con.close()


def start_daemon(khabar, config, log):
    return subprocess.Popen([khabar, "-c", config, "run"], stdout=log, stderr=subprocess.STDOUT)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--feed-server", required=True)
    args = parser.parse_args()
    t = Checker()
    with temp_dir() as work:
        root = os.path.join(work, "feeds")
        os.makedirs(root)
        with open(os.path.join(root, "ru.xml"), "w", encoding="utf-8") as f:
            f.write(rss(6))
        feeds = FeedServer(args.feed_server, root, work)
        receiver = Receiver()
        db, config = os.path.join(work, "khabar.db"), os.path.join(work, "khabar.toml")

        def write_config(timeout, channels):
            with open(config, "w", encoding="utf-8") as f:
                f.write(CONFIG.format(db=db, feeds=feeds.base, hooks=receiver.base, timeout=timeout,
                                      channels=json.dumps(channels)))

        daemon = None
        log = open(os.path.join(work, "khabar.log"), "w")
        try:
            # 1. A receiver that hangs: the channel's timeout ends each attempt.
            receiver.hang.set()
            write_config("2s", ["receiver", "steady", "roundup"])
            started = time.time()
            code, _, err = run([args.khabar, "-c", config, "poll", "--once"], timeout=60)
            took = time.time() - started
            t.check(code == 0 and took < 15, "poll --once ends although the receiver hangs (%.1f s)" % took)
            t.check(states(db, "receiver") == {"pending": 6}, "the hung channel's alerts wait: %s" % states(db, "receiver"))
            t.check("channel receiver" in err and "timeout" in err.lower(), "the timeout is logged with the channel's name")
            t.check(states(db, "steady") == {"sent": 6}, "the other channel got every alert")
            t.check(states(db, "roundup") == {"pending": 6}, "the daily digest channel holds its alerts")
            code, out, _ = run([args.khabar, "-c", config, "status"])
            t.check(code == 0 and "receiver" in out and "6 due" in out and "6 held for the digest" in out,
                    "khabar status shows each channel's backlog:\n" + out[out.find("alert channels"):])

            # In the daemon, a hanging receiver does not hold up storing feeds.
            write_config("20s", ["receiver", "steady", "roundup"])
            run([args.khabar, "-c", config, "alerts", "retry"])
            attempts = len(receiver.received("/receiver"))
            daemon = start_daemon(args.khabar, config, log)
            t.check(wait_for(lambda: len(receiver.received("/receiver")) > attempts, 20),
                    "the daemon is delivering to the hung receiver")
            with open(os.path.join(root, "ru.xml"), "w", encoding="utf-8") as f:
                f.write(rss(9))
            t.check(wait_for(lambda: states(db, "steady").get("sent") == 9, 15),
                    "new items are stored and sent to the other channel while a delivery hangs")

            # 2. Killed in the middle of that delivery, then started again.
            os.kill(daemon.pid, signal.SIGKILL)
            daemon.wait(timeout=10)
            receiver.hang.clear()
            receiver.release.set()
            daemon = start_daemon(args.khabar, config, log)
            t.check(wait_for(lambda: states(db, "receiver") == {"sent": 9}, 30),
                    "after the restart every alert is delivered: %s" % states(db, "receiver"))
            answered = [r for r in receiver.received("/receiver") if r["answered"]]
            keys = [r["key"] for r in answered]
            t.check(len(set(keys)) == 9 and len(keys) == 9, "each alert was accepted once (%d keys, %d answers)"
                    % (len(set(keys)), len(keys)))
            by_key = {}
            for r in receiver.received("/receiver"):
                by_key.setdefault(r["key"], set()).add(r["body"])
            t.check(all(len(bodies) == 1 for bodies in by_key.values()),
                    "a repeat after the kill has the same Idempotency-Key and body")

            # SIGTERM during a hung delivery: khabar stops within the channel's timeout.
            receiver.release.clear()
            receiver.hang.set()
            with open(os.path.join(root, "ru.xml"), "w", encoding="utf-8") as f:
                f.write(rss(10))
            t.check(wait_for(lambda: any(not r["answered"] and "/a/9.html" in r["body"]
                                         for r in receiver.received("/receiver")), 15),
                    "the new item's delivery hangs")
            stopping = time.time()
            daemon.send_signal(signal.SIGTERM)
            code = daemon.wait(timeout=40)
            took = time.time() - stopping
            daemon = None
            t.check(code == 0 and took < 5, "SIGTERM mid-delivery: khabar stops at once, not after the timeout (%.1f s)" % took)
            t.check(states(db, "receiver").get("pending") == 1, "the interrupted alert is still pending")
            con = sqlite3.connect(db)
            waiting = con.execute("SELECT attempts, next_attempt FROM alerts WHERE channel = 'receiver' AND state = 'pending'").fetchall()
            con.close()
            t.check(waiting == [(0, None)], "and due at the next start, not counted as a failed attempt: %s" % waiting)

            # 3. The digest channel: held alerts go out as one digest.
            receiver.hang.clear()
            receiver.release.set()
            code, out, _ = run([args.khabar, "-c", config, "alerts", "digest", "roundup"])
            t.check(code == 0 and "digest" in out, "alerts digest forms the channel's digest: " + out.strip())
            run([args.khabar, "-c", config, "poll", "--once"], timeout=60)
            digests = receiver.received("/roundup")
            body = json.loads(digests[0]["body"]) if digests else {}
            reports = sum(len(s["reports"]) for s in body.get("stories", []))
            t.check(len(digests) == 1 and body.get("kind") == "digest" and reports == 10,
                    "one digest with every held report (%d digests, %d reports)" % (len(digests), reports))
            t.check(digests and digests[0]["key"].startswith("khabar-digest-"), "the digest has its own Idempotency-Key")
            t.check(states(db, "roundup") == {"sent": 10} and states(db, "receiver") == {"sent": 10},
                    "the outbox ends with everything sent")
        finally:
            if daemon:
                daemon.kill()
                daemon.wait()
            log.close()
            receiver.stop()
            feeds.stop()
    t.finish()


if __name__ == "__main__":
    main()
