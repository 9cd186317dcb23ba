#!/usr/bin/env python3
"""A misbehaving HTTP/1.1 server on 127.0.0.1 for khabar's fetch-fault tests.

Every path is one fault a real feed host can produce:

  /ok.xml       200, a valid RSS 2.0 feed with 2 items
  /404          404 with a small text body
  /500          500 with a small text body
  /503-retry    503, Retry-After: 3600, a plain-text body
  /429          429, Retry-After: 120, a plain-text body
  /challenge    403, an HTML "Just a moment..." page like Cloudflare's
  /slow-drip    200 headers, then the feed one byte per second
  /hang         reads the request and never answers
  /reset        reads the request and closes with a TCP RST (SO_LINGER 0)
  /truncated    200 announcing more bytes than it sends, then closes
  /garbage      200, random (seeded, so reproducible) binary bytes
  /html         200 text/html, a site's homepage
  /big          200, a 1 MB body with a Content-Length
  /big-chunked  200, a 1 MB body in chunked encoding (no Content-Length)
  /gzip-bomb    200, Content-Encoding: gzip, ~50 KB that inflates to 50 MB
  /loop         302 to itself
  /moved        301 to /ok.xml
  /temp         302 to /ok.xml
  /empty        200 with no body

Anything else is a 404. Binds port 0 unless told otherwise and writes the
port it got to --port-file, so tests never collide; --log appends one JSON
line per request (path and headers). Stops after --lifetime seconds: all
connection threads are daemons and die with the process.
"""
import argparse
import json
import os
import random
import signal
import socket
import socketserver
import struct
import sys
import threading
import time
import zlib

IDLE_TIMEOUT = 30  # seconds a kept-alive connection may sit idle

OK_FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>Fault server</title>
  <link>https://fault.example.org/</link>
  <description>The one well-behaved feed of the fault server</description>
  <language>en</language>
  <item>
    <title>First item from the fault server</title>
    <link>https://fault.example.org/items/1</link>
    <guid>https://fault.example.org/items/1</guid>
    <pubDate>Tue, 05 Mar 2024 12:30:00 +0000</pubDate>
    <description>The first of two items.</description>
  </item>
  <item>
    <title>Second item from the fault server</title>
    <link>https://fault.example.org/items/2</link>
    <guid>https://fault.example.org/items/2</guid>
    <pubDate>Tue, 05 Mar 2024 13:30:00 +0000</pubDate>
    <description>The second of two items.</description>
  </item>
</channel>
</rss>
"""

CHALLENGE_PAGE = b"""<!DOCTYPE html>
<html lang="en-US">
<head>
<title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta name="robots" content="noindex,nofollow">
</head>
<body>
<div class="main-wrapper" role="main">
<div class="main-content">
<h1>fault.example.org</h1>
<h2>Checking if the site connection is secure</h2>
<noscript>Enable JavaScript and cookies to continue</noscript>
<p>fault.example.org needs to review the security of your connection before proceeding.</p>
</div>
</div>
<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script>
</body>
</html>
"""

HOMEPAGE = b"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Fault News - front page</title></head>
<body>
<header><h1>Fault News</h1><nav><a href="/politics">Politics</a> <a href="/world">World</a></nav></header>
<main>
<article><h2><a href="/a/1">A story on the front page</a></h2><p>Read more inside.</p></article>
<article><h2><a href="/a/2">Another story</a></h2><p>And more.</p></article>
</main>
</body>
</html>
"""

REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 403: "Forbidden", 404: "Not Found",
           429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}


def gzip_bomb(inflated_bytes):
    """A gzip member whose content is an RSS wrapper around `inflated_bytes`
    spaces, compressed in memory (deflate reaches ~1000:1 on a run)."""
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>bomb</title>'
    tail = b"</channel></rss>\n"
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip header and trailer
    parts = [compressor.compress(head)]
    chunk = b" " * (1 << 20)
    remaining = inflated_bytes
    while remaining > 0:
        piece = chunk if remaining >= len(chunk) else chunk[:remaining]
        parts.append(compressor.compress(piece))
        remaining -= len(piece)
    parts.append(compressor.compress(tail))
    parts.append(compressor.flush())
    return b"".join(parts)


class Request:
    def __init__(self, method, target, version, headers):
        self.method, self.target, self.version, self.headers = method, target, version, headers

    @property
    def path(self):
        return self.target.split("?", 1)[0]

    def header(self, name):
        return self.headers.get(name.lower())

    def keep_alive(self):
        connection = (self.header("connection") or "").lower()
        if self.version == "HTTP/1.0":
            return connection == "keep-alive"
        return connection != "close"


class Handler(socketserver.BaseRequestHandler):
    """Raw sockets: the faults need control http.server does not give."""

    def setup(self):
        self.sock = self.request
        self.sock.settimeout(IDLE_TIMEOUT)
        self.rfile = self.sock.makefile("rb")

    def finish(self):
        try:
            self.rfile.close()
        except OSError:
            pass

    def handle(self):
        try:
            while not self.server.stopping.is_set():
                request = self.read_request()
                if request is None:
                    return
                self.server.record(request, self.client_address)
                route = ROUTES.get(request.path, Handler.not_found)
                if not route(self, request):
                    return
        except (OSError, ValueError):
            return  # the client went away, timed out or sent nonsense

    # --- reading -------------------------------------------------------

    def read_request(self):
        line = self.rfile.readline(8192)
        while line in (b"\r\n", b"\n"):  # tolerate stray empty lines between requests
            line = self.rfile.readline(8192)
        if not line:
            return None
        parts = line.decode("latin-1").strip().split()
        if len(parts) != 3:
            return None
        headers = {}
        for _ in range(200):
            header = self.rfile.readline(8192)
            if header in (b"\r\n", b"\n", b""):
                break
            name, _, value = header.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        request = Request(parts[0], parts[1], parts[2], headers)
        length = int(request.header("content-length") or "0")
        if length:
            self.rfile.read(length)  # a body nobody here wants
        return request

    # --- writing -------------------------------------------------------

    def head(self, status, headers, keep_alive):
        lines = ["HTTP/1.1 %d %s" % (status, REASONS.get(status, "Status")),
                 "Date: " + time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime()),
                 "Server: khabar-fault-server"]
        lines += ["%s: %s" % pair for pair in headers]
        lines.append("Connection: " + ("keep-alive" if keep_alive else "close"))
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def reply(self, request, status, body=b"", content_type=None, headers=()):
        """A complete response; returns whether the connection stays open."""
        keep = request.keep_alive()
        all_headers = list(headers)
        if content_type:
            all_headers.append(("Content-Type", content_type))
        all_headers.append(("Content-Length", str(len(body))))
        data = self.head(status, all_headers, keep)
        if request.method != "HEAD":
            data += body
        self.sock.sendall(data)
        return keep

    def wait_for_close(self):
        """Holds the connection, saying nothing, until the client gives up
        or the server stops."""
        self.sock.settimeout(0.5)
        while not self.server.stopping.is_set():
            try:
                if not self.sock.recv(4096):
                    return
            except socket.timeout:
                continue

    # --- the routes ----------------------------------------------------

    def ok(self, request):
        return self.reply(request, 200, OK_FEED, "application/rss+xml; charset=utf-8")

    def not_found(self, request):
        return self.reply(request, 404, b"not found\n", "text/plain")

    def server_error(self, request):
        return self.reply(request, 500, b"internal server error\n", "text/plain")

    def unavailable_retry(self, request):
        return self.reply(request, 503, b"Service temporarily unavailable for maintenance. Come back in an hour.\n",
                          "text/plain; charset=utf-8", [("Retry-After", "3600")])

    def too_many(self, request):
        return self.reply(request, 429, b"Too many requests. Slow down.\n", "text/plain; charset=utf-8",
                          [("Retry-After", "120")])

    def challenge(self, request):
        return self.reply(request, 403, CHALLENGE_PAGE, "text/html; charset=UTF-8",
                          [("cf-mitigated", "challenge"), ("Cache-Control", "private, max-age=0, no-store")])

    def slow_drip(self, request):
        self.sock.sendall(self.head(200, [("Content-Type", "application/rss+xml"),
                                          ("Content-Length", str(len(OK_FEED)))], False))
        for i in range(len(OK_FEED)):
            if self.server.stopping.wait(1.0):
                return False
            self.sock.sendall(OK_FEED[i:i + 1])
        return False

    def hang(self, request):
        self.wait_for_close()
        return False

    def reset(self, request):
        # l_onoff 1, l_linger 0: close() sends RST instead of FIN.
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()  # the file holds a reference: the socket closes only after it
        self.sock.close()
        return False

    def truncated(self, request):
        self.sock.sendall(self.head(200, [("Content-Type", "application/rss+xml"),
                                          ("Content-Length", str(len(OK_FEED)))], False) + OK_FEED[:100])
        self.sock.shutdown(socket.SHUT_RDWR)
        return False

    def garbage(self, request):
        return self.reply(request, 200, self.server.garbage, "application/rss+xml")

    def html(self, request):
        return self.reply(request, 200, HOMEPAGE, "text/html; charset=utf-8")

    def big(self, request):
        return self.reply(request, 200, self.server.big, "application/rss+xml")

    def big_chunked(self, request):
        keep = request.keep_alive()
        self.sock.sendall(self.head(200, [("Content-Type", "application/rss+xml"),
                                          ("Transfer-Encoding", "chunked")], keep))
        if request.method == "HEAD":
            return keep
        body, step = self.server.big, 16384
        for start in range(0, len(body), step):
            piece = body[start:start + step]
            self.sock.sendall(b"%x\r\n" % len(piece) + piece + b"\r\n")
        self.sock.sendall(b"0\r\n\r\n")
        return keep

    def gzip_bomb(self, request):
        return self.reply(request, 200, self.server.bomb, "application/rss+xml",
                          [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")])

    def loop(self, request):
        return self.reply(request, 302, b"", "text/plain", [("Location", "/loop")])

    def moved(self, request):
        return self.reply(request, 301, b"moved\n", "text/plain", [("Location", "/ok.xml")])

    def temp(self, request):
        return self.reply(request, 302, b"found\n", "text/plain", [("Location", "/ok.xml")])

    def empty(self, request):
        return self.reply(request, 200, b"", "application/rss+xml")


ROUTES = {
    "/ok.xml": Handler.ok, "/404": Handler.not_found, "/500": Handler.server_error,
    "/503-retry": Handler.unavailable_retry, "/429": Handler.too_many, "/challenge": Handler.challenge,
    "/slow-drip": Handler.slow_drip, "/hang": Handler.hang, "/reset": Handler.reset,
    "/truncated": Handler.truncated, "/garbage": Handler.garbage, "/html": Handler.html, "/big": Handler.big,
    "/big-chunked": Handler.big_chunked, "/gzip-bomb": Handler.gzip_bomb, "/loop": Handler.loop,
    "/moved": Handler.moved, "/temp": Handler.temp, "/empty": Handler.empty,
}


class FaultServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, log_path):
        super().__init__(address, Handler)
        self.stopping = threading.Event()
        self.log_path = log_path
        self.log_lock = threading.Lock()
        self.garbage = random.Random(20240305).randbytes(4096)
        self.big = b"<!-- padding -->" * (1 << 16)  # 1 MiB
        self.bomb = gzip_bomb(50 * 1024 * 1024)

    def record(self, request, client):
        if not self.log_path:
            return
        line = json.dumps({"time": time.time(), "method": request.method, "path": request.target,
                           "client_port": client[1], "headers": request.headers})
        with self.log_lock:
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(line + "\n")

    def stop(self):
        self.stopping.set()
        self.shutdown()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", help="write the bound port here")
    parser.add_argument("--log", help="append one JSON line per request here")
    parser.add_argument("--lifetime", type=float, default=120, help="stop after this many seconds")
    args = parser.parse_args()

    server = FaultServer(("127.0.0.1", args.port), args.log)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.stop, daemon=True).start())
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(server.server_address[1]))
        os.replace(tmp, args.port_file)
    timer = threading.Timer(args.lifetime, server.stop)
    timer.daemon = True
    timer.start()
    try:
        server.serve_forever()
    finally:
        server.stopping.set()
        server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
