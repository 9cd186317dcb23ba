#!/usr/bin/env python3
"""End to end against a real web server: Debian's nginx serves a copy of the
test feeds with its own ETag and Last-Modified. khabar stores both on the
first poll, sends them back (If-None-Match / If-Modified-Since) on the next
and gets 304 for every feed, storing nothing; after one file changes, only
that feed is fetched in full again. Skipped when nginx is not installed."""
import argparse
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import time

from harness import Checker, run, temp_dir

NGINX = "/usr/sbin/nginx"

NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log info;

events {{
    worker_connections 64;
}}

http {{
    client_body_temp_path {tmp}/client_body_temp;
    proxy_temp_path {tmp}/proxy_temp;
    fastcgi_temp_path {tmp}/fastcgi_temp;
    uwsgi_temp_path {tmp}/uwsgi_temp;
    scgi_temp_path {tmp}/scgi_temp;

    log_format conditional escape=json '{{"status":"$status","uri":"$uri",'
        '"if_none_match":"$http_if_none_match","if_modified_since":"$http_if_modified_since",'
        '"user_agent":"$http_user_agent"}}';
    access_log {tmp}/access.log conditional;

    types {{
        application/rss+xml xml;
    }}
    default_type application/octet-stream;
    etag on;
    sendfile off;

    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""

CONFIG = """
[daemon]
database = "{db}"
poll_interval = "15m"
fetch_timeout = "10s"
per_host_delay = "0s"  # every test feed is on 127.0.0.1

[[feed]]
name = "azattyk-ru"
url = "{base}/ru.xml"

[[feed]]
name = "azattyk-ky"
url = "{base}/ky.xml"

[[feed]]
name = "rferl"
url = "{base}/en.xml"
"""

FEEDS = {"azattyk-ru": "ru.xml", "azattyk-ky": "ky.xml", "rferl": "en.xml"}

NEW_ITEM = """  <item>
    <title>Новый материал: мигранты из Кыргызстана вернулись домой</title>
    <link>https://rus.azattyk.org/a/33000199.html</link>
    <guid>https://rus.azattyk.org/a/33000199.html</guid>
    <pubDate>Wed, 06 Mar 2024 09:00:00 +0300</pubDate>
    <description>Добавлен после первого опроса, чтобы сменился ETag.</description>
  </item>
"""


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class Nginx:
    """nginx in the foreground, one process, everything under `tmp`."""

    def __init__(self, tmp, root):
        self.tmp = tmp
        self.access_log = os.path.join(tmp, "access.log")
        for attempt in range(3):  # the free port may be taken before nginx binds it
            self.port = free_port()
            conf = os.path.join(tmp, "nginx.conf")
            with open(conf, "w", encoding="utf-8") as f:
                f.write(NGINX_CONF.format(tmp=tmp, port=self.port, root=root))
            self.process = subprocess.Popen([NGINX, "-c", conf, "-p", tmp + "/", "-e", os.path.join(tmp, "error.log")],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            deadline = time.time() + 10
            while time.time() < deadline and self.process.poll() is None and not port_open(self.port):
                time.sleep(0.05)
            if self.process.poll() is None and port_open(self.port):
                self.base = "http://127.0.0.1:%d" % self.port
                return
            self.stop()
        raise RuntimeError("nginx did not start: " + self.errors())

    def errors(self):
        path = os.path.join(self.tmp, "error.log")
        if not os.path.exists(path):
            return ""
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()[-2000:]

    def log(self):
        if not os.path.exists(self.access_log):
            return []
        with open(self.access_log, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        if self.process.stderr:
            self.process.stderr.close()


def feeds(db):
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        rows = con.execute("SELECT f.*, (SELECT COUNT(*) FROM items i WHERE i.feed_id = f.id) AS items"
                           " FROM feeds f").fetchall()
        return {row["name"]: dict(row) for row in rows}
    finally:
        con.close()


def entries_in(path):
    with open(path, encoding="utf-8") as f:
        return len(re.findall(r"<(?:item|entry)[\s>]", f.read()))


def wait_for_log(server, count, seconds=5):
    """nginx writes the access log line after the response; give it a moment."""
    deadline = time.time() + seconds
    while time.time() < deadline and len(server.log()) < count:
        time.sleep(0.05)
    return server.log()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--data", required=True)
    args = parser.parse_args()
    if not os.path.exists(NGINX):
        print("skip - %s is not installed" % NGINX)
        return
    t = Checker()
    with temp_dir() as work:
        root = os.path.join(work, "data")
        shutil.copytree(args.data, root)  # served and edited: never the checked-in files
        expected = {name: entries_in(os.path.join(root, file)) for name, file in FEEDS.items()}
        server = Nginx(work, root)
        try:
            db = os.path.join(work, "khabar.db")
            config = os.path.join(work, "khabar.toml")
            with open(config, "w", encoding="utf-8") as f:
                f.write(CONFIG.format(db=db, base=server.base))

            # --- 1: full fetches ------------------------------------------
            code, _, err = run([args.khabar, "-c", config, "poll", "--once"])
            t.check(code == 0, "first poll exits 0 (got %d)" % code)
            if code != 0:
                print(err)
            first = wait_for_log(server, 3)
            t.check(sorted((r["uri"], r["status"]) for r in first) ==
                    sorted(("/" + file, "200") for file in FEEDS.values()),
                    "first poll: one 200 per feed %s" % [(r["uri"], r["status"]) for r in first])
            t.check(all(r["if_none_match"] == "" and r["if_modified_since"] == "" for r in first),
                    "first poll sends no validators")
            rows = feeds(db)
            for name in FEEDS:
                row = rows.get(name, {})
                t.check(row.get("items") == expected[name], "%s stored its %d items (got %s)"
                        % (name, expected[name], row.get("items")))
                t.check(bool(row.get("etag")) and bool(row.get("last_modified")),
                        "%s stored nginx's ETag %s and Last-Modified %s"
                        % (name, row.get("etag"), row.get("last_modified")))
                t.check(row.get("last_status") == "ok", "%s: last_status ok (got %s)" % (name, row.get("last_status")))
            total = sum(r["items"] for r in rows.values())

            # --- 2: nothing changed: 304 everywhere -----------------------
            code, _, err = run([args.khabar, "-c", config, "poll", "--once"])
            t.check(code == 0, "second poll exits 0 (got %d)" % code)
            second = wait_for_log(server, 6)[3:]
            t.check(sorted((r["uri"], r["status"]) for r in second) ==
                    sorted(("/" + file, "304") for file in FEEDS.values()),
                    "second poll: nginx answered 304 to every feed %s" % [(r["uri"], r["status"]) for r in second])
            by_uri = {r["uri"]: r for r in second}
            for name, file in FEEDS.items():
                sent = by_uri.get("/" + file, {})
                t.check(sent.get("if_none_match") == rows[name]["etag"],
                        "%s sent If-None-Match: %s (stored %s)" % (name, sent.get("if_none_match"), rows[name]["etag"]))
                t.check(sent.get("if_modified_since") == rows[name]["last_modified"],
                        "%s sent If-Modified-Since: %s" % (name, sent.get("if_modified_since")))
            after = feeds(db)
            t.check(sum(r["items"] for r in after.values()) == total, "a 304 stores no new items")
            for name in FEEDS:
                row = after[name]
                t.check(row["last_status"] == "not-modified" and row["consecutive_errors"] == 0,
                        "%s: last_status not-modified (got %s)" % (name, row["last_status"]))
                t.check(row["etag"] == rows[name]["etag"] and row["last_modified"] == rows[name]["last_modified"],
                        "%s keeps its validators across a 304" % name)

            # --- 3: one file changes: only it is fetched in full ----------
            changed = os.path.join(root, "ru.xml")
            with open(changed, encoding="utf-8") as f:
                text = f.read()
            with open(changed, "w", encoding="utf-8") as f:
                f.write(text.replace("  <item>", NEW_ITEM + "  <item>", 1))
            newer = max(time.time(), os.path.getmtime(changed)) + 60  # a different second, surely
            os.utime(changed, (newer, newer))
            code, _, err = run([args.khabar, "-c", config, "poll", "--once"])
            t.check(code == 0, "third poll exits 0 (got %d)" % code)
            third = wait_for_log(server, 9)[6:]
            t.check(sorted((r["uri"], r["status"]) for r in third) ==
                    sorted([("/ru.xml", "200"), ("/ky.xml", "304"), ("/en.xml", "304")]),
                    "third poll: 200 for the changed ru.xml only %s" % [(r["uri"], r["status"]) for r in third])
            final = feeds(db)
            t.check(final["azattyk-ru"]["items"] == expected["azattyk-ru"] + 1,
                    "the changed feed stored exactly its one new item (%d -> %d)"
                    % (expected["azattyk-ru"], final["azattyk-ru"]["items"]))
            t.check(sum(r["items"] for r in final.values()) == total + 1, "no other feed stored anything")
            t.check(final["azattyk-ru"]["etag"] != rows["azattyk-ru"]["etag"] and final["azattyk-ru"]["last_status"] == "ok",
                    "the changed feed stored its new ETag %s (was %s)"
                    % (final["azattyk-ru"]["etag"], rows["azattyk-ru"]["etag"]))
            t.check(all(final[n]["last_status"] == "not-modified" for n in ("azattyk-ky", "rferl")),
                    "the unchanged feeds stay not-modified")
            con = sqlite3.connect(db)
            found = con.execute("SELECT COUNT(*) FROM items WHERE link = 'https://rus.azattyk.org/a/33000199.html'")
            t.check(found.fetchone()[0] == 1, "the new item is in the archive")
            con.close()
            t.check(all(r["user_agent"].startswith("khabar/") for r in server.log()),
                    "every request names khabar in its User-Agent")
        finally:
            server.stop()
    t.finish()


if __name__ == "__main__":
    main()
