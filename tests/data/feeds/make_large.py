#!/usr/bin/env python3
"""Regenerate large_fulltext.xml (+ .expected.json) for the khabar parser corpus.

About 3 MB of RSS 2.0 with 300 items, each with a long Russian
content:encoded body.  Deterministic: a fixed seed drives the text choice, so
re-running produces byte-identical output.

    python3 tests/data/feeds/make_large.py
"""
import json
import os
import random
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
N_ITEMS = 300
TARGET_BYTES_PER_ITEM = 10_000

SUBJECTS = ['Трудовые мигранты', 'Национальный банк', 'Правительство Кыргызстана', 'Министерство энергетики',
            'Жители Оша', 'Фермеры Ферганской долины', 'Экономисты', 'Пограничники', 'Правозащитники',
            'Депутаты Жогорку Кенеша', 'Власти Таджикистана', 'Эксперты Всемирного банка']
VERBS = ['сообщили о', 'предупредили о', 'заявили о', 'напомнили о', 'рассказали о',
         'подготовили доклад о', 'спорят о']
OBJECTS = ['росте цен на хлеб', 'сокращении денежных переводов', 'новых правилах въезда в Россию',
           'дефиците электроэнергии', 'строительстве Камбаратинской ГЭС', 'повышении тарифов',
           'ситуации на границе', 'последствиях войны в Украине', 'курсе рубля', 'падении экспорта хлопка',
           'задержаниях мигрантов в Москве', 'вербовке на войну', 'высокой инфляции в регионе']
TAILS = ['По их словам, ситуация остается напряженной.', 'Официальных комментариев пока нет.',
         'Подробности выясняются.', 'Эксперты ожидают, что тенденция сохранится до конца года.',
         'В ведомстве пообещали принять меры в ближайшие недели.',
         'Жители жалуются, что доходы не успевают за ростом цен.']


def sentence(rng):
    return '%s %s %s. %s' % (rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS))


def body(rng, target):
    parts = []
    size = 0
    while size < target:
        p = '<p>' + ' '.join(sentence(rng) for _ in range(rng.randint(3, 6))) + '</p>'
        parts.append(p)
        size += len(p.encode('utf-8')) + 1
    return '\n'.join(parts)


def title_of(i):
    return 'Материал №%d: мигранты, экономика и энергетика' % i


def main():
    rng = random.Random(20240305)
    start = datetime(2024, 3, 5, 12, 0, 0, tzinfo=timezone(timedelta(hours=6)))
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
           '  <channel>',
           '    <title>Большая лента: полные тексты</title>',
           '    <link>https://example.kg/</link>',
           '    <description>Нагрузочный тест: 300 материалов с полным текстом</description>',
           '    <language>ru</language>']
    for i in range(1, N_ITEMS + 1):
        when = start - timedelta(minutes=17 * (i - 1))
        out.append('    <item>')
        out.append('      <title>%s</title>' % title_of(i))
        out.append('      <link>https://example.kg/news/%d/</link>' % i)
        out.append('      <guid>https://example.kg/news/%d/</guid>' % i)
        out.append('      <pubDate>%s</pubDate>' % format_datetime(when))
        out.append('      <description>%s</description>' % sentence(rng))
        out.append('      <content:encoded><![CDATA[%s]]></content:encoded>' % body(rng, TARGET_BYTES_PER_ITEM))
        out.append('    </item>')
    out += ['  </channel>', '</rss>', '']
    data = '\n'.join(out).encode('utf-8')
    with open(os.path.join(HERE, 'large_fulltext.xml'), 'wb') as f:
        f.write(data)

    items = [{} for _ in range(N_ITEMS)]
    items[0] = {"title": title_of(1)}
    items[-1] = {"title": title_of(N_ITEMS)}
    exp = {"encoding": "utf-8", "bozo": False, "feed": {"format": "rss20"}, "items": items}
    with open(os.path.join(HERE, 'large_fulltext.expected.json'), 'w', encoding='utf-8') as f:
        json.dump(exp, f, ensure_ascii=False, indent=1)
        f.write('\n')
    print('large_fulltext.xml: %d bytes, %d items' % (len(data), N_ITEMS))


if __name__ == '__main__':
    main()
