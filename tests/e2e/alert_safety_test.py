#!/usr/bin/env python3
"""End to end for what alerts carry and how they travel, on 127.0.0.1:
translations through a LibreTranslate stand-in (ok, 400, 429, 500, a slow
answer: each alert still goes out, untranslated and saying why), glosses and
reasons in the webhook, a receiver that redirects (not followed, the alert
failed with the Location), and secrets that are missing or empty
(configuration errors)."""
import argparse
import json
import os
import subprocess
import sys
import time

from harness import Checker, FeedServer, run, temp_dir

CONFIG = """
[daemon]
database = "{db}"
per_host_delay = "0s"

[translate]
url = "{translate}"
api_key_env = "KHABAR_TEST_TRANSLATE_KEY"
timeout = "2s"

[[feed]]
name = "azattyk-ru"
url = "{base}/feed.xml"
language = "ru"

[[list]]
name = "deaths"
terms = ["погиб*", "похорон*"]

[gloss]
"погиб*" = {{ en = "died", ru = "погиб" }}

[[rule]]
name = "deaths"
description = "A Central Asian killed in Russia's war."
query = 'кыргыз* AND @deaths'
alerts = ["desk", "redirecting"]

[[rule]]
name = "funerals"
query = 'похорон*'
alerts = ["desk"]

[[alert]]
name = "desk"
type = "webhook"
url = "{base}/hook/desk"
translate_to = "en"

[[alert]]
name = "redirecting"
type = "webhook"
url = "{base}/hook/redirect"
"""

ITEM = """<item><title>{title}</title><link>https://rus.azattyk.org/a/{n}.html</link><guid>{n}</guid>
<description>{summary}</description></item>"""

# Distinct events, so each is a story of its own and alerted alone.
EVENTS = [("Кыргызстанец погиб под Бахмутом, его похоронили в Оше", "Тело Азамата Н. доставили в Ош 3 марта."),
          ("В Нарыне похоронили кыргызстанца, который погиб в зоне СВО", "Семья Бакыта К. узнала о его смерти в январе."),
          ("Уроженец Таласа погиб в Запорожской области: похороны 12 апреля", "Эрлан Т. уехал на заработки в 2023 году."),
          ("Кыргызстанца Нурлана С. похоронили в Баткене после гибели под Курском", "Он погиб в ноябре."),
          ("В Джалал-Абаде прошли похороны кыргызстанца, погибшего в Донецкой области", "Улан Ж. было 29 лет."),
          ("Ещё один кыргызстанец погиб на фронте: похороны прошли в Токмоке", "Жоомарт А. служил по контракту.")]


def write_feed(root, events):
    items = "".join(ITEM.format(title=t, summary=s, n=33000100 + i) for i, (t, s) in enumerate(events))
    with open(os.path.join(root, "feed.xml"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>A</title>'
                '<link>https://rus.azattyk.org/</link>%s</channel></rss>' % items)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--khabar", required=True)
    parser.add_argument("--server", required=True)
    parser.add_argument("--translator", required=True)
    args = parser.parse_args()
    k, t = args.khabar, Checker()
    with temp_dir() as work:
        root = os.path.join(work, "site")
        os.makedirs(root)
        server = FeedServer(args.server, root, work)
        mode, log, port_file = (os.path.join(work, n) for n in ("mode", "translate.log", "translate.port"))
        translator = subprocess.Popen([sys.executable, args.translator, "--port-file", port_file, "--mode", mode,
                                       "--log", log, "--api-key", "k3y", "--slow", "6"])
        try:
            while not os.path.exists(port_file):
                time.sleep(0.02)
            translate = "http://127.0.0.1:%s" % open(port_file).read()
            config = os.path.join(work, "khabar.toml")
            with open(config, "w", encoding="utf-8") as f:
                f.write(CONFIG.format(db=os.path.join(work, "khabar.db"), base=server.base, translate=translate))
            env = dict(os.environ, KHABAR_TEST_TRANSLATE_KEY="k3y")

            code, _, err = run([k, "-c", config, "check-config"], env=dict(os.environ))
            t.check(code == 78 and "translate.api_key_env: the environment variable KHABAR_TEST_TRANSLATE_KEY is not set" in err,
                    "check-config names an unset secret's variable: " + err.strip())
            code, _, err = run([k, "-c", config, "check-config"], env=dict(os.environ, KHABAR_TEST_TRANSLATE_KEY=""))
            t.check(code == 78 and "is empty" in err, "and an empty one")

            desk = lambda: [h["body"] for h in server.received() if h["path"] == "/hook/desk"]
            for n, state in enumerate(["ok", "400", "429", "500", "slow", "ok"]):
                open(mode, "w").write(state)
                write_feed(root, EVENTS[: n + 1])
                started = time.time()
                code, _, err = run([k, "-c", config, "poll", "--once"], env=env, timeout=60)
                took = time.time() - started
                bodies = desk()
                body = bodies[-1] if len(bodies) == n + 1 else {}
                item = body.get("item", {})
                if state == "ok":
                    tr = item.get("translation") or {}
                    t.check(tr.get("language") == "en" and tr.get("title", "").startswith("[ru→en]"),
                            "with the service up, the alert carries the translation: %s" % tr)
                else:
                    t.check(len(bodies) == n + 1 and item.get("translation") is None and item.get("untranslated"),
                            "service answering %s: the alert goes out untranslated, saying why: %s" % (state, item.get("untranslated")))
                if state == "slow":
                    t.check(took < 15, "a slow service delays the alert by its timeout only (%.1f s)" % took)
            first = desk()[0]
            t.check(first["rules"] == ["deaths", "funerals"] and first["rule"] == "deaths",
                    "one alert per story per channel, listing every rule: %s" % first.get("rules"))
            t.check(first["glosses"].get("погиб") == "died / погиб", "matched terms carry their glosses: %s" % first["glosses"])
            t.check(first["reason"] == "A Central Asian killed in Russia's war.", "the alert says why in a line")
            requests = [json.loads(l) for l in open(log)]
            t.check(all(r.get("api_key") == "k3y" and r.get("target") == "en" and r.get("format") == "text" for r in requests),
                    "the service gets q, source, target, format and the api_key")
            code, out, _ = run([k, "-c", config, "search", "похорон*", "--jsonl"], env=env)
            lines = [json.loads(l) for l in out.splitlines() if l.strip()]
            t.check(any(l.get("translation") for l in lines), "search --jsonl includes the cached translation")

            t.check(not any(h["path"] == "/hook/redirected" for h in server.received()),
                    "a redirecting receiver is not followed: its target never hears a thing")
            code, out, _ = run([k, "-c", config, "alerts", "list", "--state", "failed", "--json"], env=env)
            failed = json.loads(out) if out.startswith("[") else []
            t.check(any("302" in (a.get("last_error") or "") and "/hook/redirected" in (a.get("last_error") or "")
                        for a in failed), "its alert failed, naming the redirect's Location")
        finally:
            translator.terminate()
            translator.wait(timeout=10)
            server.stop()
    t.finish()


if __name__ == "__main__":
    main()
