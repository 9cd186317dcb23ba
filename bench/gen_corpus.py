#!/usr/bin/env python3
"""Generates a deterministic corpus of realistic multilingual feeds for the
benchmarks: RSS 2.0 and Atom, Russian, Kyrgyz, Tajik, Uzbek (Latin and
Cyrillic), Kazakh, Turkmen and English, with HTML descriptions, categories,
enclosures and content:encoded on some feeds; a share in windows-1251.

usage: gen_corpus.py OUT_DIR [--feeds 1000] [--items 30] [--cp1251-share 0.1]
"""
import argparse
import os
import random
from email.utils import formatdate

WORDS = {
    "ru": "мигрант вербовка контракт Минобороны граждан Кыргызстана Таджикистана Узбекистана война фронт "
          "похороны суд приговор наемничество посольство предупредило задержали рейд миграционный центр "
          "родственники тело доставили село область правительство экономика курс доллара цены бензин "
          "погода снег зерно экспорт урожай хлопок школа больница дорога ремонт".split(),
    "ky": "мигрант согуш Орусия армия жалданма кыргызстандык сот өкүм элчилик эскертти каза болду сөөгү "
          "жеткирилди айыл облус өкмөт экономика баа бензин аба ырайы кар түшүм мектеп жол курулуш".split(),
    "tg": "муҳоҷир ҷанг Русия артиш тоҷик шаҳрвандӣ суд ҳукм сафорат огоҳ кушта шуд ҷасад деҳа вилоят "
          "ҳукумат иқтисод нарх орд ҳаво барф ҳосил пахта мактаб роҳ".split(),
    "uz": "muhojir urush Rossiya armiya yollanma oʻzbekistonlik sud hukm elchixona ogohlantirdi halok boʻldi "
          "jasadi qishloq viloyat hukumat iqtisod narx benzin ob-havo qor hosil paxta maktab yoʻl".split(),
    "uz-Cyrl": "муҳожир уруш Россия армия ёлланма ўзбекистонлик суд ҳукм элчихона огоҳлантирди ҳалок бўлди "
               "жасади қишлоқ вилоят ҳукумат иқтисод нарх бензин об-ҳаво қор ҳосил пахта мактаб йўл".split(),
    "kk": "мигрант соғыс Ресей әскер жалдамалы қазақстандық сот үкім елшілік ескертті қаза болды сүйегі "
          "ауыл облыс үкімет экономика баға бензин ауа райы қар астық мектеп жол".split(),
    "tk": "migrant söweş Russiýa goşun esger türkmenistanly kazyýet höküm ilçihana duýdurdy aradan çykdy "
          "oba welaýat hökümet ykdysadyýet baha benzin howa gar hasyl pagta mekdep ýol".split(),
    "en": "migrant recruitment contract defense ministry citizens Kyrgyzstan Tajikistan Uzbekistan war front "
          "funeral court sentence mercenary embassy warned detained raid migration center relatives body "
          "village region government economy dollar prices fuel weather snow grain export harvest cotton".split(),
}
LANGS = list(WORDS)


def sentence(rng, lang, n):
    words = [rng.choice(WORDS[lang]) for _ in range(n)]
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + "."


def rss_item(rng, lang, feed_no, i, full_text):
    title = sentence(rng, lang, rng.randint(6, 12))[:-1]
    desc = "<p>%s</p><p>%s <a href=\"/a/%d\">%s</a></p>" % (
        sentence(rng, lang, 25), sentence(rng, lang, 20), i, sentence(rng, lang, 3))
    date = formatdate(1763900000 - (feed_no * 97 + i) * 3600, localtime=False)
    parts = ["<item>",
             "<title>%s</title>" % title,
             "<link>https://outlet%d.example/a/%d.html</link>" % (feed_no, 33000000 + i),
             "<guid isPermaLink=\"false\">%d-%d</guid>" % (feed_no, i),
             "<pubDate>%s</pubDate>" % date,
             "<category>%s</category>" % rng.choice(WORDS[lang]),
             "<description><![CDATA[%s]]></description>" % desc]
    if full_text:
        body = "".join("<p>%s</p>" % sentence(rng, lang, 40) for _ in range(12))
        parts.append("<content:encoded><![CDATA[%s]]></content:encoded>" % body)
    if i % 5 == 0:
        parts.append("<enclosure url=\"https://cdn.example/%d/%d.jpg\" type=\"image/jpeg\" length=\"%d\"/>"
                     % (feed_no, i, rng.randint(10000, 900000)))
    parts.append("</item>")
    return "\n".join(parts)


def atom_entry(rng, lang, feed_no, i):
    title = sentence(rng, lang, rng.randint(6, 12))[:-1]
    summary = sentence(rng, lang, 30)
    return ("<entry><title>%s</title><id>tag:outlet%d.example,2026:%d</id>"
            "<link href=\"https://outlet%d.example/e/%d\"/><updated>2026-11-%02dT%02d:00:00Z</updated>"
            "<author><name>%s</name></author><summary type=\"html\">&lt;p&gt;%s&lt;/p&gt;</summary></entry>"
            % (title, feed_no, i, feed_no, i, 1 + i % 24, i % 24, rng.choice(WORDS[lang]), summary))


def feed(rng, feed_no, items, cp1251):
    lang = LANGS[feed_no % len(LANGS)]
    if cp1251 and lang not in ("ru", "en"):
        lang = "ru"  # windows-1251 cannot hold the other alphabets' letters
    if feed_no % 4 == 3 and not cp1251:
        body = "\n".join(atom_entry(rng, lang, feed_no, i) for i in range(items))
        doc = ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
               "xml:lang=\"%s\"><title>Outlet %d</title><link href=\"https://outlet%d.example/\"/>"
               "<updated>2026-11-25T00:00:00Z</updated>\n%s\n</feed>\n" % (lang, feed_no, feed_no, body))
        return doc, "utf-8", "atom"
    full_text = feed_no % 10 == 0
    body = "\n".join(rss_item(rng, lang, feed_no, i, full_text) for i in range(items))
    encoding = "windows-1251" if cp1251 else "utf-8"
    doc = ("<?xml version=\"1.0\" encoding=\"%s\"?>\n<rss version=\"2.0\" "
           "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
           "<title>Outlet %d</title><link>https://outlet%d.example/</link><language>%s</language>"
           "<description>%s</description>\n%s\n</channel></rss>\n"
           % (encoding, feed_no, feed_no, lang, sentence(rng, lang, 8), body))
    return doc, encoding, "rss"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--cp1251-share", type=float, default=0.1)
    args = parser.parse_args()
    rng = random.Random(20261125)
    os.makedirs(args.out, exist_ok=True)
    every = int(1 / args.cp1251_share) if args.cp1251_share > 0 else 0
    for n in range(args.feeds):
        cp1251 = every and n % every == 5
        doc, encoding, _ = feed(rng, n, args.items, cp1251)
        with open(os.path.join(args.out, "feed%05d.xml" % n), "wb") as f:
            f.write(doc.encode("cp1251" if encoding == "windows-1251" else "utf-8"))


if __name__ == "__main__":
    main()
