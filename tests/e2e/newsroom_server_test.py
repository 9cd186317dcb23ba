#!/usr/bin/env python3
"""The newsroom's server as a client meets it on the wire: HTTPS with
[web] tls_cert/tls_key (Secure cookies), the limits on header and body size,
slow clients cut off, and the cap on open connections."""
import argparse
import os
import signal
import socket
import ssl
import subprocess
import time

from harness import Checker, run, temp_dir, wait_for

CONFIG = """[daemon]
database = "{db}"

[web]
listen = "127.0.0.1:{port}"
tls_cert = "{cert}"
tls_key = "{key}"

[[web.user]]
name = "aigul"
role = "editor"
password_hash = "{hash}"
"""


def free_port():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def exchange(port, context, request, timeout=5):
    """The raw response to raw request bytes over TLS ('' when the server hangs up or is not there)."""
    try:
        raw = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError:
        return ""
    with raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            tls.sendall(request)
            chunks = []
            try:
                while True:
                    chunk = tls.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
            except (socket.timeout, ssl.SSLError, ConnectionResetError):
                pass
            return b"".join(chunks).decode("utf-8", "replace")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    args = parser.parse_args()
    t = Checker()
    with temp_dir() as work:
        cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
        code, _, err = run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                            "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        t.check(code == 0, "a self-signed certificate for 127.0.0.1 " + err.strip()[-80:])
        hashed = subprocess.run([args.khabar, "passwd"], input="a-long-password\n", capture_output=True, text=True,
                                timeout=30).stdout.strip()
        port = free_port()
        config = os.path.join(work, "khabar.toml")
        with open(config, "w") as f:
            f.write(CONFIG.format(db=os.path.join(work, "k.db"), port=port, cert=cert, key=key, hash=hashed))
        daemon = subprocess.Popen([args.khabar, "-c", config, "run"], stderr=subprocess.DEVNULL)
        context = ssl.create_default_context(cafile=cert)
        try:
            get = b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            t.check(wait_for(lambda: "200 OK" in exchange(port, context, get), 60), "khabar serves the newsroom over HTTPS")
            page = exchange(port, context, get)
            cookie = next((line for line in page.split("\r\n") if line.lower().startswith("set-cookie:")), "")
            t.check("Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie,
                    "its cookies are Secure, HttpOnly and SameSite=Strict: " + cookie)
            t.check("Content-Security-Policy: default-src 'none'" in page, "it sends a Content-Security-Policy")
            huge_header = b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n"
            t.check(" 431 " in exchange(port, context, huge_header).split("\r\n")[0], "a header over 8 KiB is refused (431)")
            huge_body = (b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                         b"Content-Length: 200000\r\n\r\n")  # refused on its header, before the body
            t.check(" 413 " in exchange(port, context, huge_body).split("\r\n")[0], "a body over 64 KiB is refused (413)")
            idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(70)]
            time.sleep(0.5)
            refused = 0
            for s in idle[64:]:
                s.settimeout(2)
                try:
                    refused += s.recv(1) == b""
                except (socket.timeout, ConnectionResetError):
                    refused += 1
            t.check(refused == 6, "connections past 64 are closed at once (%d of 6)" % refused)
            for s in idle:
                s.close()
            t.check(wait_for(lambda: "200 OK" in exchange(port, context, get), 5), "and it serves again once they close")
            slow = socket.create_connection(("127.0.0.1", port))
            started = time.time()
            slow.settimeout(30)
            try:
                cut = slow.recv(1) == b""
            except ConnectionResetError:
                cut = True
            t.check(cut and time.time() - started < 20, "a client that sends nothing is cut off (%.1f s)" % (time.time() - started))
            slow.close()
        finally:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(timeout=10)
        t.check(daemon.returncode == 0, "khabar run stops cleanly")
    t.finish()


if __name__ == "__main__":
    main()
