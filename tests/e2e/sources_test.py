#!/usr/bin/env python3
"""End to end for sources beyond feeds, served by the local server on
127.0.0.1: a Telegram channel's preview pages (walked back on the first poll,
edited, a post deleted, rate limited), a name without a public channel, and a
news page read with XPath -> items, matches, alerts, search; and `khabar
feeds probe` on each kind."""
import argparse
import json
import os
import shutil
import sqlite3
import time

from harness import Checker, FeedServer, run, temp_dir

CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' %s ')"

CONFIG = """
[daemon]
database = "{db}"
per_host_delay = "0s"

[[feed]]
name = "kabar"
url = "{base}/s/kabar_test"
type = "telegram"
backfill = 30

[[feed]]
name = "kabar-yok"
url = "{base}/s/kabar_yok"
type = "telegram"

[[feed]]
name = "informburo"
url = "{base}/novosti"
type = "html"
xpath_item = "//ul[@id='news-list']/li[{item} and not({promo})]"
xpath_title = ".//a[{title}]"
xpath_link = ".//a[{title}]/@href"
xpath_date = ".//*[{date}]"
xpath_summary = ".//p[{lead}]"
xpath_author = ".//*[{author}]/a"
utc_offset = "+05:00"

[[feed]]
name = "azattyk-ru"
url = "{base}/ru.xml"

[[rule]]
name = "deaths-and-mercenaries"
query = '"каза болгон" OR yollanma* OR наемни*'
alerts = ["newsroom"]

[[alert]]
name = "newsroom"
type = "webhook"
url = "{base}/hook/newsroom"
"""


def write_routes(root, routes):
    with open(os.path.join(root, "routes.json"), "w", encoding="utf-8") as f:
        json.dump(routes, f)


def requests(root):
    path = os.path.join(root, "requests.log")
    return open(path, encoding="utf-8").read().split() if os.path.exists(path) else []


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--data", required=True, help="tests/data")
    parser.add_argument("--server", required=True)
    args = parser.parse_args()
    k, t = args.khabar, Checker()

    with temp_dir() as work:
        root = os.path.join(work, "site")
        os.makedirs(root)
        for sub in ("telegram", "html"):
            for name in os.listdir(os.path.join(args.data, sub)):
                shutil.copy(os.path.join(args.data, sub, name), root)
        shutil.copy(os.path.join(args.data, "e2e", "ru.xml"), root)
        routes = {"/s/kabar_test": {"file": "channel.html"},
                  "/s/kabar_test?before=1201": {"file": "channel_before_1201.html"},
                  "/s/kabar_yok": {"file": "not_public.html"},
                  "/novosti": {"file": "news_list.html"}}
        write_routes(root, routes)
        server = FeedServer(args.server, root, work)
        db = os.path.join(work, "khabar.db")
        config = os.path.join(work, "khabar.toml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(CONFIG.format(db=db, base=server.base, item=CLASS % "news-item", promo=CLASS % "news-item--promo",
                                  title=CLASS % "news-item__title", date=CLASS % "news-item__date",
                                  lead=CLASS % "news-item__lead", author=CLASS % "news-item__author"))
        try:
            code, out, err = run([k, "-c", config, "check-config"])
            t.check(code == 0, "check-config accepts a Telegram channel and an XPath page: " + (out + err).strip())

            # First poll: the channel's page and, to reach the backfill of 30, one older page.
            code, _, err = run([k, "-c", config, "poll", "--once"])
            seen = requests(root)
            t.check("/s/kabar_test?before=1201" in seen and "/s/kabar_test?before=1175" not in seen,
                    "the first poll walks back one older page, up to the backfill (%s)" % [r for r in seen if "before" in r])
            con = sqlite3.connect(db)
            items = lambda feed: con.execute("SELECT i.guid FROM items i JOIN feeds f ON f.id = i.feed_id WHERE f.name = ?",
                                             (feed,)).fetchall()
            t.check(len(items("kabar")) == 38, "38 posts with text stored from two pages (%d)" % len(items("kabar")))
            t.check(("kabar_test/1206",) in items("kabar") and ("kabar_test/1190",) in items("kabar"),
                    "posts are stored under CHANNEL/N ids from both pages")
            link = con.execute("SELECT link, title FROM items WHERE guid = 'kabar_test/1206'").fetchone()
            t.check(link[0] == "https://t.me/kabar_test/1206", "a post's link is its t.me address, not the server's")
            t.check(len(items("informburo")) == 14, "14 news items read from the page with XPath (%d)" % len(items("informburo")))
            error = con.execute("SELECT last_error FROM feeds WHERE name = 'kabar-yok'").fetchone()[0] or ""
            t.check("not a public channel" in error, "a name without a public channel is a feed error that says so: " + error)
            t.check("feed kabar-yok: not a public channel" in err, "and it is logged with the feed's name")

            hooks = server.received()
            links = sorted(h["body"]["item"]["link"] for h in hooks)
            t.check("https://t.me/kabar_test/1206" in links and "https://t.me/kabar_test/1204" in links,
                    "matching posts are alerted with their t.me links (%d alerts)" % len(hooks))
            t.check(len(links) == len(set(links)), "each post is alerted once")

            code, out, _ = run([k, "-c", config, "search", "Сахаров*", "--feed", "kabar"])
            t.check(code == 0 and "kabar" in out and "Сахаров" in out, "search finds a Telegram post by its words")
            code, out, _ = run([k, "-c", config, "search", "мерсенари* OR наемни* OR ЧВК OR контракт*", "--feed", "informburo"])
            t.check(code == 0 and "informburo" in out, "search finds a news item read from the page")

            # The page as served later: 1204 edited, 1213 deleted, 1227-1228 new.
            routes["/s/kabar_test"] = {"file": "channel_edited.html"}
            write_routes(root, routes)
            before = len(requests(root))
            run([k, "-c", config, "poll", "--once"])
            t.check(not any("before" in r for r in requests(root)[before:]), "no walk back when the newest known post is on the page")
            versions = con.execute("SELECT COUNT(*) FROM item_versions v JOIN items i ON i.id = v.item_id"
                                   " WHERE i.guid = 'kabar_test/1204'").fetchone()[0]
            t.check(versions == 1, "an edited post updates its item and keeps the earlier version")
            removed = con.execute("SELECT removed_at FROM items WHERE guid = 'kabar_test/1213'").fetchone()[0]
            t.check(removed is not None, "a post deleted within the page's window is marked removed")
            t.check(("kabar_test/1228",) in items("kabar"), "new posts are stored")

            # Rate limits: a 429 with Retry-After, and Telegram's flood page.
            for route, at_least, what in (({"status": 429, "headers": {"Retry-After": "3600"}}, 3500, "a 429's Retry-After"),
                                          ({"file": "too_many_requests.html"}, 290, "the Too Many Requests page")):
                routes["/s/kabar_test"] = route
                write_routes(root, routes)
                now = time.time()
                run([k, "-c", config, "poll", "--once"])
                next_poll, error = con.execute("SELECT next_poll, last_error FROM feeds WHERE name = 'kabar'").fetchone()
                t.check(next_poll - now >= at_least, "%s holds the next poll back (%d s; %s)" % (what, next_poll - now, error))

            # feeds probe on each kind.
            routes["/s/kabar_test"] = {"file": "channel.html"}
            write_routes(root, routes)
            code, out, err = run([k, "-c", config, "feeds", "probe", "--json", "--write", "kabar", "informburo", "kabar-yok",
                                  "azattyk-ru", server.base + "/news_list.html"])
            report = {r["source"]: r for r in json.loads(out)["sources"]} if out.startswith("{") else {}
            verdict = lambda s: (report.get(s, {}).get("kind"), report.get(s, {}).get("verdict"))
            t.check(verdict("kabar") == ("telegram", "ok") and report["kabar"]["items"] == 19,
                    "probe: the Telegram channel is ok with 19 posts %s" % (verdict("kabar"),))
            t.check(verdict("informburo") == ("html", "ok"), "probe: the XPath page is ok %s" % (verdict("informburo"),))
            t.check(verdict("azattyk-ru")[0] == "rss20" and verdict("azattyk-ru")[1] == "stale",
                    "probe: a feed whose newest item is old is stale %s" % (verdict("azattyk-ru"),))
            t.check(report.get("kabar-yok", {}).get("verdict") == "error" and
                    "not a public channel" in report.get("kabar-yok", {}).get("detail", ""), "probe: the missing channel is an error")
            t.check(verdict(server.base + "/news_list.html")[1] == "not a feed", "probe: an HTML page given as a feed is not a feed")
            t.check(code == 1, "probe exits 1 when a source is not ok")
            t.check(all(report.get(s, {}).get("etag") for s in ("kabar", "informburo")), "probe reports the validators")
            code, out, _ = run([k, "-c", config, "feeds", "list"])
            line = next((l for l in out.splitlines() if l.startswith("kabar ")), "")
            t.check("telegram" in line and " ok" in line, "feeds list shows each source's kind and last probe: " + line)
        finally:
            server.stop()
    t.finish()


if __name__ == "__main__":
    main()
