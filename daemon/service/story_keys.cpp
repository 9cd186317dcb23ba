#include "service/story_keys.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>

#include "text/normalizer.h"
#include "text/script_fold.h"
#include "util/utf8.h"

namespace khabar::service {
namespace {

// Lists of rules/lists_war.toml that say what kind of event a report tells.
constexpr std::array<const char*, 23> kKindLists{"death",
                                                 "casualty",
                                                 "captivity",
                                                 "pow_project",
                                                 "mercenary",
                                                 "court",
                                                 "recruit",
                                                 "summons",
                                                 "citizenship",
                                                 "russian_citizenship",
                                                 "revoke_citizenship",
                                                 "volunteers",
                                                 "diaspora",
                                                 "warning",
                                                 "families",
                                                 "desertion",
                                                 "detention",
                                                 "raids",
                                                 "lists",
                                                 "callup_russia",
                                                 "airport",
                                                 "sign_contract",
                                                 "contract"};

struct Country {
  const char* code;
  const char* query;  // the nationality in the region's languages
};
constexpr std::array<Country, 5> kCountries{{
    {"KG", "кыргыз* OR киргиз* OR kyrgyz* OR kirghiz* OR қирғиз* OR қырғыз* OR gyrgyz* OR qirg'iz*"},
    {"TJ", "таджик* OR tajik* OR тоҷик* OR tojik* OR тәжік* OR täjik*"},
    {"UZ", "узбек* OR uzbek* OR o'zbek* OR өзбек* OR özbek* OR ӯзбек*"},
    {"KZ", "казах* OR kazakh* OR казакстан* OR қазақстан* OR qozoq* OR qozog* OR қозоғ* OR gazak* OR gazag*"},
    {"TM", "туркмен* OR turkmen* OR түркмөн* OR түрікмен* OR туркман* OR türkmen*"},
}};

// A name's key is its first letters: enough to tell names apart, few enough
// that an inflected form ("Зарифулиндин") keeps them.
constexpr size_t kNameLetters = 6;

// Countries, capitals and peoples every report of the mission names: no
// clue which event it is (the countries are keys of their own). Folded,
// at most six letters, as the keys are.
constexpr std::array<std::string_view, 108> kTooCommon{
    "kyrgyz", "kirgiz", "kirghi", "qirgiz", "qyrgyz", "gyrgyz", "tajik", "tajiki", "tojik", "tojiki", "tadjik",
    "tadjic", "tajiks", "uzbek", "uzbeki", "ozbek", "ozbeki", "kazakh", "kazaks", "kazakt", "kazax", "kazaxs", "qazaqs",
    "qazaq", "turkme", "turkma", "turkmo", "ukrain", "ukrayi", "russia", "rossiy", "rossii", "rossia", "orusiy",
    "resey", "reseyd", "russiy", "moskva", "moscow", "moskve", "moskov", "putin", "vladim", "bishke", "toshke",
    "tashke", "dushan", "dusha", "uzbeks", "qozogi", "gazagy", "astana", "astane", "astany", "almaty", "alma-a",
    "ashgab", "ashxab", "asgaba", "tsentr", "sentra", "markaz", "osiyo", "ozbeks", "kyrgys", "rusiya", "rusiy",
    "maskav", "orusiya", "resei", "rosiya",
    // Ministries every report cites (defence, foreign affairs, labour).
    "minobo", "minist", "mudofa", "defens", "vazora", "vazir", "mid", "tashqi", "foreig", "sledst", "invest",
    // The criminal code, cited by every mercenarism case.
    "jinoya", "ugolov", "kylmys", "kylmyş", "kodeks", "crimin", "qylmys", "jinoiy",
    // Days and months, capitalized in English.
    "monday", "tuesda", "wednes", "thursd", "friday", "saturd", "sunday", "januar", "februa", "march", "april", "june",
    "july", "august", "septem", "octobe", "novemb", "decemb"};

// A year says when, not what: every report of a year shares it.
bool is_year(std::u32string_view digits) {
  if (digits.size() != 4) return false;
  const auto century = digits.substr(0, 2);
  return century == U"19" || century == U"20";
}

// The articles on mercenarism (Uzbekistan 154, Russia 359, Kyrgyzstan 375,
// Kazakhstan 170, Tajikistan 401): every such case cites its country's.
bool mercenarism_article(std::u32string_view digits) {
  return digits == U"154" || digits == U"359" || digits == U"375" || digits == U"170" || digits == U"401";
}

bool is_word_char(UChar32 c) {
  if (c < 0x80) {  // most of the text: no call into ICU
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '\'' ||
           c == '-';
  }
  if (c >= 0x400 && c <= 0x52F) return c < 0x482 || c > 0x489;  // Cyrillic: letters, but for signs and marks
  return u_isalnum(c) || c == '_' || c == '\'' || c == 0x2BB || c == 0x2019 || c == 0x2018 || c == 0x2BC || c == '-';
}

bool all_capitals(std::u32string_view word) {
  return std::none_of(word.begin(), word.end(), [](char32_t c) { return u_islower(static_cast<UChar32>(c)); });
}

std::string utf8_of(std::u32string_view word) {
  std::string out;
  for (const char32_t c : word) append_utf8(out, c);
  return out;
}

std::string first_letters(const std::string& folded, size_t count) {
  size_t i = 0;
  for (size_t letters = 0; i < folded.size() && letters < count; ++letters) decode_utf8(folded, i);
  return folded.substr(0, i);
}

// Letters that the region's spellings of one name trade, folded once more
// so that the name's keys meet: "х" (folded "x") is English "kh" or "h"
// ("Хуршед", "Khurshed"; "Мухаммад", "Muhammad"), "дж" (folded "dj") is "j"
// or "dzh", "ё" (folded "e") is "yo", "з" is "z" or "s" ("президент",
// "president"), "y" is "i"; doubled letters count once ("Muhamad").
std::string loosen_spelling(std::string folded) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kPairs{{{"dzh", "j"},
                                                                                         {"dj", "j"},
                                                                                         {"zh", "j"},
                                                                                         {"kh", "h"},
                                                                                         {"x", "h"},
                                                                                         {"ts", "s"},
                                                                                         {"z", "s"},
                                                                                         {"w", "v"},
                                                                                         {"q", "k"},
                                                                                         {"yo", "e"},
                                                                                         {"y", "i"}}};
  for (const auto& [from, to] : kPairs) {
    for (size_t at = folded.find(from); at != std::string::npos; at = folded.find(from, at + to.size()))
      folded.replace(at, from.size(), to);
  }
  folded.erase(std::unique(folded.begin(), folded.end(),
                           [](char a, char b) { return a == b && static_cast<unsigned char>(a) < 0x80; }),
               folded.end());
  return folded;
}

// Places whose names the region's languages spell apart beyond what
// loosening joins: Russian and Soviet exonyms against the names used now
// ("Молдавия", "Moldawiýa" and "Moldova"; "Луганск" and "Luhansk"). Loosened
// prefixes, each turned into the other's.
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kExonyms{{{"moldav", "moldov"},
                                                                                 {"belorus", "belarus"},
                                                                                 {"lugansk", "luhansk"},
                                                                                 {"harkov", "harkiv"},
                                                                                 {"kiev", "kiv"},
                                                                                 {"saporoj", "saporij"},
                                                                                 {"avdev", "avdiv"},
                                                                                 {"artemovsk", "bahmut"},
                                                                                 {"nikolaev", "mikolaiv"}}};

std::string current_place_name(std::string loose) {
  for (const auto& [old_name, name] : kExonyms) {
    if (loose.starts_with(old_name)) return std::string(name) + loose.substr(old_name.size());
  }
  return loose;
}

// `key` is one of kTooCommon, as listed or loosened (a key is either).
bool too_common(std::string_view key) {
  static const auto keys = [] {
    std::set<std::string, std::less<>> out;
    for (const auto word : kTooCommon) {
      out.emplace(word);
      out.insert(first_letters(loosen_spelling(std::string(word)), kNameLetters));
    }
    return out;
  }();
  return keys.contains(key);
}

// English possessives name the same person: "Putin's" is "Putin".
void drop_possessive(std::u32string_view& word) {
  for (const std::u32string_view ending : {U"'s", U"\u2019s"}) {
    if (word.size() > ending.size() && word.ends_with(ending)) word.remove_suffix(ending.size());
  }
}

// A capitalized word's key: its folded, loosened first letters, or "" for
// a word that names nothing (too short, an acronym, a country everyone names).
std::string name_key(std::u32string_view word) {
  drop_possessive(word);
  if (word.size() < 4 || !u_isupper(static_cast<UChar32>(word[0])) || all_capitals(word)) return {};
  auto folded = text::fold_script(text::normalize(utf8_of(word)));
  std::erase(folded, '\'');
  if (too_common(first_letters(folded, kNameLetters))) return {};
  const auto loose = current_place_name(loosen_spelling(folded));
  auto key = first_letters(loose, kNameLetters);
  // "Кара-Балта" and "Кара-Ой" are two towns: a compound keeps its second part's start.
  if (const auto hyphen = loose.find('-'); hyphen != std::string::npos && hyphen < key.size())
    key = loose.substr(0, hyphen + 1) + first_letters(loose.substr(hyphen + 1), 3);
  return too_common(key) ? std::string() : key;
}

std::u32string_view trim_word(std::u32string_view word) {
  while (!word.empty() && (word.front() == '-' || word.front() == '\'')) word.remove_prefix(1);
  while (!word.empty() && (word.back() == '-' || word.back() == '\'')) word.remove_suffix(1);
  return word;
}

size_t leading_digits(std::u32string_view word) {
  size_t digits = 0;
  while (digits < word.size() && u_isdigit(static_cast<UChar32>(word[digits]))) ++digits;
  return digits;
}

bool all_digits(std::u32string_view word) { return !word.empty() && leading_digits(word) == word.size(); }

// "тыс.", "thousand", "мың", "миң", "ming", "ҳазор", "müň" after a number
// make it thousands; "млн", "million" millions.
std::uint64_t multiplier_of(std::u32string_view word) {
  const auto folded = text::fold_script(text::normalize(utf8_of(word)));
  for (const std::string_view prefix : {"tys", "thousand", "hazor"}) {
    if (folded.starts_with(prefix)) return 1000;
  }
  for (const std::string_view whole : {"myn", "min", "ming", "mun"}) {
    if (folded == whole) return 1000;
  }
  for (const std::string_view prefix : {"mln", "million", "millon", "milion"}) {
    if (folded.starts_with(prefix)) return 1000000;
  }
  return 1;
}

struct Token {
  std::u32string_view text;  // in the segment's decoded characters
  bool sentence_start;
  char32_t separator;  // the one character before it, or 0 for none or several
};

bool thousands_separator(char32_t c) {
  return c == ',' || c == '.' || c == ' ' || c == 0xA0 || c == 0x2009 || c == 0x202F;
}

// A number's key, "#10000" for "10 000", "10,000", "10 тыс.", "10k" and "10
// thousand" alike, joined from the tokens at `at` on; advances `at` past
// what it used. "" for a year (it says when, not what), "груз 200" (a
// coffin, whatever the event) and the articles on mercenarism.
std::string number_key(const std::vector<Token>& tokens, size_t& at) {
  const auto& first = tokens[at].text;
  const size_t digits = leading_digits(first);
  std::uint64_t value = 0;
  for (size_t i = 0; i < digits && i < 12; ++i) value = value * 10 + static_cast<std::uint64_t>(first[i] - '0');
  const auto suffix = first.substr(digits);
  bool grouped = false;
  if (digits <= 3 && suffix.empty()) {
    while (at + 1 < tokens.size() && tokens[at + 1].text.size() == 3 && all_digits(tokens[at + 1].text) &&
           thousands_separator(tokens[at + 1].separator) && value < 1000000000000) {
      ++at;
      for (const char32_t c : tokens[at].text) value = value * 10 + static_cast<std::uint64_t>(c - '0');
      grouped = true;
    }
  }
  std::uint64_t times = 1;
  if (suffix == U"k" || suffix == U"K") {
    times = 1000;
  } else if (suffix.empty() && at + 1 < tokens.size() && tokens[at + 1].separator != 0) {
    times = multiplier_of(tokens[at + 1].text);
    if (times > 1) ++at;
  }
  const auto plain = first.substr(0, digits);
  if (!grouped && times == 1 && (digits < 2 || is_year(plain) || plain == U"200" || mercenarism_article(plain)))
    return {};
  return "#" + std::to_string(value * times);
}

bool ends_sentence(char32_t c) {
  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == 0xAB || c == '"' || c == 0x201C ||
         c == 0x201E || c == 0x2014 || c == '\n';
}

// The words of one segment (a title, a summary), each with whether it may
// begin a sentence and the one character before it. The tokens view
// `chars`, the segment decoded: one allocation a segment, not one a word.
std::vector<Token> tokens_of(std::string_view text, std::u32string& chars) {
  chars.clear();
  chars.reserve(text.size());
  for (size_t i = 0; i < text.size();) chars.push_back(decode_utf8(text, i));
  std::vector<Token> out;
  bool at_start = true;
  char32_t separator = 0;
  int separators = 0;
  size_t word_start = 0;
  auto flush = [&](size_t end) {
    if (end == word_start) return;
    out.push_back({trim_word(std::u32string_view(chars).substr(word_start, end - word_start)), at_start,
                   separators == 1 ? separator : 0});
    at_start = false;
    separators = 0;
  };
  for (size_t i = 0; i < chars.size(); ++i) {
    const auto c = chars[i];
    if (is_word_char(static_cast<UChar32>(c))) continue;
    flush(i);
    word_start = i + 1;
    if (ends_sentence(c)) at_start = true;
    separator = c;
    ++separators;
  }
  flush(chars.size());
  return out;
}

struct Word {
  std::string key;
  bool sentence_start;  // capitalized because it begins a sentence, perhaps
};

// The segment's words with their keys: a name's, a number's, or "".
std::vector<Word> words_of(std::string_view text) {
  std::u32string chars;
  const auto tokens = tokens_of(text, chars);
  std::vector<Word> out;
  for (size_t at = 0; at < tokens.size(); ++at) {
    const bool sentence_start = tokens[at].sentence_start;
    if (tokens[at].text.empty()) continue;
    if (leading_digits(tokens[at].text) > 0) {
      out.push_back({number_key(tokens, at), sentence_start});
    } else {
      out.push_back({name_key(tokens[at].text), sentence_start});
    }
  }
  return out;
}

// A headline in title case ("Tajik Villages Bury Men Who Fought") capitalizes
// every word: none of them is known to be a name.
bool title_case(const std::vector<Word>& words) {
  const auto capitalized =
      std::count_if(words.begin(), words.end(), [](const Word& w) { return !w.key.empty() && w.key[0] != '#'; });
  return words.size() >= 4 && capitalized * 2 > static_cast<std::ptrdiff_t>(words.size());
}

}  // namespace

NamesAndNumbers names_and_numbers(std::string_view title, std::string_view body) {
  // A capitalized word is surely a name only where no sentence starts
  // ("в Кара-Суу"); at a sentence's start it may be any word.
  NamesAndNumbers out;
  for (const auto text : {title, body}) {
    const auto words = words_of(text);
    const bool headline_case = title_case(words);
    for (const auto& w : words) {
      if (w.key.empty()) continue;
      const bool number = w.key[0] == '#';
      auto& into = number || !(headline_case || w.sentence_start) ? out.names : out.weak_names;
      if (std::find(into.begin(), into.end(), w.key) == into.end()) into.push_back(w.key);
    }
  }
  std::erase_if(out.weak_names, [&](const std::string& w) {
    return std::find(out.names.begin(), out.names.end(), w) != out.names.end();
  });
  return out;
}

std::vector<std::string> names_and_numbers(std::string_view text) {
  auto both = names_and_numbers(text, {});
  both.names.insert(both.names.end(), both.weak_names.begin(), both.weak_names.end());
  return both.names;
}

Result<match::Matcher> story_kind_matcher(const match::TermLists& lists) {
  std::vector<match::RuleSpec> rules;
  for (const char* kind : kKindLists) {
    if (lists.count(kind)) rules.push_back({std::string("k:") + kind, std::string("@") + kind});
  }
  for (const auto& country : kCountries) rules.push_back({std::string("c:") + country.code, country.query});
  return match::Matcher::compile(rules, lists);
}

store::StoryKeys story_keys(const store::ItemRecord& item, const match::Matcher& kinds,
                            const text::TokenizedText* title_tokens, const text::TokenizedText* summary_tokens) {
  store::StoryKeys keys;
  auto names = names_and_numbers(item.title.value_or(""), item.summary.value_or(""));
  keys.names = std::move(names.names);
  keys.weak_names = std::move(names.weak_names);
  static const std::string kNone;
  const match::MatchInput input{.title = item.title ? *item.title : kNone,
                                .summary = item.summary ? *item.summary : kNone,
                                .title_tokens = title_tokens,
                                .summary_tokens = summary_tokens};
  for (const auto& m : kinds.match(input)) {
    (m.rule[0] == 'k' ? keys.kinds : keys.countries).push_back(m.rule.substr(2));
  }
  return keys;
}

}  // namespace khabar::service
