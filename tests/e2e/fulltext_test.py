#!/usr/bin/env python3
"""End to end for the whole text, through the local server on 127.0.0.1: an
item whose facts are only in content:encoded, and a headline-only feed whose
articles khabar fetches (fetch_article = "candidates", the prefilter picks
which) -> matched, alerted, found by search; a failed article is recorded
and shown by status; an article is never fetched twice unless its item
changed."""
import argparse
import os
import shutil
import sqlite3

from harness import Checker, FeedServer, run, temp_dir

CONFIG = """
prefilter = '(мигрант* OR кыргыз* OR узбек*)'

[daemon]
database = "{db}"
per_host_delay = "0s"

[[feed]]
name = "fulltext"
url = "{base}/fulltext.xml"

[[feed]]
name = "headlines"
url = "{base}/headlines.xml"
fetch_article = "candidates"

[[rule]]
name = "contract-death"
query = '(келишим* OR контракт* OR shartnoma*) AND (каза* OR погиб* OR halok*)'
alerts = ["newsroom"]

[[alert]]
name = "newsroom"
type = "webhook"
url = "{base}/hook/newsroom"
"""

FULLTEXT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Full</title>
<link>{base}/</link>
<item><title>Новости дня</title><link>{base}/full/1</link><guid>full-1</guid><description>Коротко о главном.</description>
<content:encoded><![CDATA[<p>Мигрант из Кыргызстана подписал <b>контракт</b> с Минобороны России и погиб под Покровском.</p>]]></content:encoded>
</item></channel></rss>
"""

HEADLINES = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Headlines</title><link>{base}/</link>
<item><title>{first}</title><link>{base}/a/1</link><guid>h-1</guid></item>
<item><title>Мигрант из Узгена: история одной семьи</title><link>{base}/a/2</link><guid>h-2</guid></item>
<item><title>Мигранттар жөнүндө жаңы мыйзам</title><link>{base}/a/missing</link><guid>h-3</guid></item>
<item><title>Football: the cup final in the capital</title><link>{base}/a/football</link><guid>h-4</guid></item>
</channel></rss>
"""


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
        for name in ("pangea_ky.html", "wordpress_ru.html"):
            shutil.copy(os.path.join(args.data, "article", name), root)
        with open(os.path.join(root, "routes.json"), "w") as f:
            f.write('{"/a/1": {"file": "pangea_ky.html"}, "/a/2": {"file": "wordpress_ru.html"},'
                    ' "/a/missing": {"status": 404, "body": "gone"}}')
        server = FeedServer(args.server, root, work)
        write = lambda name, text: open(os.path.join(root, name), "w", encoding="utf-8").write(text)
        write("fulltext.xml", FULLTEXT.format(base=server.base))
        write("headlines.xml", HEADLINES.format(base=server.base, first="Мигранттын үй-бүлөсү жардам сурайт"))
        db = os.path.join(work, "khabar.db")
        config = os.path.join(work, "khabar.toml")
        write("../khabar.toml", CONFIG.format(db=db, base=server.base))
        requests = lambda: open(os.path.join(root, "requests.log")).read().split()
        try:
            code, _, err = run([k, "-c", config, "poll", "--once"])
            links = sorted(h["body"]["item"]["link"] for h in server.received())
            t.check(server.base + "/full/1" in links, "an item whose facts are only in content:encoded is alerted")
            code, out, _ = run([k, "-c", config, "search", "Покровск*"])
            t.check("Новости дня" in out and "[Покровском]." in out,
                    "search finds it by a word of its content, marked as published: " + out.strip().splitlines()[-1])
            code, out, _ = run([k, "-c", config, "search", "Екатеринбург*"])
            t.check("Мигрант из Узгена" in out,
                    "search finds a headline-only item by a word of its article: " + out.strip().splitlines()[-1])
            fetched = [r for r in requests() if r.startswith("/a/")]
            t.check(sorted(fetched) == ["/a/1", "/a/2", "/a/missing"],
                    "articles are fetched for the prefilter's candidates only (%s)" % fetched)
            t.check(server.base + "/a/1" in links and server.base + "/a/2" in links,
                    "headline-only items whose facts are in the article are alerted")
            con = sqlite3.connect(db)
            error = con.execute("SELECT article_error FROM items WHERE guid = 'h-3'").fetchone()
            t.check(error is not None and error[0] and "404" in error[0], "a failed article is recorded on its item: %s" % (error,))
            t.check(con.execute("SELECT COUNT(*) FROM items WHERE guid = 'h-3'").fetchone()[0] == 1,
                    "and the item is stored all the same")
            code, out, _ = run([k, "-c", config, "status"])
            t.check("articles: 1 could not be fetched" in out and "HTTP 404" in out, "status shows the article failure")

            before = len(requests())
            run([k, "-c", config, "poll", "--once"])
            t.check(not any(r.startswith("/a/") for r in requests()[before:]),
                    "a second poll fetches no article again")
            write("headlines.xml", HEADLINES.format(base=server.base, first="Мигранттын үй-бүлөсү жардам сурайт (жаңыртылды)"))
            before = len(requests())
            run([k, "-c", config, "poll", "--once"])
            again = [r for r in requests()[before:] if r.startswith("/a/")]
            t.check(again == ["/a/1"], "an item that changed has its article fetched again (%s)" % again)
        finally:
            server.stop()
    t.finish()


if __name__ == "__main__":
    main()
