#!/usr/bin/env python3
"""The command line as a user meets it: exit codes and messages."""
import argparse
import json
import os

from harness import Checker, run, temp_dir


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--data", required=True)
    args = parser.parse_args()
    k = args.khabar
    t = Checker()

    code, out, _ = run([k, "--version"])
    t.check(code == 0 and out.startswith("khabar "), "--version prints the version")

    code, out, _ = run([k, "parse", os.path.join(args.data, "feeds", "rss20_basic.xml")])
    doc = json.loads(out) if code == 0 else {}
    t.check(code == 0 and doc.get("feed", {}).get("format") == "rss20", "parse prints the feed as JSON")
    t.check(set(doc) == {"feed", "items", "encoding", "bozo", "error"}, "parse output has the contract's keys")

    code, _, err = run([k, "parse", os.path.join(args.data, "feeds", "unrecoverable_html.xml")])
    t.check(code == 65 and "not a feed" in err, "parse of an HTML page fails clearly (exit %d)" % code)

    with temp_dir() as work:
        good = os.path.join(work, "good.toml")
        with open(good, "w") as f:
            f.write('[daemon]\ndatabase = "%s/k.db"\n[[feed]]\nurl = "https://24.kg/rss/"\n' % work)
        code, out, _ = run([k, "-c", good, "check-config"])
        t.check(code == 0 and "1 feeds" in out, "check-config accepts a valid file")

        env = dict(os.environ, KHABAR_CONFIG=good)
        code, _, _ = run([k, "check-config"], env=env)
        t.check(code == 0, "the config path comes from $KHABAR_CONFIG")

        bad = os.path.join(work, "bad.toml")
        with open(bad, "w") as f:
            f.write('[daemon]\npoll_interval = "often"\n[[rule]]\nname = "r"\nquery = "(a OR"\n')
        code, _, err = run([k, "-c", bad, "check-config"])
        t.check(code == 78, "an invalid config exits 78 (got %d)" % code)
        t.check("bad.toml:2: daemon.poll_interval" in err, "the error names file, line and key: " + err.strip())

        bad_query = os.path.join(work, "query.toml")
        with open(bad_query, "w") as f:
            f.write('[[rule]]\nname = "r"\nquery = "(a OR"\n')
        code, _, err = run([k, "-c", bad_query, "check-config"])
        t.check(code == 78 and 'query.toml:3: rule "r".query: column 6' in err, "a query syntax error names rule and column")

        code, _, err = run([k, "-c", os.path.join(work, "absent.toml"), "check-config"])
        t.check(code == 78 and "absent.toml" in err, "an unreadable config exits 78 naming the file")

        code, out, _ = run([k, "-c", good, "search", "вербовка"])
        t.check(code == 0 and "no items found" in out, "search on an empty archive says so")

    code, _, _ = run([k, "no-such-command"])
    t.check(code == 64, "an unknown command is a usage error")
    t.finish()


if __name__ == "__main__":
    main()
