#!/usr/bin/env python3
"""Sanity checks for the khabar feed-parser fixture corpus (data only, no C++).

    python3 tests/data/feeds/check_corpus.py

Checks:
  * every <case>.expected.json is valid JSON and uses only contract keys;
  * every case has exactly one input document (.xml, .json or .txt);
  * every .meta.json is valid and only has content_type / url;
  * every expected time is RFC 3339 UTC without fractions (YYYY-MM-DDTHH:MM:SSZ);
  * the enc_* documents decode with the intended Python codec, carry the
    intended BOM/declaration, and 8-bit ones are not accidentally valid UTF-8;
  * documents expected to be clean (bozo false) are well-formed XML/JSON, and the
    recovery documents are NOT well-formed (so the test really exercises recovery);
  * every expected published/updated value is recomputed with an independent
    reference date parser (email.utils / datetime.fromisoformat + a Russian
    month table) from the date text in the input document;
  * relative links in the link-resolution cases are recomputed with urljoin.
"""
import codecs
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone, timedelta
from email.utils import parsedate_tz
from urllib.parse import urljoin

HERE = os.path.dirname(os.path.abspath(__file__))
errors = []
checked_dates = [0]


def err(msg):
    errors.append(msg)


TOP = {"feed", "items", "encoding", "bozo", "error", "fail", "error_contains"}
FEED = {"title", "link", "subtitle", "language", "updated", "format", "version"}
ITEM = {"id", "title", "link", "published", "updated", "author", "summary", "content", "categories",
        "enclosures", "language"}
ENC = {"url", "type", "length"}
FORMATS = {"rss090", "rss091", "rss092", "rss093", "rss094", "rss20", "rss10", "atom03", "atom10", "json10", "json11",
           "cdf"}
ENCODINGS = {"utf-8", "utf-16le", "utf-16be", "utf-32le", "utf-32be", "windows-1251", "windows-1252", "koi8-r",
             "koi8-u", "iso-8859-1", "iso-8859-5", "ibm866", "x-mac-cyrillic"}
PYCODEC = {"utf-8": "utf-8", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be", "utf-32le": "utf-32-le",
           "utf-32be": "utf-32-be", "windows-1251": "cp1251", "windows-1252": "cp1252", "koi8-r": "koi8-r",
           "koi8-u": "koi8-u", "iso-8859-1": "iso-8859-1", "iso-8859-5": "iso-8859-5", "ibm866": "cp866",
           "x-mac-cyrillic": "mac-cyrillic"}
BOMS = {"utf-8": codecs.BOM_UTF8, "utf-16le": codecs.BOM_UTF16_LE, "utf-16be": codecs.BOM_UTF16_BE,
        "utf-32le": codecs.BOM_UTF32_LE, "utf-32be": codecs.BOM_UTF32_BE}
TIME_RE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')

# documents that are deliberately not well-formed (bozo expected true)
NOT_WELL_FORMED = {"recover_html_entities", "recover_bare_ampersand", "recover_control_chars",
                   "recover_unclosed_tags", "recover_truncated", "enc_lying_utf8", "unrecoverable_html",
                   "unrecoverable_empty"}
# well-formed per XML 1.0 but must be refused / treated specially
SPECIAL = {"billion_laughs", "external_entity"}


# ---------------------------------------------------------------- reference date parser
RU_MONTHS = [('январ', 'янв', 1), ('феврал', 'фев', 2), ('март', 'мар', 3), ('апрел', 'апр', 4),
             ('ма', 'мая', 5), ('июн', 'июн', 6), ('июл', 'июл', 7), ('август', 'авг', 8),
             ('сентябр', 'сен', 9), ('октябр', 'окт', 10), ('ноябр', 'ноя', 11), ('декабр', 'дек', 12)]
EN_MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
ZONES = {'MSK': '+0300'}


def ru_month(word):
    w = word.lower().rstrip('.')
    for stem, abbr, n in RU_MONTHS:
        if n == 5:
            if w in ('май', 'мая', 'мае'):
                return n
            continue
        if w.startswith(stem) or w == abbr:
            return n
    return None


def ref_parse(s):
    """Independent reference: returns 'YYYY-MM-DDTHH:MM:SSZ' or None."""
    if s is None:
        return None
    s = s.strip()
    if not s:
        return None
    # ISO 8601 / RFC 3339 family
    if re.match(r'^\d{4}-?\d\d-?\d\d', s):
        t = s.replace(' ', 'T', 1)
        try:
            d = datetime.fromisoformat(t)
        except ValueError:
            return None
        if d.tzinfo is None:
            d = d.replace(tzinfo=timezone.utc)
        return d.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    # RFC 822 family, possibly Russian
    toks = re.split(r'[\s,]+', s)
    out = []
    for tok in toks:
        if not tok or tok == 'г.':
            continue
        if re.match(r'^[А-Яа-яЁё]+\.?$', tok):
            m = ru_month(tok)
            if m:
                out.append(EN_MON[m - 1])
            # otherwise a Russian weekday name: dropped
            continue
        if re.match(r'^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)$', tok):
            continue
        out.append(ZONES.get(tok, tok))
    # contract rule for two-digit years: >= 70 -> 19xx, else 20xx
    if len(out) >= 3 and re.match(r'^\d{2}$', out[2]):
        yy = int(out[2])
        out[2] = str(1900 + yy if yy >= 70 else 2000 + yy)
    if len(out) == 4:  # no zone -> UTC
        out.append('+0000')
    t = parsedate_tz(' '.join(out))
    if t is None:
        return None
    y, mo, d, h, mi, se = t[:6]
    try:
        dt = datetime(y, mo, d, h, mi, se, tzinfo=timezone(timedelta(seconds=t[9] or 0)))
    except ValueError:
        return None
    return dt.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


# ---------------------------------------------------------------- helpers
def input_of(case):
    found = [p for p in glob.glob(os.path.join(HERE, case + '.*'))
             if not p.endswith('.expected.json') and not p.endswith('.meta.json')
             and os.path.splitext(p)[1] in ('.xml', '.json', '.txt')]
    return found


def decode_doc(raw, enc):
    bom = BOMS.get(enc, b'')
    if bom and raw.startswith(bom):
        raw = raw[len(bom):]
    return raw.decode(PYCODEC[enc])


def local(tag):
    return tag.rsplit('}', 1)[-1]


def item_dates(text):
    """Return per-item (published_text, updated_text) from a well-formed XML or JSON doc."""
    s = text.lstrip()
    if s.startswith('{'):
        j = json.loads(s)
        return [(it.get('date_published'), it.get('date_modified')) for it in j.get('items', [])]
    text = re.sub(r'^<\?xml[^>]*\?>', '', text)
    root = ET.fromstring(text)
    out = []
    for el in root.iter():
        if local(el.tag) in ('item', 'entry'):
            pub = upd = None
            for ch in el:
                n = local(ch.tag)
                if n in ('pubDate', 'published', 'issued') or (n == 'date' and 'purl.org/dc' in ch.tag):
                    pub = ch.text or ''
                elif n in ('updated', 'modified'):
                    upd = ch.text or ''
            out.append((pub, upd))
    return out


def main():
    cases = sorted(os.path.basename(p)[:-len('.expected.json')]
                   for p in glob.glob(os.path.join(HERE, '*.expected.json')))
    for case in cases:
        try:
            with open(os.path.join(HERE, case + '.expected.json'), encoding='utf-8') as f:
                exp = json.load(f)
        except Exception as e:  # noqa
            err('%s: expected.json invalid: %s' % (case, e))
            continue
        ins = input_of(case)
        if len(ins) != 1:
            err('%s: expected exactly one input document, found %r' % (case, ins))
            continue
        path = ins[0]
        raw = open(path, 'rb').read()

        # ---- schema of the expectation
        if set(exp) - TOP:
            err('%s: unknown top-level keys %s' % (case, set(exp) - TOP))
        if exp.get('fail'):
            if not exp.get('error_contains'):
                err('%s: fail without error_contains' % case)
        if 'encoding' in exp and exp['encoding'] not in ENCODINGS:
            err('%s: bad encoding %r' % (case, exp['encoding']))
        feed = exp.get('feed', {})
        if set(feed) - FEED:
            err('%s: unknown feed keys %s' % (case, set(feed) - FEED))
        if 'format' in feed and feed['format'] not in FORMATS:
            err('%s: bad format %r' % (case, feed['format']))
        if feed.get('updated') is not None and not TIME_RE.match(feed['updated']):
            err('%s: bad feed.updated %r' % (case, feed['updated']))
        for i, it in enumerate(exp.get('items', [])):
            if set(it) - ITEM:
                err('%s: item %d unknown keys %s' % (case, i, set(it) - ITEM))
            for k in ('published', 'updated'):
                if it.get(k) is not None and not TIME_RE.match(it[k]):
                    err('%s: item %d bad %s %r' % (case, i, k, it[k]))
            for e in it.get('enclosures', []):
                if set(e) != ENC:
                    err('%s: item %d enclosure keys %s' % (case, i, set(e)))
                if e.get('length') is not None and not isinstance(e['length'], int):
                    err('%s: item %d enclosure length not int' % (case, i))
        meta_p = os.path.join(HERE, case + '.meta.json')
        if os.path.exists(meta_p):
            meta = json.load(open(meta_p, encoding='utf-8'))
            if set(meta) - {'content_type', 'url'}:
                err('%s: meta keys %s' % (case, set(meta)))

        if exp.get('fail'):
            continue

        # ---- decoding
        enc = exp.get('encoding', 'utf-8')
        try:
            text = decode_doc(raw, enc)
        except UnicodeDecodeError as e:
            err('%s: does not decode as %s: %s' % (case, enc, e))
            continue
        if case.startswith('enc_'):
            bom = BOMS.get(enc)
            want_bom = case.endswith('_bom')
            if want_bom != bool(bom and raw.startswith(bom)):
                err('%s: BOM mismatch' % case)
            if PYCODEC[enc] not in ('utf-8',) and not enc.startswith('utf-'):
                try:
                    raw.decode('utf-8')
                    err('%s: 8-bit document is valid UTF-8' % case)
                except UnicodeDecodeError:
                    pass
            decl = re.match(r'<\?xml[^>]*encoding="([^"]+)"', text)
            if case.endswith('_declared') and not decl:
                err('%s: missing declaration' % case)
            if ('undeclared' in case or case == 'enc_http_charset') and decl:
                err('%s: should have no encoding declaration' % case)
            if case in ('enc_undeclared_cp1251', 'enc_lying_utf8', 'enc_undeclared_koi8r'):
                n = len(re.findall('[\u0400-\u04ff]', text))
                if n < 400:
                    err('%s: only %d Cyrillic letters' % (case, n))
            # every expected title must literally occur in the decoded document
            for it in exp.get('items', []):
                from xml.sax.saxutils import escape
                if it.get('title') and escape(it['title']) not in text:
                    err('%s: title %r not in decoded text' % (case, it['title']))

        # ---- well-formedness
        is_json = text.lstrip().startswith('{')
        wf = True
        try:
            if is_json:
                json.loads(text)
            else:
                ET.fromstring(re.sub(r'^\s*<\?xml[^>]*\?>', '', text.lstrip('\ufeff')))
        except Exception:  # noqa
            wf = False
        if case == 'enc_lying_utf8':
            try:
                raw.decode('utf-8')
            except UnicodeDecodeError:
                wf = False
        if case in NOT_WELL_FORMED:
            if wf:
                err('%s: expected NOT well-formed, but it is' % case)
        elif case in SPECIAL:
            pass
        elif not wf:
            err('%s: not well-formed but bozo expected false' % case)
        if exp.get('bozo') is False and case in NOT_WELL_FORMED:
            err('%s: bozo false but not well-formed' % case)

        # ---- dates
        if wf and case not in SPECIAL and exp.get('items') and not case.startswith(('large', 'cdf')):
            dates = item_dates(text)
            if len(dates) != len(exp['items']):
                err('%s: %d items in document, %d expected' % (case, len(dates), len(exp['items'])))
            else:
                for i, (it, (pub, upd)) in enumerate(zip(exp['items'], dates)):
                    checked_dates[0] += ('published' in it) + ('updated' in it)
                    if 'published' in it and ref_parse(pub) != it['published']:
                        err('%s: item %d published %r: reference says %r, expected %r'
                            % (case, i, pub, ref_parse(pub), it['published']))
                    if 'updated' in it and ref_parse(upd) != it['updated']:
                        err('%s: item %d updated %r: reference says %r, expected %r'
                            % (case, i, upd, ref_parse(upd), it['updated']))

    # ---- link resolution cross-check
    def links(case, base):
        text = open(os.path.join(HERE, case + '.xml'), encoding='utf-8').read()
        exp = json.load(open(os.path.join(HERE, case + '.expected.json'), encoding='utf-8'))
        root = ET.fromstring(re.sub(r'^<\?xml[^>]*\?>', '', text))
        for it_el, it in zip(root.iter('item'), exp['items']):
            l = it_el.findtext('link')
            if l is None:
                g = it_el.find('guid')
                l = g.text.strip()
            if urljoin(base, l) != it['link']:
                err('%s: urljoin(%r, %r) = %r != %r' % (case, base, l, urljoin(base, l), it['link']))
            for enc_el, e in zip(it_el.findall('enclosure'), it.get('enclosures', [])):
                if urljoin(base, enc_el.get('url')) != e['url']:
                    err('%s: enclosure %r' % (case, e['url']))
    links('content_relative_links', 'https://kloop.kg/')
    links('content_relative_links_docurl', 'https://rus.azattyq.org/api/zrqiteuuir')

    # xml:base chain (Atom)
    fb = 'https://rus.azattyq.org/'
    for rel, want in [(('/a/', '33012345.html'), 'https://rus.azattyq.org/a/33012345.html'),
                      (('', 'a/33012346.html'), 'https://rus.azattyq.org/a/33012346.html'),
                      (('', 'media/audio/33012346.mp3'), 'https://rus.azattyq.org/media/audio/33012346.mp3'),
                      (('https://www.azattyk.org/', 'a/kyrgyzstan-migrants/33012347.html'),
                       'https://www.azattyk.org/a/kyrgyzstan-migrants/33012347.html'),
                      (('https://en.azattyq.org/news/', '../a/33012348.html'), 'https://en.azattyq.org/a/33012348.html')]:
        b = urljoin(fb, rel[0]) if rel[0] else fb
        if urljoin(b, rel[1]) != want:
            err('xml_base: %r' % (rel,))

    # ---- stray files
    known = set()
    for case in cases:
        known.update(os.path.basename(p) for p in input_of(case))
        known.add(case + '.expected.json')
        if os.path.exists(os.path.join(HERE, case + '.meta.json')):
            known.add(case + '.meta.json')
    for p in os.listdir(HERE):
        if p not in known and p not in ('README.md', 'make_encoded.py', 'make_large.py', 'check_corpus.py'):
            err('stray file %s' % p)

    for e in errors:
        print('ERROR', e)
    print('%d cases checked, %d item dates recomputed, %d errors' % (len(cases), checked_dates[0], len(errors)))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
