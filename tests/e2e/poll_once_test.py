#!/usr/bin/env python3
"""End to end: feeds served over real HTTP on 127.0.0.1 -> khabar poll --once
-> SQLite archive -> webhook alerts, each exactly once, none on a second poll."""
import argparse
import json
import os
import sqlite3

from harness import Checker, FeedServer, run, temp_dir

CONFIG = """
[daemon]
database = "{db}"
poll_interval = "15m"
per_host_delay = "0s"  # every test feed is on 127.0.0.1

[[feed]]
name = "azattyk-ru"
url = "{base}/ru.xml"
language = "ru"

[[feed]]
name = "azattyk-ky"
url = "{base}/ky.xml"

[[feed]]
name = "rferl"
url = "{base}/en.xml"

[[feed]]
name = "gone"
url = "{base}/missing.xml"

[[rule]]
name = "recruits"
query = '(кыргыз* OR таджик* OR tajik* OR kyrgyz*) AND (вербов* OR завербов* OR recruit* OR контракт*) AND NOT (футбол* OR клуб* OR university OR student*)'
alerts = ["newsroom"]

[[rule]]
name = "deaths-ky"
query = '(жалдан* OR согуш*) AND (кыргыз* OR мигрант*)'
alerts = ["newsroom"]

[[alert]]
name = "newsroom"
type = "webhook"
url = "{base}/hook/newsroom"
"""

EXPECTED_ALERTS = {
    ("recruits", "https://rus.azattyk.org/a/33000101.html"),
    ("recruits", "https://rus.azattyk.org/a/33000103.html"),
    ("recruits", "https://www.rferl.org/a/tajik-migrants-recruited/33000301.html"),
    ("deaths-ky", "https://www.azattyk.org/a/33000201.html"),
}


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

            code, _, err = run([args.khabar, "-c", config, "poll", "--once"])
            t.check(code == 0, "poll --once exits 0 even though one feed fails (got %d)" % code)
            t.check("feed gone: HTTP 404" in err, "the failing feed is logged with its name")

            con = sqlite3.connect(db)
            items = con.execute("SELECT COUNT(*) FROM items").fetchone()[0]
            t.check(items == 10, "all 10 items of the three feeds are stored (got %d)" % items)
            languages = dict(con.execute("SELECT link, language FROM items").fetchall())
            t.check(languages.get("https://www.azattyk.org/a/33000201.html") == "ky",
                    "the Kyrgyz Atom entry keeps its language")
            sent = con.execute("SELECT COUNT(*) FROM alerts WHERE state = 'sent'").fetchone()[0]
            t.check(sent == 4, "4 alerts are recorded as sent (got %d)" % sent)
            con.close()

            received = server.received()
            pairs = [(r["body"]["rule"], r["body"]["item"]["link"]) for r in received]
            t.check(set(pairs) == EXPECTED_ALERTS, "exactly the matching items were alerted: %s" % sorted(pairs))
            t.check(len(pairs) == len(set(pairs)), "each matching item was alerted once")
            t.check(all(r["headers"].get("Content-Type") == "application/json" for r in received),
                    "webhooks are JSON POSTs")
            t.check(all(r["headers"].get("User-Agent", "").startswith("khabar/") for r in received),
                    "the User-Agent names khabar")
            football = [p for p in pairs if p[1].endswith("33000104.html")]
            t.check(not football, "the football contract (a NOT term) is not alerted")

            code, out, _ = run([args.khabar, "-c", config, "status"])
            gone_line = next((line for line in out.splitlines() if line.startswith("gone")), "")
            t.check(code == 0 and "failing" in gone_line and "HTTP 404" in gone_line,
                    "status shows the failing feed with its error: " + gone_line.strip())
            code, out, _ = run([args.khabar, "-c", config, "status", "--json"])
            health = {f["name"]: f["health"] for f in json.loads(out)["feeds"]} if code == 0 else {}
            # The fixtures' items date from March 2024: far longer ago than their rhythm, so the feeds are quiet.
            t.check(health.get("azattyk-ru") == "quiet" and health.get("gone") == "failing", "status --json: %s" % health)

            code, _, _ = run([args.khabar, "-c", config, "poll", "--once"])
            t.check(code == 0, "a second poll exits 0")
            t.check(len(server.received()) == len(received), "a second poll alerts nothing")
            con = sqlite3.connect(db)
            t.check(con.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 10, "a second poll stores nothing new")
            con.close()

            code, out, _ = run([args.khabar, "-c", config, "search", "КЫРГЫЗ*"])
            t.check(code == 0 and "Сахарово" in out and "кыргызстандык" in out,
                    "search finds Russian and Kyrgyz items case-insensitively")
            code, out, _ = run([args.khabar, "-c", config, "search", "--jsonl", "tajik AND recruit*"])
            t.check(code == 0 and out.count("\n") == 1 and "33000301" in out, "search --jsonl finds the English item")
            code, out, _ = run([args.khabar, "-c", config, "search", "--rule", "recruits", "--format", "csv"])
            rows = out.strip().splitlines()
            t.check(code == 0 and rows[0].startswith("id,date,feed") and len(rows) == 4, "search --rule --format csv lists the rule's 3 items")
            code, out, _ = run([args.khabar, "-c", config, "search", "--rule", "recruits", "--format", "atom"])
            import xml.etree.ElementTree as ET
            entries = ET.fromstring(out.encode()).findall("{http://www.w3.org/2005/Atom}entry") if code == 0 else []
            t.check(len(entries) == 3, "search --format atom is a feed a reader can follow (%d entries)" % len(entries))
            code, out, _ = run([args.khabar, "-c", config, "search", "--lang", "ky", "--jsonl", "мигрант* OR жалдан*"])
            t.check(code == 0 and out.count("\n") == 2 and "33000201" in out, "search --lang ky keeps the Kyrgyz items")
            code, out, _ = run([args.khabar, "-c", config, "search", "--since", "7d", "кыргыз*"])
            t.check(code == 0 and "no items found" in out, "search --since 7d leaves out the 2024 items")
            code, out, _ = run([args.khabar, "-c", config, "search", "--until", "2024-03-05", "--json", "кыргыз* OR kyrgyz*"])
            t.check(code == 0 and "33000104" in out and "33000101" not in out, "search --until takes a date")

            only_gone = os.path.join(work, "gone.toml")
            with open(only_gone, "w", encoding="utf-8") as f:
                f.write('[daemon]\ndatabase = "%s"\nper_host_delay = "0s"\n\n[[feed]]\nname = "gone"\nurl = "%s/missing.xml"\n'
                        % (os.path.join(work, "gone.db"), server.base))
            code, _, err = run([args.khabar, "-c", only_gone, "poll", "--once"])
            t.check(code == 1 and "every feed failed" in err, "poll --once exits 1 when every feed failed (%d)" % code)
            holder = sqlite3.connect(db, isolation_level=None)  # another writer holds the archive
            holder.execute("BEGIN EXCLUSIVE")
            code, _, err = run([args.khabar, "-c", config, "poll", "--once"], timeout=60)
            holder.execute("ROLLBACK")
            holder.close()
            t.check(code == 1 and "could be loaded" in err and "locked" in err,
                    "poll --once exits 1 when no feed can be loaded: " + err.strip()[-300:])
        finally:
            server.stop()
    t.finish()


if __name__ == "__main__":
    main()
