#!/usr/bin/env python3
"""A stand-in for a LibreTranslate server (not packaged in Debian), on
127.0.0.1, following its documented API: POST /translate with JSON
{q, source, target, format, api_key} answers {"translatedText": ...} (a
string for a string q, a list for a list). The file --mode names how to
answer the next requests: ok, 400, 429, 500 or slow (sleeps --slow seconds
first). Every request is appended to --log as a JSON line."""
import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ERRORS = {"400": (400, "Invalid request: unsupported language"), "429": (429, "Slowdown: too many requests"),
          "500": (500, "Internal error")}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        with self.server.lock, open(self.server.log, "a", encoding="utf-8") as log:
            log.write(json.dumps(request, ensure_ascii=False) + "\n")
        mode = open(self.server.mode).read().strip() if os.path.exists(self.server.mode) else "ok"
        if self.path != "/translate":
            return self.reply(404, {"error": "Not Found"})
        if mode in ERRORS:
            status, message = ERRORS[mode]
            return self.reply(status, {"error": message})
        if mode == "slow":
            time.sleep(self.server.slow)
        if self.server.key and request.get("api_key") != self.server.key:
            return self.reply(403, {"error": "Invalid API key"})
        q = request.get("q")
        translate = lambda text: "[%s→%s] %s" % (request.get("source"), request.get("target"), text) if text else ""
        self.reply(200, {"translatedText": [translate(t) for t in q] if isinstance(q, list) else translate(q)})


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--mode", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--api-key", default="")
    parser.add_argument("--slow", type=float, default=5)
    parser.add_argument("--lifetime", type=float, default=300)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.mode, server.log, server.key, server.slow = args.mode, args.log, args.api_key, args.slow
    server.lock = threading.Lock()
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
