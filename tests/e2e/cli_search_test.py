#!/usr/bin/env python3
"""search and replay as one consistent CLI, against a real archive filled by
`poll --once` from a local server: a table shows 20 and says when there are
more, exports hold everything, --limit cuts and says so, results are newest
published first (or fetched, with --sort), --json is one document and
--jsonl one object per line, and unknown feed, rule and language names are
usage errors with a suggestion, not empty results."""
import argparse
import csv
import io
import json
import os

from harness import Checker, FeedServer, run, temp_dir

CONFIG = """
[daemon]
database = "{db}"
per_host_delay = "0s"

[[feed]]
name = "azattyk-ru"
url = "{base}/ru.xml"

[[rule]]
name = "recruits"
query = "вербов*"
"""

COUNT = 30
LATE_ITEMS = "".join(
    "<item><guid>late-%d</guid><title>Вербовка в сентябре, дело %d</title><pubDate>Mon, %02d Sep 2026 08:00:00 +0000</pubDate>"
    "<link>https://rus.azattyk.org/a/late-%d.html</link></item>" % (n, n, n + 1, n) for n in range(2))


def rss():
    # Listed in an order that is not their publication order.
    order = [(n * 7) % COUNT for n in range(COUNT)]
    items = "".join(
        "<item><guid>a-%d</guid><title>Вербовка мигрантов: случай номер %d</title>"
        "<pubDate>%s</pubDate><link>https://rus.azattyk.org/a/%d.html</link></item>"
        % (n, n, "Mon, %02d Nov 2026 %02d:00:00 +0000" % (1 + n % 28, n % 24), n) for n in order)
    return '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>%s</channel></rss>' % items


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--feed-server", required=True)
    args = parser.parse_args()
    k = args.khabar
    t = Checker()
    with temp_dir() as work:
        root = os.path.join(work, "feeds")
        os.makedirs(root)
        with open(os.path.join(root, "ru.xml"), "w", encoding="utf-8") as f:
            f.write(rss())
        server = FeedServer(args.feed_server, root, work)
        config = os.path.join(work, "khabar.toml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(CONFIG.format(db=os.path.join(work, "khabar.db"), base=server.base))
        try:
            code, _, err = run([k, "-c", config, "poll", "--once"])
            t.check(code == 0, "poll --once stores the feed: " + err.strip()[-200:])

            code, out, err = run([k, "-c", config, "search", "вербов*"])
            shown = out.count("azattyk-ru")
            t.check(code == 0 and shown == 20, "the table shows the newest 20 (%d)" % shown)
            t.check("there are more" in err and "--limit" in err, "and says there are more: " + err.strip())

            code, out, err = run([k, "-c", config, "search", "вербов*", "--format", "csv"])
            rows = list(csv.reader(io.StringIO(out)))
            t.check(code == 0 and len(rows) == COUNT + 1 and "more" not in err, "a CSV export holds all %d (%d rows)"
                    % (COUNT, len(rows) - 1))

            code, out, err = run([k, "-c", config, "search", "вербов*", "--format", "csv", "--limit", "5"])
            t.check(code == 0 and len(list(csv.reader(io.StringIO(out)))) == 6 and "there are more" in err,
                    "--limit cuts an export and says so")

            code, out, _ = run([k, "-c", config, "search", "вербов*", "--json"])
            try:
                doc = json.loads(out)
            except ValueError:
                doc = None
            t.check(isinstance(doc, list) and len(doc) == COUNT, "--json is one document with every result")
            published = [d["published"] for d in doc or []]
            t.check(published == sorted(published, reverse=True) and len(set(published)) > 1,
                    "results are newest published first")

            code, out, _ = run([k, "-c", config, "search", "вербов*", "--jsonl"])
            lines = [json.loads(line) for line in out.splitlines() if line.strip()]
            t.check(code == 0 and len(lines) == COUNT, "--jsonl is one object per line (%d)" % len(lines))

            code, out, _ = run([k, "-c", config, "search", "--until", "1d", "--format", "csv"])
            t.check(code == 0 and len(list(csv.reader(io.StringIO(out)))) == COUNT + 1, "--until on its own works")

            code, out, err = run([k, "-c", config, "search", "вербов*", "--feed", "azattyk"])
            t.check(code == 64 and 'did you mean "azattyk-ru"' in err, "an unknown feed is a usage error with a suggestion: "
                    + err.strip())
            code, _, err = run([k, "-c", config, "search", "--rule", "recruit"])
            t.check(code == 64 and 'did you mean "recruits"' in err, "so is an unknown rule: " + err.strip())
            code, _, err = run([k, "-c", config, "search", "вербов*", "--lang", "kyrgyz"])
            t.check(code == 64 and "language code" in err, "and a language that is no code: " + err.strip())

            code, out, err = run([k, "-c", config, "replay", "nosuch"])
            t.check(code == 64 and "no rule named" in err, "replay of an unknown rule name is an error: " + err.strip())
            code, _, err = run([k, "-c", config, "replay", "recruit"])
            t.check(code == 64 and 'did you mean "recruits"' in err, "with a suggestion")
            code, out, _ = run([k, "-c", config, "replay", "recruits", "--format", "json", "--limit", "3"])
            doc = json.loads(out) if code == 0 else None
            t.check(isinstance(doc, list) and len(doc) == 3, "replay takes --format and --limit")
            code, out, _ = run([k, "-c", config, "replay", "recruits"])
            t.check(code == 0 and out.count("azattyk-ru") == 20 and ("%d of %d archived items" % (COUNT, COUNT)) in out,
                    "replay's table shows 20 and counts all")

            # Older reports that arrive later: first by arrival, last by date.
            with open(os.path.join(root, "ru.xml"), "w", encoding="utf-8") as f:
                f.write(rss().replace("</channel>", LATE_ITEMS + "</channel>"))
            code, _, err = run([k, "-c", config, "poll", "--once"])
            code, out, _ = run([k, "-c", config, "search", "вербов*", "--json", "--sort", "fetched"])
            by_arrival = [d["link"] for d in json.loads(out)] if code == 0 else []
            t.check(len(by_arrival) == COUNT + 2 and all("late" in link for link in by_arrival[:2]),
                    "--sort fetched puts the late arrivals first")
            code, out, _ = run([k, "-c", config, "search", "вербов*", "--json"])
            by_date = [d["link"] for d in json.loads(out)] if code == 0 else []
            t.check(all("late" in link for link in by_date[-2:]), "while by publication they come last")

            for group, sub in (("feeds", "probe"), ("alerts", "retry"), ("stories", "regroup")):
                code, out, err = run([k, "-c", config, group])
                t.check(code == 64 and sub in err, "`khabar %s` alone lists its subcommands" % group)
        finally:
            server.stop()
    t.finish()


if __name__ == "__main__":
    main()
