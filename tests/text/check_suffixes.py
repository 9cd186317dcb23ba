#!/usr/bin/env python3
"""Reference stemmer for khabar's suffix tables, and the check of its data.

khabar stems Kyrgyz, Kazakh, Uzbek, Turkmen and Tajik words with a table of
suffixes (daemon/text/suffixes.tsv) instead of a Snowball stemmer. This file
is the reference implementation of that algorithm: the C++ engine must give
the same stem for every word (tests/data/text/README.md specifies it).

Usage:
  check_suffixes.py                  check word_forms.tsv and
                                     word_forms_distinct.tsv; exit 1 on any
                                     failure
  check_suffixes.py --stem ky мигранттардын согушка
                                     print the stem of each word and the
                                     suffixes stripped
  check_suffixes.py --dump           print every test word with its stem, as
                                     "lang TAB word TAB stem" (for comparing
                                     the C++ engine with this reference)

The algorithm: normalize a word (NFKC, case folding, ё→е), fold it with
daemon/text/script_fold.tsv; then, up to 6 times, cut off the longest suffix
of the language's table that the word ends with, that leaves at least
min_stem letters, whose after= class (if any) contains the letter before it,
and that is not final unless this is the first cut; then rewrite the stem's
ending once by the longest matching stem_end rule, if the stem has at least
min_stem letters. Words with equal stems match.

Options --suffixes, --fold, --forms and --distinct name other files.
Python 3 standard library only.
"""

import argparse
import os
import re
import sys
import unicodedata

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DEFAULT_SUFFIXES = os.path.join(ROOT, "daemon", "text", "suffixes.tsv")
DEFAULT_FOLD = os.path.join(ROOT, "daemon", "text", "script_fold.tsv")
DEFAULT_FORMS = os.path.join(ROOT, "tests", "data", "text", "word_forms.tsv")
DEFAULT_DISTINCT = os.path.join(ROOT, "tests", "data", "text", "word_forms_distinct.tsv")

LANGUAGES = ("ky", "kk", "uz", "tk", "tg")
MAX_ROUNDS = 6
KIND = re.compile(r"^[a-z][a-z0-9-]*((:final)|(:after=[a-z]+))*$")
# Directives live in comment lines: "# min_stem<TAB>ky<TAB>4",
# "# stem_end<TAB>ky<TAB>ыг<TAB>ык", "# class<TAB>ky<TAB>vowel<TAB>aeiouy".
DIRECTIVE = re.compile(r"^#\s*(min_stem|stem_end|class)\t")


class DataError(Exception):
    pass


def normalize(text):
    """NFKC, full case folding, then ё→е: what khabar does to every word."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def load_fold(path):
    """script_fold.tsv: letter TAB replacement (maybe empty) TAB why."""
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if "\t" not in line:
                continue
            letter, rest = line.split("\t", 1)
            if not letter:
                continue
            table[letter[0]] = rest.split("\t", 1)[0]
    return table


class Stemmer:
    def __init__(self, suffixes_path, fold_path):
        self.fold_table = load_fold(fold_path)
        self.min_stem = {}
        self.stem_end = {}  # lang -> {folded ending: folded replacement}
        # lang -> {folded suffix: final?}; a suffix listed several times
        # (Cyrillic and Latin spellings, or harmony variants that fold alike)
        # is final only if every listing says so.
        self.suffixes = {}
        self.kinds = {}  # lang -> {folded suffix: set of kinds}
        self.classes = {}  # lang -> {class name: set of folded letters}
        self.after = {}  # lang -> {folded suffix: class name or None}
        self.listed = {}  # lang -> number of lines
        self._load(suffixes_path)
        self.stem_end_ordered = {
            lang: sorted(ends, key=lambda e: (-len(e), e)) for lang, ends in self.stem_end.items()
        }
        # Longest first, for the longest-match rule.
        self.ordered = {
            lang: sorted(table.items(), key=lambda item: (-len(item[0]), item[0]))
            for lang, table in self.suffixes.items()
        }

    def fold(self, word):
        out = []
        for ch in word:
            out.append(self.fold_table.get(ch, ch))
        return "".join(out)

    def key(self, word):
        """The folded form of a word, before stemming."""
        return self.fold(normalize(word))

    def _load(self, path):
        errors = []
        with open(path, encoding="utf-8") as f:
            for number, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                where = "%s:%d" % (os.path.relpath(path), number)
                if DIRECTIVE.match(line):
                    fields = line.split("\t")
                    name = fields[0].lstrip("#").strip()
                    if name == "class":
                        if len(fields) != 4 or fields[1] not in LANGUAGES or not re.match(r"^[a-z]+$", fields[2]) or not fields[3]:
                            errors.append("%s: bad class line" % where)
                            continue
                        self.classes.setdefault(fields[1], {})[fields[2]] = frozenset(fields[3])
                        continue
                    if name == "min_stem":
                        if len(fields) != 3 or fields[1] not in LANGUAGES or not fields[2].isdigit() or int(fields[2]) < 1:
                            errors.append("%s: bad min_stem line" % where)
                            continue
                        self.min_stem[fields[1]] = int(fields[2])
                    else:
                        if len(fields) != 4 or fields[1] not in LANGUAGES:
                            errors.append("%s: bad stem_end line" % where)
                            continue
                        source, target = self.key(fields[2]), self.key(fields[3])
                        if not source or not target:
                            errors.append("%s: stem_end has an empty ending" % where)
                            continue
                        ends = self.stem_end.setdefault(fields[1], {})
                        if ends.get(source, target) != target:
                            errors.append("%s: stem_end %r is mapped twice" % (where, source))
                            continue
                        ends[source] = target
                    continue
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                fields = line.split("\t")
                if len(fields) != 4:
                    errors.append("%s: expected 4 tab-separated columns, got %d" % (where, len(fields)))
                    continue
                lang, suffix, kind, example = fields
                if lang not in LANGUAGES:
                    errors.append("%s: unknown language %r" % (where, lang))
                    continue
                if not KIND.match(kind):
                    errors.append("%s: bad kind %r" % (where, kind))
                    continue
                if suffix != suffix.casefold():
                    errors.append("%s: suffix %r is not in lower case" % (where, suffix))
                    continue
                folded = self.key(suffix)
                if not folded:
                    errors.append("%s: suffix %r folds to nothing" % (where, suffix))
                    continue
                if folded not in self.key(example):
                    errors.append("%s: example %r does not contain %r (folded %r)" % (where, example, suffix, folded))
                    continue
                modifiers = kind.split(":")[1:]
                final = "final" in modifiers
                after = None
                for modifier in modifiers:
                    if modifier.startswith("after="):
                        after = modifier[len("after="):]
                if after is not None and after not in self.classes.get(lang, {}):
                    errors.append("%s: unknown letter class %r for %s" % (where, after, lang))
                    continue
                conditions = self.after.setdefault(lang, {})
                if folded in conditions and conditions[folded] != after:
                    errors.append("%s: %r (folded %r) is listed before with another after= condition" % (where, suffix, folded))
                    continue
                conditions[folded] = after
                table = self.suffixes.setdefault(lang, {})
                table[folded] = table.get(folded, True) and final
                self.kinds.setdefault(lang, {}).setdefault(folded, set()).add(kind.split(":")[0])
                self.listed[lang] = self.listed.get(lang, 0) + 1
        for lang in self.suffixes:
            if lang not in self.min_stem:
                errors.append("%s: no min_stem for %s" % (os.path.relpath(path), lang))
        if errors:
            raise DataError("\n".join(errors))

    def stem_trace(self, word, lang):
        """The stem of a word and the folded suffixes stripped, in order."""
        current = self.key(word)
        stripped = []
        min_stem = self.min_stem.get(lang)
        ordered = self.ordered.get(lang)
        if ordered is None or min_stem is None:
            raise DataError("no suffix table for language %r" % lang)
        conditions = self.after.get(lang, {})
        classes = self.classes.get(lang, {})
        for round_ in range(MAX_ROUNDS):
            chosen = None
            for suffix, final in ordered:
                if final and round_ > 0:
                    continue
                rest = len(current) - len(suffix)
                if rest < min_stem:
                    continue
                after = conditions.get(suffix)
                if after is not None and current[rest - 1] not in classes[after]:
                    continue
                if current.endswith(suffix):
                    chosen = suffix
                    break
            if chosen is None:
                break
            current = current[: len(current) - len(chosen)]
            stripped.append(chosen)
        # The stem's last sounds: one rewrite, the longest listed ending that
        # the stem ends with, for stems of at least min_stem letters (the
        # k/g, q/ғ, p/b alternations: сөөк, сөөгү → sook).
        if len(current) >= min_stem:
            for ending in self.stem_end_ordered.get(lang, ()):
                if current.endswith(ending):
                    current = current[: len(current) - len(ending)] + self.stem_end[lang][ending]
                    break
        return current, stripped

    def stem(self, word, lang):
        return self.stem_trace(word, lang)[0]


def read_rows(path, min_fields):
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = [field.strip() for field in line.split("\t")]
            fields = [field for field in fields if field]
            where = "%s:%d" % (os.path.relpath(path), number)
            if len(fields) < min_fields:
                raise DataError("%s: expected at least %d tab-separated fields" % (where, min_fields))
            for word in fields[1:]:
                if any(ch.isspace() for ch in word):
                    raise DataError("%s: %r is not one word" % (where, word))
            rows.append((where, fields))
    return rows


def describe(stemmer, word, lang):
    stem, stripped = stemmer.stem_trace(word, lang)
    return "%s → %s%s" % (word, stem, " (-%s)" % " -".join(stripped) if stripped else "")


def check(stemmer, forms_path, distinct_path):
    stats = {lang: {"lemmas": 0, "forms": 0, "form_failures": 0, "pairs": 0, "pair_failures": 0} for lang in LANGUAGES}
    failures = 0
    for where, fields in read_rows(forms_path, 3):
        lang, lemma, forms = fields[0], fields[1], fields[2:]
        if lang not in LANGUAGES:
            raise DataError("%s: unknown language %r" % (where, lang))
        s = stats[lang]
        s["lemmas"] += 1
        expected = stemmer.stem(lemma, lang)
        for form in forms:
            s["forms"] += 1
            got = stemmer.stem(form, lang)
            if got != expected:
                s["form_failures"] += 1
                failures += 1
                print("FAIL %s %s: %s, but %s" % (where, lang, describe(stemmer, lemma, lang), describe(stemmer, form, lang)))
    for where, fields in read_rows(distinct_path, 3):
        lang, first, second = fields[0], fields[1], fields[2]
        if lang not in LANGUAGES:
            raise DataError("%s: unknown language %r" % (where, lang))
        if len(fields) != 3:
            raise DataError("%s: a distinct pair has exactly two words" % where)
        s = stats[lang]
        s["pairs"] += 1
        if stemmer.stem(first, lang) == stemmer.stem(second, lang):
            s["pair_failures"] += 1
            failures += 1
            print("FAIL %s %s: same stem for %s and %s" % (where, lang, describe(stemmer, first, lang), describe(stemmer, second, lang)))
    print()
    print("lang  rows  suffixes  min_stem  lemmas  forms  failed   distinct  failed")
    for lang in LANGUAGES:
        s = stats[lang]
        print("%-4s  %4d  %8d  %8s  %6d  %5d  %6d   %8d  %6d" % (
            lang, stemmer.listed.get(lang, 0), len(stemmer.suffixes.get(lang, {})), stemmer.min_stem.get(lang, "-"),
            s["lemmas"], s["forms"], s["form_failures"], s["pairs"], s["pair_failures"]))
    total_forms = sum(s["forms"] for s in stats.values())
    total_pairs = sum(s["pairs"] for s in stats.values())
    print()
    print("%d passed, %d failed" % (total_forms + total_pairs - failures, failures))
    return failures


def dump(stemmer, forms_path, distinct_path):
    seen = set()
    for path in (forms_path, distinct_path):
        for _, fields in read_rows(path, 3):
            lang = fields[0]
            for word in fields[1:]:
                if (lang, word) in seen:
                    continue
                seen.add((lang, word))
                print("%s\t%s\t%s" % (lang, word, stemmer.stem(word, lang)))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suffixes", default=DEFAULT_SUFFIXES)
    parser.add_argument("--fold", default=DEFAULT_FOLD)
    parser.add_argument("--forms", default=DEFAULT_FORMS)
    parser.add_argument("--distinct", default=DEFAULT_DISTINCT)
    parser.add_argument("--stem", nargs="+", metavar=("LANG", "WORD"), help="print the stems of words")
    parser.add_argument("--dump", action="store_true", help="print every test word with its stem")
    args = parser.parse_args(argv)
    try:
        stemmer = Stemmer(args.suffixes, args.fold)
        if args.stem:
            lang = args.stem[0]
            for word in args.stem[1:]:
                print(describe(stemmer, word, lang))
            return 0
        if args.dump:
            dump(stemmer, args.forms, args.distinct)
            return 0
        return 1 if check(stemmer, args.forms, args.distinct) else 0
    except (DataError, OSError) as error:
        print("error: %s" % error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
