#!/usr/bin/env python3
"""End to end for stories across languages, on 127.0.0.1: a Kyrgyz, a Russian
and an English report of one funeral, from outlets of three countries, form
one story; the channel gets one alert for it, the rest in its digest, and a
surge alert once three countries have reported it; a different funeral the
same week stays apart; `khabar stories show|merge|split|regroup` correct it."""
import argparse
import email.utils
import json
import os
import sqlite3
import time

from harness import Checker, FeedServer, run, temp_dir

CONFIG = """
[daemon]
database = "{db}"
per_host_delay = "0s"

[[feed]]
name = "azattyk-ky"
url = "{base}/ky.xml"
country = "KG"
[[feed]]
name = "mediazona"
url = "{base}/ru.xml"
country = "LV"
[[feed]]
name = "rferl"
url = "{base}/en.xml"
country = "CZ"

[[rule]]
name = "deaths"
query = '(кыргыз* OR kyrgyz*) AND (каза* OR погиб* OR killed OR похорон* OR буried OR buried OR funeral* OR "жерге берил*")'
alerts = ["desk"]

[[alert]]
name = "desk"
type = "webhook"
url = "{base}/hook/desk"
surge_countries = 3
"""

FEEDS = {
    "ky.xml": [("Украинада каза болгон Азамат Токтосунов Ноокатта жерге берилди",
                "Орусиянын армиясында согушкан 27 жаштагы кыргызстандык Азамат Токтосуновдун сөөгү Ноокат районундагы Кара-Таш айылына жеткирилди."),
               ("Бакыт Эсенгулов Ысык-Көлдө акыркы сапарга узатылды",
                "Украинадагы согушта каза болгон кыргызстандык Бакыт Эсенгуловдун сөөгү Түп районуна жеткирилди.")],
    "ru.xml": [("В Ноокате похоронили кыргызстанца Азамата Токтосунова, погибшего на войне",
                "27-летний Азамат Токтосунов подписал контракт с Минобороны России; его тело привезли в село Кара-Таш.")],
    "en.xml": [("Kyrgyz Village Buries Azamat Toktosunov, Killed Fighting For Russia",
                "Azamat Toktosunov, 27, was buried in Kara-Tash in Nookat district after he was killed in Ukraine.")],
}


def write_feeds(root):
    for name, items in FEEDS.items():
        body = "".join("<item><title>%s</title><link>https://news.example/%s/%d</link><guid>%s-%d</guid>"
                       "<pubDate>%s</pubDate><description>%s</description></item>"
                       % (t, name, n, name, n, email.utils.formatdate(time.time() - 3600 * (2 - n), usegmt=True), s)
                       for n, (t, s) in enumerate(items))
        with open(os.path.join(root, name), "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>%s</title>'
                    '<link>https://news.example/</link>%s</channel></rss>' % (name, body))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--server", required=True)
    args = parser.parse_args()
    k, t = args.khabar, Checker()
    with temp_dir() as work:
        root = os.path.join(work, "site")
        os.makedirs(root)
        write_feeds(root)
        server = FeedServer(args.server, root, work)
        db = os.path.join(work, "khabar.db")
        config = os.path.join(work, "khabar.toml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(CONFIG.format(db=db, base=server.base))
        try:
            code, out, err = run([k, "-c", config, "poll", "--once"])
            con = sqlite3.connect(db)
            stories = dict(con.execute("SELECT guid, story_id FROM items").fetchall())
            same = {stories["ky.xml-0"], stories["ru.xml-0"], stories["en.xml-0"]}
            t.check(len(same) == 1, "a Kyrgyz, a Russian and an English report of one funeral are one story (%s)" % stories)
            t.check(stories["ky.xml-1"] not in same, "a different funeral the same week is another story")
            hooks = [h["body"] for h in server.received()]
            kinds = [h["kind"] for h in hooks]
            t.check(kinds.count("surge") == 1 and sorted(next(h for h in hooks if h["kind"] == "surge")["countries"]) == ["CZ", "KG", "LV"],
                    "a surge alert fires once outlets of three countries report it, in three languages (%s)" % kinds)
            t.check(kinds.count("alert") == 2, "one alert per story: the funeral and the other one (%s)" % kinds)

            story = same.pop()
            code, out, _ = run([k, "-c", config, "stories", "show", str(story), "--json"])
            shown = json.loads(out) if code == 0 else {}
            t.check(len(shown.get("reports", [])) == 3, "stories show lists the story's three reports")
            other = stories["ky.xml-1"]
            code, out, _ = run([k, "-c", config, "stories", "merge", str(story), str(other)])
            t.check(code == 0 and con.execute("SELECT story_id FROM items WHERE guid = 'ky.xml-1'").fetchone()[0] == story,
                    "stories merge moves a story's reports into another: " + out.strip())
            en_item = con.execute("SELECT id FROM items WHERE guid = 'en.xml-0'").fetchone()[0]
            code, out, _ = run([k, "-c", config, "stories", "split", str(en_item)])
            t.check(code == 0 and con.execute("SELECT story_id FROM items WHERE id = ?", (en_item,)).fetchone()[0] != story,
                    "stories split sets an item apart: " + out.strip())
            code, out, _ = run([k, "-c", config, "stories", "regroup", "--since", "3650d"])
            after = dict(con.execute("SELECT guid, story_id FROM items").fetchall())
            t.check(code == 0 and after["ky.xml-1"] == after["ky.xml-0"] and after["en.xml-0"] != after["ky.xml-0"],
                    "regrouping keeps the merge and the split: " + out.strip())
            code, _, err = run([k, "-c", config, "stories", "show", "999999"])
            t.check(code == 64 and "no story" in err, "an unknown story is a usage error")
        finally:
            server.stop()
    t.finish()


if __name__ == "__main__":
    main()
