#!/usr/bin/env python3
"""A small HTTP server on 127.0.0.1 for khabar's demo and end-to-end tests.

Serves the files of a directory with real ETag and Last-Modified handling
(conditional GETs answer 304), and records every POST to /hook/... (a webhook
receiver) as one JSON line in the --hooks file. Binds to port 0 unless told
otherwise and writes the port it got to --port-file, so tests never collide.
Stops after --lifetime seconds at the latest.

A file routes.json in the served directory, read again on every request,
maps a request path with its query ("/s/chan?before=1201") to what to send:
{"file": "page.html"} or {"status": 429, "headers": {"Retry-After": "120"},
"body": "..."}. Tests rewrite it to make a page change, vanish or refuse.
Where routes.json exists, every GET is also appended to requests.log there.
"""
import argparse
import email.utils
import hashlib
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CONTENT_TYPES = {".xml": "application/rss+xml", ".atom": "application/atom+xml",
                 ".json": "application/feed+json", ".rss": "application/rss+xml",
                 ".html": "text/html; charset=utf-8"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet unless asked
        if self.server.verbose:
            sys.stderr.write("feed-server: " + fmt % args + "\n")

    def route(self):
        routes_file = os.path.join(self.server.root, "routes.json")
        if not os.path.isfile(routes_file):
            return None
        with open(routes_file, encoding="utf-8") as f:
            return json.load(f).get(self.path)

    def do_GET(self):
        route = self.route()
        if os.path.isfile(os.path.join(self.server.root, "routes.json")):
            with self.server.lock, open(os.path.join(self.server.root, "requests.log"), "a", encoding="utf-8") as log:
                log.write(self.path + "\n")
        if route is not None and "file" not in route:
            return self.reply(route.get("status", 200), route.get("body", "").encode(), route.get("type", "text/plain"),
                              route.get("headers"))
        target = route["file"] if route else self.path.split("?")[0].lstrip("/")
        path = os.path.normpath(os.path.join(self.server.root, target))
        if not path.startswith(self.server.root) or not os.path.isfile(path):
            return self.reply(404, b"not found\n", "text/plain")
        with open(path, "rb") as f:
            body = f.read()
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        modified = email.utils.formatdate(int(os.path.getmtime(path)), usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            return self.reply(304, b"", None, {"ETag": etag, "Last-Modified": modified})
        content_type = CONTENT_TYPES.get(os.path.splitext(path)[1], "application/octet-stream")
        self.reply(200, body, content_type, {"ETag": etag, "Last-Modified": modified})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if not self.path.startswith("/hook"):
            return self.reply(404, b"not found\n", "text/plain")
        try:
            payload = json.loads(body)
        except ValueError:
            payload = body.decode("utf-8", "replace")
        record = {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": payload, "raw": body.decode("utf-8", "replace")}
        with self.server.lock:
            # /hook/fail-N/...: answer 500 to the first N posts to this path, then accept.
            failures = self.server.failures.setdefault(self.path, 0)
            if "/fail-" in self.path and failures < int(self.path.split("/fail-")[1].split("/")[0]):
                self.server.failures[self.path] += 1
                return self.reply(500, b"try again\n", "text/plain")
            # /hook/redirect...: answer 302 to /hook/redirected (a receiver must never see it).
            if self.path.startswith("/hook/redirect") and not self.path.startswith("/hook/redirected"):
                return self.reply(302, b"", None, {"Location": "/hook/redirected"})
            if "/busy" in self.path and failures < 1:
                self.server.failures[self.path] += 1
                return self.reply(429, b"slow down\n", "text/plain", {"Retry-After": "1"})
            with open(self.server.hooks, "a", encoding="utf-8") as f:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
            if self.server.echo and isinstance(payload, dict):
                item = payload.get("item", {})
                print("ALERT [%s] %s: %s\n      %s" % (payload.get("rule"), payload.get("feed"),
                                                    item.get("title"), item.get("link")), flush=True)
        self.reply(200, b"{}", "application/json")

    do_PUT = do_POST  # Matrix sends with PUT

    def reply(self, status, body, content_type, headers=None):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", required=True, help="directory to serve")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", help="write the bound port here")
    parser.add_argument("--hooks", default=os.devnull, help="append received webhook POSTs here")
    parser.add_argument("--echo", action="store_true", help="print received alerts")
    parser.add_argument("--lifetime", type=float, default=600, help="stop after this many seconds")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.root = os.path.abspath(args.root)
    server.hooks, server.echo, server.verbose = args.hooks, args.echo, args.verbose
    server.lock = threading.Lock()
    server.failures = {}
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(server.server_address[1]))
        os.replace(tmp, args.port_file)
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()


if __name__ == "__main__":
    main()
