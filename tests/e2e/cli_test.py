#!/usr/bin/env python3
"""The command line as a user meets it: exit codes and messages."""
import argparse
import json
import os
import signal
import subprocess
import time

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

        broken = os.path.join(work, "broken.toml")
        with open(broken, "w") as f:
            f.write('[daemon]\npoll_interval = "often"\n'                        # 1-2
                    '[[feed]]\nurl = "ftp://a.kg/"\n'                             # 3-4
                    '[[feed]]\nurl = "https://b.kg/"\nenabled = "yes"\n'         # 5-7
                    '[[rule]]\nname = "r"\nquery = "(a OR"\nalerts = ["desk"]\n'  # 8-11
                    '[[rule]]\nname = "s"\nquery = "a"\nalerts = ["nowhere"]\n'  # 12-15
                    '[[alert]]\nname = "desk"\ntype = "webhook"\nurl = "https://e.org/"\n'
                    'secret_env = "KHABAR_TEST_UNSET_SECRET"\n')                   # 16-20
        env = {key: value for key, value in os.environ.items() if key != "KHABAR_TEST_UNSET_SECRET"}
        code, _, err = run([k, "-c", broken, "check-config"], env=env)
        expected = ["broken.toml:2: daemon.poll_interval:", "broken.toml:4: feed[0].url:", "broken.toml:7: feed[1].enabled:",
                    'broken.toml:10: rule "r".query:', 'broken.toml:12: rule "s".alerts: names unknown alert "nowhere"',
                    'broken.toml:16: alert "desk".secret_env: the environment variable KHABAR_TEST_UNSET_SECRET is not set']
        missing = [e for e in expected if e not in err]
        t.check(code == 78 and not missing, "check-config lists every error at once; missing: %s in:\n%s" % (missing, err))

        def check_config(name, text, env=None):
            path = os.path.join(work, name)
            with open(path, "w") as f:
                f.write(text)
            return run([k, "-c", path, "check-config"], env=env)

        code, _, err = check_config("listen.toml", '[daemon]\nmetrics_listen = "127.0.0.1:99999"\n'
                                    '[web]\nlisten = "news.example.org:8080"\n')
        t.check(code == 78 and "listen.toml:2: daemon.metrics_listen: \"127.0.0.1:99999\" has a port outside 1..65535" in err
                and "listen.toml:4: web.listen:" in err, "check-config refuses addresses run cannot bind: " + err.strip())

        code, _, err = check_config("near.toml", '[[rule]]\nname = "r"\nquery = "a NEAR 5 b"\n')
        t.check(code == 78 and "write NEAR/5" in err, "a NEAR without its slash is an error: " + err.strip())

        credentials = os.path.join(work, "credentials")
        os.mkdir(credentials)
        secrets = ('[daemon]\ndatabase = "%s/s.db"\n[[alert]]\nname = "desk"\ntype = "webhook"\nurl = "https://e.org/"\n'
                   'secret_file = "hook-key"\n' % work)
        env = dict(os.environ, CREDENTIALS_DIRECTORY=credentials)
        code, _, err = check_config("secrets.toml", secrets, env=env)
        t.check(code == 78 and "secrets.toml:3: alert \"desk\".secret_file: cannot read the secret file %s/hook-key" % credentials
                in err, "check-config looks for a secret file in $CREDENTIALS_DIRECTORY: " + err.strip())
        code, out, err = run([k, "-c", os.path.join(work, "secrets.toml"), "search", "вербовка"], env=env)
        t.check(code == 0 and "secret" not in err, "search does not need the channels' secrets: " + err.strip())

        afile = os.path.join(work, "afile")
        open(afile, "w").close()
        code, _, err = check_config("db.toml", '[daemon]\ndatabase = "%s/k.db"\n' % afile)
        t.check(code == 78 and "db.toml:2: daemon.database: %s/k.db: %s is not a folder" % (afile, afile) in err,
                "check-config refuses a database it cannot create: " + err.strip())
        code, _, err = check_config("fresh.toml", '[daemon]\ndatabase = "%s/state/khabar/k.db"\n' % work)
        t.check(code == 0, "a database folder not made yet is fine when its parent is writable: " + err.strip())

        if not os.path.exists("/etc/khabar/config.toml"):
            env = {key: value for key, value in os.environ.items() if key != "KHABAR_CONFIG"}
            code, _, err = run([k, "check-config"], env=env)
            t.check(code == 78 and "-c FILE" in err and "khabar demo" in err,
                    "without a config, the error says how to give one: " + err.strip())

        bad_query = os.path.join(work, "query.toml")
        with open(bad_query, "w") as f:
            f.write('[[rule]]\nname = "r"\nquery = "(a OR"\n')
        code, _, err = run([k, "-c", bad_query, "check-config"])
        t.check(code == 78 and 'query.toml:3: rule "r".query: column 6' in err, "a query syntax error names rule and column")

        code, _, err = run([k, "-c", os.path.join(work, "absent.toml"), "check-config"])
        t.check(code == 78 and "absent.toml" in err, "an unreadable config exits 78 naming the file")

        catalogue = os.path.join(work, "catalogue.toml")
        with open(catalogue, "w") as f:
            f.write('[[feed]]\nname = "kloop"\nurl = "https://kloop.kg/feed/"\ncountry = "KG"\nlanguages = ["ru", "ky"]\n'
                    '[[feed]]\nname = "ozodi"\nurl = "https://www.ozodi.org/api/"\ncountry = "TJ"\nlanguages = ["tg"]\n')
        code, out, _ = run([k, "-c", catalogue, "feeds", "list"])
        t.check(code == 0 and "kloop" in out and "TJ" in out, "feeds list shows the catalogue")
        opml = os.path.join(work, "feeds.opml")
        code, _, _ = run([k, "-c", catalogue, "feeds", "export", "-o", opml])
        t.check(code == 0 and "<opml version=\"2.0\">" in open(opml).read(), "feeds export writes OPML 2.0")
        empty = os.path.join(work, "empty.toml")
        open(empty, "w").close()
        code, out, err = run([k, "-c", empty, "feeds", "import", opml])
        import tomllib
        imported = tomllib.loads(out).get("feed", []) if code == 0 else []
        t.check(sorted(f["url"] for f in imported) == ["https://kloop.kg/feed/", "https://www.ozodi.org/api/"],
                "feeds import turns the OPML back into [[feed]] tables: " + err.strip().splitlines()[-1])

        code, out, _ = run([k, "-c", good, "search", "вербовка"])
        t.check(code == 0 and "no items found" in out, "search on an empty archive says so")

    with temp_dir() as work:
        check_demo(t, k, work)

    code, _, _ = run([k, "no-such-command"])
    t.check(code == 64, "an unknown command is a usage error")
    t.finish()


def read_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def demo_config_of(out):
    return next((line.split()[2] for line in out.splitlines() if line.strip().startswith("khabar -c")), "")


def check_demo(t, k, work):
    code, _, err = run([k, "demo", "--data", os.path.join(work, "nowhere")])
    t.check(code == 64 and "--data" in err, "demo --data with no samples there is a usage error: " + err.strip())

    # While the demo serves its newsroom, its config is a working one:
    # `alerts test` reaches the demo's receiver. At the end its temporary
    # folder is gone.
    with open(os.path.join(work, "serve.log"), "w+") as log:
        demo = subprocess.Popen([k, "demo", "--serve", "60s"], stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.time() + 60
            # The log is read while the demo writes it: a read may end inside
            # a UTF-8 sequence, so decode leniently.
            while "== the newsroom" not in read_text(log.name) and time.time() < deadline and demo.poll() is None:
                time.sleep(0.1)
            served_config = demo_config_of(read_text(log.name))
            code, out, err = run([k, "-c", served_config, "alerts", "test", "newsroom"]) if served_config else (1, "", "")
            t.check(code == 0 and "delivered" in out, "alerts test works against the serving demo's config: " + out + err)
        finally:
            demo.send_signal(signal.SIGTERM)
            demo.wait(timeout=30)
        t.check(demo.returncode == 0, "the demo ends cleanly on SIGTERM (%s)" % demo.returncode)
        t.check(served_config and not os.path.exists(os.path.dirname(served_config)),
                "the demo's temporary folder is removed at the end: " + served_config)

    kept = os.path.join(work, "kept")
    code, out, _ = run([k, "demo", "--dir", kept], timeout=90)
    demo_config = demo_config_of(out)
    t.check(demo_config == os.path.join(kept, "khabar.toml") and os.path.exists(demo_config),
            "demo --dir writes its config there and keeps it: " + demo_config)
    if demo_config:
        code2, replayed, _ = run([k, "-c", demo_config, "replay", "lang:tg AND (муҳоҷир* OR ҷанг*)"])
        t.check(code2 == 0 and "no alert was sent" in replayed and " of 31 archived items" in replayed,
                "replay runs a query over the archive without sending: " + replayed.strip().splitlines()[-1])
        copy = demo_config.replace("khabar.toml", "copy.db")
        code3, _, _ = run([k, "-c", demo_config, "backup", copy])
        t.check(code3 == 0 and os.path.getsize(copy) > 0, "backup writes a copy of the archive")
        code4, _, err4 = run([k, "-c", demo_config, "backup", copy])
        t.check(code4 != 0 and "exists" in err4, "backup refuses to overwrite")
    t.check(code == 0 and out.count("ALERT ") >= 16, "khabar demo shows the sample feeds' alerts (%d)" % out.count("ALERT "))


if __name__ == "__main__":
    main()
