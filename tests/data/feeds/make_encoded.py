#!/usr/bin/env python3
"""Regenerate the enc_* fixtures of the khabar feed-parser corpus.

Every document is written from UTF-8 source strings in this file and encoded
with Python's codecs, so the bytes on disk are exactly reproducible:

    python3 tests/data/feeds/make_encoded.py

The script writes, for each case, <case>.xml, <case>.expected.json and (when
the case needs fetch context) <case>.meta.json next to itself, then decodes
every written document again and checks that it round-trips.
"""
import codecs
import json
import os
import re
import sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))


def rss(title, link, desc, lang, items, decl):
    """Build an RSS 2.0 document as a str. decl=None -> no XML declaration."""
    out = []
    if decl is not None:
        out.append('<?xml version="1.0" encoding="%s"?>' % decl)
    out.append('<rss version="2.0">')
    out.append('  <channel>')
    out.append('    <title>%s</title>' % escape(title))
    out.append('    <link>%s</link>' % escape(link))
    out.append('    <description>%s</description>' % escape(desc))
    if lang:
        out.append('    <language>%s</language>' % lang)
    for it in items:
        out.append('    <item>')
        out.append('      <title>%s</title>' % escape(it['title']))
        out.append('      <link>%s</link>' % escape(it['link']))
        out.append('      <guid>%s</guid>' % escape(it['link']))
        out.append('      <description>%s</description>' % escape(it['summary']))
        out.append('    </item>')
    out.append('  </channel>')
    out.append('</rss>')
    return '\n'.join(out) + '\n'


def expected(encoding, title, link, lang, items, bozo=False, with_bozo=True):
    exp = {"encoding": encoding}
    if with_bozo:
        exp["bozo"] = bozo
        if not bozo:
            exp["error"] = None
    exp["feed"] = {"title": title, "link": link, "format": "rss20"}
    if lang:
        exp["feed"]["language"] = lang
    exp["items"] = [{"title": it["title"], "link": it["link"], "summary": it["summary"]} for it in items]
    return exp


CASES = []


def case(name, *, codec, bom=b'', decl, expected_encoding, title, link, desc, lang, items,
         bozo=False, with_bozo=True, meta=None):
    CASES.append(dict(name=name, codec=codec, bom=bom, decl=decl, expected_encoding=expected_encoding,
                      title=title, link=link, desc=desc, lang=lang, items=items, bozo=bozo,
                      with_bozo=with_bozo, meta=meta))


# --------------------------------------------------------------------------
# Unicode encodings with a byte order mark
# --------------------------------------------------------------------------
case('enc_utf8_bom', codec='utf-8', bom=codecs.BOM_UTF8, decl='utf-8', expected_encoding='utf-8',
     title='Азаттык — Кыргызча жаңылыктар', link='https://www.azattyk.org/', lang='ky',
     desc='Кыргызстандагы жана дүйнөдөгү жаңылыктар',
     items=[
         dict(title='Өкмөт мигранттар үчүн жаңы программа кабыл алды',
              link='https://www.azattyk.org/a/32860001.html',
              summary='Программа Орусиядан кайткан жарандарга жумуш табууга жардам берет.'),
         dict(title='Нарында үй-бүлөлөр көмүрсүз калды',
              link='https://www.azattyk.org/a/32860002.html',
              summary='Көмүрдүн баасы бир тоннасы үчүн 9 миң сомго чейин өстү.'),
     ])

case('enc_utf16le_bom', codec='utf-16-le', bom=codecs.BOM_UTF16_LE, decl='UTF-16', expected_encoding='utf-16le',
     title='Радиои Озодӣ', link='https://www.ozodi.org/', lang='tg',
     desc='Хабарҳои Тоҷикистон ва ҷаҳон',
     items=[
         dict(title='📈 Нархи нон дар Душанбе боло рафт',
              link='https://www.ozodi.org/a/32860101.html',
              summary='Нархи як нони ғайридавлатӣ ба 4 сомонӣ расид, мегӯянд харидорон.'),
         dict(title='Муҳоҷирони тоҷик аз Русия бозмегарданд',
              link='https://www.ozodi.org/a/32860102.html',
              summary='Пас аз қонунҳои нав шумораи муҳоҷирони бозгашта ду баробар афзуд.'),
     ])

case('enc_utf16be_bom', codec='utf-16-be', bom=codecs.BOM_UTF16_BE, decl='UTF-16', expected_encoding='utf-16be',
     title='Азаттық радиосы', link='https://www.azattyq.org/', lang='kk',
     desc='Қазақстан және әлем жаңалықтары',
     items=[
         dict(title='Қазақстанда бидай экспорты өсті',
              link='https://www.azattyq.org/a/32860201.html',
              summary='Ұлттық статистика бюросының дерегінше, экспорт көлемі 12 пайызға артты.'),
         dict(title='Шаһардағы жиһаз фабрикасы жабылды',
              link='https://www.azattyq.org/a/32860202.html',
              summary='Жұмысшылар үш айдан бері жалақы алмағанын айтады.'),
     ])

case('enc_utf32le_bom', codec='utf-32-le', bom=codecs.BOM_UTF32_LE, decl='UTF-32', expected_encoding='utf-32le',
     title='Ozodlik radiosi', link='https://www.ozodlik.org/', lang='uz',
     desc='Oʻzbekiston yangiliklari',
     items=[
         dict(title='Oʻzbekistonda gʻalla narxi oshdi',
              link='https://www.ozodlik.org/a/32860301.html',
              summary="Dehqonlar o'g'it narxi ham qimmatlashganini aytmoqda."),
         dict(title='Ўзбекистонлик меҳнат мигрантлари қайтмоқда',
              link='https://www.ozodlik.org/a/32860302.html',
              summary='Ғарбий вилоятларда ишсизлик ҳам ўсди.'),
     ])

# --------------------------------------------------------------------------
# Legacy 8-bit encodings, declared in the XML declaration
# --------------------------------------------------------------------------
case('enc_windows1251_declared', codec='cp1251', decl='windows-1251', expected_encoding='windows-1251',
     title='Новости Кыргызстана — «24.kg»', link='https://24.kg/', lang='ru',
     desc='Информационное агентство №1 в Кыргызстане',
     items=[
         dict(title='«Газпром» поднял цены на газ для Бишкека',
              link='https://24.kg/ekonomika/290401_gazprom/',
              summary='Тариф вырастет на 12% — сообщили в мэрии… Решение вступит в силу в апреле.'),
         dict(title='Число трудовых мигрантов в России сократилось',
              link='https://24.kg/obschestvo/290402_migranty/',
              summary='Ёмкость рынка труда уменьшилась, говорят эксперты.'),
     ])

case('enc_windows1252_declared', codec='cp1252', decl='windows-1252', expected_encoding='windows-1252',
     title='Türkmen habarlary — “Ýurt” digest', link='https://www.azathabar.com/', lang='en',
     desc='News from Turkmenistan – in English and Türkmen',
     items=[
         dict(title='Turkmenistan raises bread prices: “Çörek” queues return',
              link='https://www.azathabar.com/a/32860401.html',
              summary='Bakers in Mary say the café owners’ costs rose by 20% – a “difficult” year. Ykdysadyýet ministri: “Bahalar durnukly.”'),
         dict(title='Gas exports to China hit record — €1.2bn in two months',
              link='https://www.azathabar.com/a/32860402.html',
              summary='Türkmen gazy Hytaýa: a résumé of the deal; žurnalistler gözegçilik edýär, zähmet migrantlary gelýär.'),
     ])

case('enc_koi8r_declared', codec='koi8-r', decl='KOI8-R', expected_encoding='koi8-r',
     title='Радио Азаттык: новости Казахстана', link='https://rus.azattyq.org/', lang='ru',
     desc='Новости Казахстана и Центральной Азии',
     items=[
         dict(title='В Алматы подорожал бензин',
              link='https://rus.azattyq.org/a/32860501.html',
              summary='Литр АИ-92 стоит уже 215 тенге. Водители ищут ёмкости для запаса топлива.'),
         dict(title='Казахстан принял беженцев из Украины',
              link='https://rus.azattyq.org/a/32860502.html',
              summary='Большинство приехавших остановились в Астане и Алматы.'),
     ])

case('enc_koi8u_declared', codec='koi8-u', decl='KOI8-U', expected_encoding='koi8-u',
     title='Новини України та Центральної Азії', link='https://www.radiosvoboda.org/', lang='uk',
     desc='Новини / Новости',
     items=[
         dict(title='Україна отримала 1,5 млрд євро від ЄС',
              link='https://www.radiosvoboda.org/a/32860601.html',
              summary='Кошти підуть на відновлення енергетики після російських ударів. Ґрунтові дороги на півдні розмиті, їжу везуть гелікоптерами.'),
         dict(title='Беженцы из Украины в Казахстане: статистика',
              link='https://www.radiosvoboda.org/a/32860602.html',
              summary='По данным МВД, в стране находятся около пяти тысяч украинцев.'),
     ])

case('enc_iso8859_1_declared', codec='iso-8859-1', decl='ISO-8859-1', expected_encoding='iso-8859-1',
     title='Ýurt habarlary', link='https://www.azathabar.com/', lang='tk',
     desc='Türkmenistan we dünýä',
     items=[
         dict(title='Türkmen zähmet migrantlary Türkiýede',
              link='https://www.azathabar.com/a/32860701.html',
              summary='Café «Ýyldyz» in Mary closed; prices up 15 % · © Azatlyk'),
         dict(title='Only 5 °C in Dashoguz: gar ýagdy',
              link='https://www.azathabar.com/a/32860702.html',
              summary='Gar ýagdy, ýöne ýollar açyk. Naïve résumé: ½ of the roads are clear.'),
     ])

case('enc_iso8859_5_declared', codec='iso-8859-5', decl='ISO-8859-5', expected_encoding='iso-8859-5',
     title='Радио Озоди - Таджикистан', link='https://rus.ozodi.org/', lang='ru',
     desc='Новости Таджикистана',
     items=[
         dict(title='Рогунская ГЭС запустила третий агрегат',
              link='https://rus.ozodi.org/a/32860801.html',
              summary='Приказ №45 подписан министром энергетики. Ёмкость водохранилища увеличится.'),
         dict(title='Таджикистан и Кыргызстан обсудили границу',
              link='https://rus.ozodi.org/a/32860802.html',
              summary='Переговоры прошли в Баткене.'),
     ])

case('enc_cp866_declared', codec='cp866', decl='cp866', expected_encoding='ibm866',
     title='Новости Узбекистана', link='https://www.ozodlik.org/', lang='ru',
     desc='Русская служба Радио Озодлик',
     items=[
         dict(title='Ташкент ввел новые правила для мигрантов',
              link='https://www.ozodlik.org/a/32860901.html',
              summary='Постановление №112 вступило в силу. Ещё тысячи граждан уехали на заработки.'),
         dict(title='Цены на хлопок выросли',
              link='https://www.ozodlik.org/a/32860902.html',
              summary='Ёмкость рынка оценивается в миллиард долларов.'),
     ])

case('enc_maccyrillic_declared', codec='mac-cyrillic', decl='x-mac-cyrillic', expected_encoding='x-mac-cyrillic',
     title='Фергана — «Новости Центральной Азии»', link='https://fergana.media/', lang='ru',
     desc='Независимое издание…',
     items=[
         dict(title='«Узбекнефтегаз» снизил добычу — отчет',
              link='https://fergana.media/news/134301/',
              summary='Добыча газа упала на 8%… Эксперты называют это «тревожным сигналом».'),
         dict(title='Мигранты из Таджикистана: ещё одна волна',
              link='https://fergana.media/news/134302/',
              summary='Ёлкин Рахимов, эксперт: «Люди уезжают в Европу».'),
     ])

# --------------------------------------------------------------------------
# Encodings that must come from elsewhere than the XML declaration
# --------------------------------------------------------------------------
case('enc_http_charset', codec='cp1251', decl=None, expected_encoding='windows-1251',
     title='24.kg — Новости', link='https://24.kg/', lang='ru',
     desc='Кодировка указана только в заголовке HTTP',
     items=[
         dict(title='Курс рубля в Бишкеке упал до 0,97 сома',
              link='https://24.kg/ekonomika/290501_rubl/',
              summary='Обменные бюро снизили курс покупки рубля.'),
     ],
     meta={"content_type": "application/rss+xml; charset=windows-1251", "url": "https://24.kg/rss/"})

LONG_A = [
    dict(title='Трудовые мигранты из Кыргызстана массово возвращаются домой',
         link='https://24.kg/obschestvo/290601_vozvraschenie/',
         summary='После ужесточения миграционного законодательства в России тысячи граждан Кыргызстана '
                 'решили вернуться на родину. По данным министерства труда, только за последний месяц '
                 'через пограничные пункты пропуска въехали более двадцати тысяч человек. Многие '
                 'жалуются на рейды полиции, задержки зарплаты и рост стоимости патента.'),
    dict(title='Денежные переводы в республику сократились на четверть',
         link='https://24.kg/ekonomika/290602_perevody/',
         summary='Национальный банк сообщает, что объем переводов физических лиц из России снизился '
                 'почти на двадцать пять процентов по сравнению с прошлым годом. Экономисты '
                 'предупреждают, что падение доходов семей мигрантов ударит по потреблению, '
                 'строительству и торговле в регионах.'),
    dict(title='Правительство обещает создать новые рабочие места',
         link='https://24.kg/vlast/290603_rabochie_mesta/',
         summary='Кабинет министров утвердил программу поддержки вернувшихся граждан. Предусмотрены '
                 'льготные кредиты для малого бизнеса, курсы переподготовки и помощь в поиске работы '
                 'на швейных фабриках и стройках.'),
]

LONG_B = [
    dict(title='Война в Украине: удары по энергетической инфраструктуре',
         link='https://rus.azattyq.org/a/32861001.html',
         summary='Российские войска ночью атаковали объекты энергетики в нескольких областях Украины. '
                 'Местные власти сообщают о повреждении подстанций и отключениях света. Украинская '
                 'сторона заявляет, что большая часть ракет и беспилотников была сбита силами '
                 'противовоздушной обороны.'),
    dict(title='Казахстан ограничил вывоз топлива',
         link='https://rus.azattyq.org/a/32861002.html',
         summary='Правительство продлило запрет на вывоз бензина и дизельного топлива автомобильным '
                 'транспортом еще на полгода. Министерство энергетики объясняет решение дефицитом '
                 'горючего на внутреннем рынке и высокими ценами в соседних странах.'),
    dict(title='Мигранты из Центральной Азии жалуются на проверки в Москве',
         link='https://rus.azattyq.org/a/32861003.html',
         summary='Правозащитники фиксируют рост числа задержаний выходцев из Таджикистана, '
                 'Узбекистана и Кыргызстана. Многих отправляют в военкоматы и предлагают подписать '
                 'контракт с министерством обороны.'),
]

case('enc_undeclared_cp1251', codec='cp1251', decl=None, expected_encoding='windows-1251',
     title='24.kg — Новости Кыргызстана', link='https://24.kg/', lang='ru',
     desc='Информационное агентство', items=LONG_A, with_bozo=False)

case('enc_lying_utf8', codec='cp1251', decl='UTF-8', expected_encoding='windows-1251',
     title='Радио Азаттык — Казахстан', link='https://rus.azattyq.org/', lang='ru',
     desc='Новости Казахстана и Центральной Азии', items=LONG_B, bozo=True)

case('enc_undeclared_koi8r', codec='koi8-r', decl=None, expected_encoding='koi8-r',
     title='Радио Азаттык: Казахстан', link='https://rus.azattyq.org/', lang='ru',
     desc='Новости Казахстана и Центральной Азии', items=LONG_B, with_bozo=False)


def cyrillic_letters(s):
    return len(re.findall('[\u0400-\u04ff]', s))


def main():
    for c in CASES:
        text = rss(c['title'], c['link'], c['desc'], c['lang'], c['items'], c['decl'])
        data = c['bom'] + text.encode(c['codec'])  # strict: fails loudly on unencodable chars
        path = os.path.join(HERE, c['name'] + '.xml')
        with open(path, 'wb') as f:
            f.write(data)
        exp = expected(c['expected_encoding'], c['title'], c['link'], c['lang'], c['items'],
                       bozo=c['bozo'], with_bozo=c['with_bozo'])
        with open(os.path.join(HERE, c['name'] + '.expected.json'), 'w', encoding='utf-8') as f:
            json.dump(exp, f, ensure_ascii=False, indent=2)
            f.write('\n')
        if c['meta'] is not None:
            with open(os.path.join(HERE, c['name'] + '.meta.json'), 'w', encoding='utf-8') as f:
                json.dump(c['meta'], f, ensure_ascii=False, indent=2)
                f.write('\n')

        # round-trip check
        with open(path, 'rb') as f:
            raw = f.read()
        assert raw.startswith(c['bom'])
        back = raw[len(c['bom']):].decode(c['codec'])
        assert back == text, c['name']
        if c['codec'] not in ('utf-8',) and not c['codec'].startswith('utf-'):
            # an 8-bit document must not be valid UTF-8 by accident
            try:
                raw.decode('utf-8')
                raise AssertionError('%s is valid UTF-8' % c['name'])
            except UnicodeDecodeError:
                pass
        if c['name'] in ('enc_undeclared_cp1251', 'enc_lying_utf8', 'enc_undeclared_koi8r'):
            n = cyrillic_letters(text)
            assert n >= 400, (c['name'], n)
        print('%-28s %6d bytes  %-15s cyrillic=%d' % (c['name'], len(raw), c['expected_encoding'],
                                                     cyrillic_letters(text)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
