#!/usr/bin/env python3
"""`khabar run` as systemd sees it: the sd_notify protocol over a
NOTIFY_SOCKET datagram socket this test creates (READY=1, STATUS=,
WATCHDOG=1, STOPPING=1), SIGHUP reloading the config (a new feed is polled;
an invalid config is refused and the old one kept), journald priority
prefixes, and a clean exit 0 on SIGTERM."""
import argparse
import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request

from harness import Checker, FeedServer, temp_dir, wait_for

CONFIG = """
[daemon]
database = "{db}"
poll_interval = "1h"
per_host_delay = "0s"
metrics_listen = "127.0.0.1:{metrics_port}"
{feeds}
"""
FEED = '[[feed]]\nname = "{name}"\nurl = "{base}/{file}"\n'


def receive(sock, seconds):
    """Datagrams received within `seconds`."""
    messages, deadline = [], time.time() + seconds
    while time.time() < deadline:
        sock.settimeout(max(deadline - time.time(), 0.01))
        try:
            messages.append(sock.recv(4096).decode())
        except socket.timeout:
            break
    return messages


def fetch(url):
    """(status, body) of a GET with a real HTTP client."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, OSError):  # not listening yet
        return 0, ""


def feeds_with_items(db):
    try:
        con = sqlite3.connect(db)
        try:
            return {r[0] for r in con.execute("SELECT f.name FROM feeds f JOIN items i ON i.feed_id = f.id")}
        finally:
            con.close()
    except sqlite3.Error:
        return set()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--server", required=True)
    args = parser.parse_args()
    t = Checker()
    with temp_dir() as work:
        server = FeedServer(args.server, args.data, work)
        notify_path = os.path.join(work, "notify.sock")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(notify_path)
        db = os.path.join(work, "khabar.db")
        config = os.path.join(work, "khabar.toml")
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        metrics_port = probe.getsockname()[1]
        probe.close()

        def write_config(files):
            feeds = "".join(FEED.format(name=f.split(".")[0], base=server.base, file=f) for f in files)
            with open(config, "w", encoding="utf-8") as f:
                f.write(CONFIG.format(db=db, feeds=feeds, metrics_port=metrics_port))

        write_config(["ru.xml"])
        env = dict(os.environ, NOTIFY_SOCKET=notify_path, WATCHDOG_USEC="600000", JOURNAL_STREAM="8:9")
        log = open(os.path.join(work, "khabar.log"), "w+")
        daemon = subprocess.Popen([args.khabar, "-c", config, "run"], env=env, stderr=log)
        try:
            messages = receive(sock, 3)
            t.check(any(m.startswith("READY=1") for m in messages), "READY=1 once the config is loaded and the database open")
            t.check(any("STATUS=" in m for m in messages), "STATUS= carries a one-line summary")
            t.check(any(m == "WATCHDOG=1" for m in messages), "WATCHDOG=1 is sent when WatchdogSec is set")
            t.check(wait_for(lambda: "ru" in feeds_with_items(db), 60), "the configured feed is polled")
            base = "http://127.0.0.1:%d" % metrics_port
            metrics = fetch(base + "/metrics")
            t.check(metrics[0] == 200 and "khabar_polls_total 1" in metrics[1] and "khabar_items_total 4" in metrics[1],
                    "GET /metrics serves Prometheus counters (polls, items)")
            t.check('khabar_feed_errors_total{kind="dns"} 0' in metrics[1], "errors are counted by kind")
            health = fetch(base + "/health")
            t.check(health[0] == 200 and json.loads(health[1])["status"] == "ok", "GET /health answers ok: " + health[1].strip())
            t.check(fetch(base + "/nothing")[0] == 404, "other paths are 404")

            write_config(["ru.xml", "en.xml"])
            daemon.send_signal(signal.SIGHUP)
            t.check(wait_for(lambda: "en" in feeds_with_items(db), 60), "SIGHUP: a feed added to the config is polled")
            t.check(daemon.poll() is None, "SIGHUP does not stop the daemon")

            with open(config, "w") as f:
                f.write("[daemon]\npoll_interval = \"never\"\n")
            daemon.send_signal(signal.SIGHUP)
            time.sleep(1.0)
            t.check(daemon.poll() is None, "an invalid config on SIGHUP keeps the daemon running")
            log.flush()
            log.seek(0)
            text = log.read()
            t.check("keeping the old one" in text, "the refused config is logged")
            t.check("<3>" in text or "<4>" in text, "under journald, lines carry sd-daemon priority prefixes")

            receive(sock, 0.1)
            daemon.send_signal(signal.SIGTERM)
            code = daemon.wait(timeout=20)
            messages = receive(sock, 1)
            t.check("STOPPING=1" in messages, "STOPPING=1 on SIGTERM")
            t.check(code == 0, "SIGTERM ends the daemon with exit 0 (got %s)" % code)

            # A database another process holds locked at start: /health says
            # so with 503 until the feeds are loaded, then they are polled.
            write_config(["ru.xml", "en.xml", "ky.xml"])
            holder = sqlite3.connect(db, isolation_level=None)
            holder.execute("BEGIN EXCLUSIVE")
            daemon = subprocess.Popen([args.khabar, "-c", config, "run"], env=env, stderr=log)
            held = [None]
            t.check(wait_for(lambda: held.__setitem__(0, fetch(base + "/health")) or
                             (held[0][0] == 503 and "not loaded" in held[0][1]), 15),
                    "/health answers 503 while the locked archive keeps feeds from loading: %s" % (held[0],))
            holder.execute("ROLLBACK")
            holder.close()
            t.check(wait_for(lambda: "ky" in feeds_with_items(db), 20), "once the lock is gone the feeds load and are polled")
            health = fetch(base + "/health")
            t.check(health[0] == 200, "and /health answers ok again: " + health[1].strip())
            daemon.send_signal(signal.SIGTERM)
            t.check(daemon.wait(timeout=20) == 0, "the daemon still stops cleanly")
        finally:
            if daemon.poll() is None:
                daemon.kill()
            server.stop()
            sock.close()
    t.finish()


if __name__ == "__main__":
    main()
