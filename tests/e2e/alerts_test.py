#!/usr/bin/env python3
"""Alerts that arrive once, in the right form, even when the receivers are
down: e-mail through a real SMTP server (aiosmtpd: STARTTLS with a test
certificate, AUTH, the mail parsed back with Python's email package) and
webhooks whose HMAC signature the receiver verifies; SMTP down then up,
webhook 500 then 200, 429 with Retry-After, all delivered once after
recovery; an hourly digest mail; `khabar alerts list|retry|digest|test`."""
import argparse
import email
import email.policy
import glob
import hashlib
import hmac
import os
import sqlite3
import subprocess
import sys
import time

from harness import Checker, FeedServer, run, temp_dir

CONFIG = """
[daemon]
database = "{db}"
per_host_delay = "0s"

[[feed]]
name = "azattyk-ru"
url = "{base}/ru.xml"
language = "ru"

[[rule]]
name = "recruits"
query = '(кыргыз* OR таджик*) AND (вербов* OR завербов*)'
alerts = ["desk", "signed", "flaky", "busy", "roundup"]

[[alert]]
name = "desk"
type = "email"
smtp_url = "smtp://127.0.0.1:{smtp_port}"
from = "khabar <khabar@example.org>"
to = ["desk@example.org"]
username = "khabar"
password_file = "{password_file}"
ca_file = "{cert}"

[[alert]]
name = "roundup"
type = "email"
digest = "hourly"
smtp_url = "smtp://127.0.0.1:{smtp_port}"
from = "khabar <khabar@example.org>"
to = ["roundup@example.org"]
username = "khabar"
password_file = "{password_file}"
ca_file = "{cert}"

[[alert]]
name = "signed"
type = "webhook"
url = "{base}/hook/signed"
secret_env = "KHABAR_TEST_HOOK_SECRET"

[[alert]]
name = "flaky"
type = "webhook"
url = "{base}/hook/fail-2/flaky"

[[alert]]
name = "busy"
type = "webhook"
url = "{base}/hook/busy"

[[alert]]
name = "room"
type = "webhook"
preset = "matrix"
url = "{base}/hook/matrix/send/m.room.message?access_token=t"
"""
SECRET = "shared-secret-for-tests"


def make_certificate(folder):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True, timeout=60)
    return cert, key


class SmtpServer:
    def __init__(self, script, folder, cert, key):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        port_file = os.path.join(folder, "port")
        self.process = subprocess.Popen(["/usr/bin/python3", script, "--folder", folder, "--port-file", port_file,
                                         "--cert", cert, "--key", key])
        deadline = time.time() + 15
        while not os.path.exists(port_file):
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError("smtp server did not start")
            time.sleep(0.05)
        with open(port_file) as f:
            self.port = int(f.read())

    def mails(self):
        return sorted(glob.glob(os.path.join(self.folder, "mail-*.eml")))

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def alert_states(db):
    """channel -> the set of its alerts' states."""
    con = sqlite3.connect(db)
    try:
        states = {}
        for channel, state in con.execute("SELECT channel, state FROM alerts"):
            states.setdefault(channel, set()).add(state)
        return states
    finally:
        con.close()


def alert_count(db, channel):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COUNT(*) FROM alerts WHERE channel = ?", (channel,)).fetchone()[0]
    finally:
        con.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--feed-server", required=True)
    parser.add_argument("--smtp-server", required=True)
    args = parser.parse_args()
    t = Checker()
    if not os.path.exists("/usr/bin/openssl"):
        print("skip - openssl is not installed")
        print("0 passed, 0 failed")
        return
    with temp_dir() as work:
        cert, key = make_certificate(work)
        feeds = FeedServer(args.feed_server, args.data, work)
        password_file = os.path.join(work, "smtp-password")
        with open(password_file, "w") as f:
            f.write("test-password\n")
        db = os.path.join(work, "khabar.db")
        config = os.path.join(work, "khabar.toml")
        # A port nobody listens on yet: the mail server is down for the first poll.
        import socket
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        down_port = probe.getsockname()[1]
        probe.close()

        def write_config(smtp_port):
            with open(config, "w", encoding="utf-8") as f:
                f.write(CONFIG.format(db=db, base=feeds.base, smtp_port=smtp_port, password_file=password_file, cert=cert))

        env = dict(os.environ, KHABAR_TEST_HOOK_SECRET=SECRET)
        smtp = None
        try:
            write_config(down_port)
            code, _, err = run([args.khabar, "-c", config, "poll", "--once"], env=env)
            t.check(code == 0, "poll exits 0 with the mail server down")
            states = alert_states(db)
            t.check(states.get("desk") == {"pending"} and states.get("flaky") == {"pending"},
                    "undeliverable alerts wait in the outbox: %s" % states)
            t.check(states.get("signed") == {"sent"}, "the working webhook got its alerts at once")
            received = [r for r in feeds.received() if r["path"] == "/hook/signed"]
            expected = "sha256=" + hmac.new(SECRET.encode(), received[0]["raw"].encode(), hashlib.sha256).hexdigest() if received else ""
            t.check(received and received[0]["headers"].get("X-Khabar-Signature") == expected,
                    "the receiver verifies X-Khabar-Signature (HMAC-SHA256 of the body)")
            t.check(received and received[0]["headers"].get("Idempotency-Key", "").startswith("khabar-alert-"),
                    "webhooks carry an Idempotency-Key")
            code, out, _ = run([args.khabar, "-c", config, "alerts", "list", "--state", "pending"], env=env)
            t.check(code == 0 and "desk" in out and "SMTP" in out, "alerts list shows what waits and why")

            smtp = SmtpServer(args.smtp_server, os.path.join(work, "mail"), cert, key)
            write_config(smtp.port)
            code, out, _ = run([args.khabar, "-c", config, "alerts", "test", "desk"], env=env)
            t.check(code == 0 and "delivered" in out, "alerts test desk sends a sample through STARTTLS and AUTH: " + out.strip())
            for _ in range(2):
                code, out, _ = run([args.khabar, "-c", config, "alerts", "test", "room"], env=env)
                t.check(code == 0 and "delivered" in out, "alerts test room reaches the Matrix stand-in: " + out.strip())
            puts = [r for r in feeds.received() if r["path"].startswith("/hook/matrix/")]
            txns = {r["path"].split("?")[0].rsplit("/", 1)[1] for r in puts}
            t.check(len(puts) == 2 and all(r.get("method") == "PUT" for r in puts) and len(txns) == 2,
                    "each Matrix test is PUT with a new transaction id (a repeated one is dropped): %s" % sorted(txns))
            for attempt in range(3):  # the mail server is up; flaky answers 500 twice, busy 429 once
                run([args.khabar, "-c", config, "alerts", "retry"], env=env)
                run([args.khabar, "-c", config, "poll", "--once"], env=env)
            code, out, _ = run([args.khabar, "-c", config, "alerts", "digest", "roundup"], env=env)
            t.check(code == 0 and "digest 1 formed" in out, "alerts digest bundles the held alerts: " + out.strip())
            run([args.khabar, "-c", config, "poll", "--once"], env=env)
            states = alert_states(db)
            t.check(all(s == {"sent"} for s in states.values()), "after recovery every alert is delivered: %s" % states)
            parsed = []
            for path in smtp.mails():
                with open(path, "rb") as f:
                    parsed.append(email.message_from_binary_file(f, policy=email.policy.default))
            digests = [m for m in parsed if m["To"] == "roundup@example.org"]
            parsed = [m for m in parsed if m["To"] == "desk@example.org"]
            desk_alerts = alert_count(db, "desk")
            t.check(desk_alerts >= 1 and len(parsed) == 1 + desk_alerts,
                    "one mail per alert, plus the test (%d alerts, %d mails)" % (desk_alerts, len(parsed)))
            t.check(len(digests) == 1, "the hourly channel got one digest mail (%d)" % len(digests))
            if digests:
                digest = digests[0]
                stories = alert_count(db, "roundup")
                t.check(str(digest["Subject"]).startswith("[khabar] Digest: ") and "%d report" % stories in str(digest["Subject"]),
                        "the digest's subject counts its stories and reports: " + str(digest["Subject"]))
                parts = {p.get_content_type(): p.get_content() for p in digest.iter_parts()}
                text = parts.get("text/plain", "")
                t.check("azattyk-ru (ru) · recruits" in text and "https://rus.azattyk.org/" in text and "Matched: " in text,
                        "the digest lists each report's source, language, rule, matched terms and link")
                t.check("<ol>" in parts.get("text/html", "") and digest["List-Id"] == "khabar alerts <roundup.khabar>",
                        "the digest has an HTML part and the channel's List-Id")
            mail = next((m for m in parsed if "Сахарово" in str(m["Subject"])), parsed[-1])
            t.check("Сахарово" in str(mail["Subject"]), "the UTF-8 subject decodes: " + str(mail["Subject"]))
            t.check(mail.get_content_type() == "multipart/alternative", "multipart/alternative")
            parts = {p.get_content_type(): p.get_content() for p in mail.iter_parts()}
            t.check("text/plain" in parts and "text/html" in parts and "Сахарово" in parts["text/plain"]
                    and "Сахарово" in parts["text/html"],
                    "both a text and an HTML part, in UTF-8")
            t.check(mail["List-Id"] == "khabar alerts <desk.khabar>" and mail["Message-ID"] and mail["Date"],
                    "List-Id, Message-ID and Date are set")
            flaky = [r for r in feeds.received() if r["path"].endswith("/flaky")]
            t.check(len(flaky) == alert_count(db, "flaky"), "the 500-then-200 webhook got each alert exactly once (%d)" % len(flaky))
            busy = [r for r in feeds.received() if r["path"] == "/hook/busy"]
            t.check(len(busy) == alert_count(db, "busy"), "the 429-with-Retry-After webhook got each alert once (%d)" % len(busy))

            count = len(smtp.mails())
            run([args.khabar, "-c", config, "alerts", "retry"], env=env)
            run([args.khabar, "-c", config, "poll", "--once"], env=env)
            t.check(len(smtp.mails()) == count, "nothing is sent twice, even after alerts retry and another poll")
        finally:
            if smtp:
                smtp.stop()
            feeds.stop()
    t.finish()


if __name__ == "__main__":
    main()
