#include "service/story_keys.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>

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
    {"KZ", "казах* OR kazakh* OR казакстан* OR қазақстан* OR qozoq* OR gazak*"},
    {"TM", "туркмен* OR turkmen* OR түркмөн* OR түрікмен* OR туркман* OR türkmen*"},
}};

// Countries, capitals and peoples every report of the mission names: no
// clue which event it is (the countries are keys of their own). Folded,
// at most six letters, as the keys are.
constexpr std::array<std::string_view, 105> kTooCommon{
    "kyrgyz", "kirgiz", "kirghi", "qirgiz", "qyrgyz", "gyrgyz", "tajik", "tajiki", "tojik", "tojiki", "tadjik",
    "tadjic", "tajiks", "uzbek", "uzbeki", "ozbek", "ozbeki", "kazakh", "kazaks", "kazakt", "kazax", "kazaxs", "qazaqs",
    "qazaq", "turkme", "turkma", "turkmo", "ukrain", "ukrayi", "russia", "rossiy", "rossii", "rossia", "orusiy",
    "resey", "reseyd", "russiy", "moskva", "moscow", "moskve", "moskov", "putin", "vladim", "bishke", "toshke",
    "tashke", "dushan", "dusha", "astana", "astane", "astany", "almaty", "alma-a", "ashgab", "ashxab", "asgaba",
    "tsentr", "sentra", "markaz", "osiyo", "ozbeks", "kyrgys", "rusiya", "rusiy", "maskav", "orusiya", "resei",
    "rosiya",
    // Ministries every report cites (defence, foreign affairs, labour).
    "minobo", "minist", "mudofa", "defens", "vazora", "vazir", "mid", "tashqi", "foreig", "sledst", "invest",
    // The criminal code, cited by every mercenarism case.
    "jinoya", "ugolov", "kylmys", "kylmyş", "kodeks", "crimin", "qylmys", "jinoiy",
    // Days and months, capitalized in English.
    "monday", "tuesda", "wednes", "thursd", "friday", "saturd", "sunday", "januar", "februa", "march", "april", "june",
    "july", "august", "septem", "octobe", "novemb", "decemb"};

// A year says when, not what: every report of a year shares it.
bool is_year(const std::u32string& digits) {
  if (digits.size() != 4) return false;
  const auto century = digits.substr(0, 2);
  return century == U"19" || century == U"20";
}

// The articles on mercenarism (Uzbekistan 154, Russia 359, Kyrgyzstan 375,
// Kazakhstan 170, Tajikistan 401): every such case cites its country's.
bool mercenarism_article(const std::u32string& digits) {
  return digits == U"154" || digits == U"359" || digits == U"375" || digits == U"170" || digits == U"401";
}

bool too_common(std::string_view key) {
  return std::find(kTooCommon.begin(), kTooCommon.end(), key) != kTooCommon.end();
}

bool is_word_char(UChar32 c) {
  return u_isalnum(c) || c == '_' || c == '\'' || c == 0x2BB || c == 0x2019 || c == 0x2018 || c == 0x2BC || c == '-';
}

bool all_capitals(const std::u32string& word) {
  return std::none_of(word.begin(), word.end(), [](char32_t c) { return u_islower(static_cast<UChar32>(c)); });
}

std::string utf8_of(const std::u32string& word) {
  std::string out;
  for (const char32_t c : word) append_utf8(out, c);
  return out;
}

std::string first_letters(const std::string& folded, size_t count) {
  size_t i = 0;
  for (size_t letters = 0; i < folded.size() && letters < count; ++letters) decode_utf8(folded, i);
  return folded.substr(0, i);
}

// A word's key: "#NN" for a number, the folded first letters of a
// capitalized word, or "" for anything else.
std::string key_of(std::u32string word) {
  while (!word.empty() && (word.front() == '-' || word.front() == '\'')) word.erase(word.begin());
  while (!word.empty() && (word.back() == '-' || word.back() == '\'')) word.pop_back();
  if (word.empty()) return {};
  size_t digits = 0;
  while (digits < word.size() && u_isdigit(static_cast<UChar32>(word[digits]))) ++digits;
  if (digits >= 2) {
    const auto number = word.substr(0, digits);
    // A year says when, not what; "груз 200" is a coffin, whatever the event.
    return is_year(number) || number == U"200" || mercenarism_article(number) ? std::string() : "#" + utf8_of(number);
  }
  if (digits != 0 || word.size() < 4 || !u_isupper(static_cast<UChar32>(word[0])) || all_capitals(word)) return {};
  auto folded = text::fold_script(text::normalize(utf8_of(word)));
  std::erase(folded, '\'');
  auto key = first_letters(folded, 6);
  return too_common(key) ? std::string() : key;
}

bool ends_sentence(char32_t c) {
  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == 0xAB || c == '"' || c == 0x201C ||
         c == 0x201E || c == 0x2014 || c == '\n';
}

struct Word {
  std::string key;
  bool sentence_start;  // capitalized because it begins a sentence, perhaps
};

// The words of one segment (a title, a summary) with their keys.
std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> out;
  std::u32string word;
  bool at_start = true;
  auto flush = [&] {
    if (word.empty()) return;
    out.push_back({key_of(word), at_start});
    at_start = false;
    word.clear();
  };
  for (size_t i = 0; i < text.size();) {
    const auto c = decode_utf8(text, i);
    if (is_word_char(static_cast<UChar32>(c))) {
      word.push_back(c);
      continue;
    }
    flush();
    if (ends_sentence(c)) at_start = true;
  }
  flush();
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

store::StoryKeys story_keys(const store::ItemRecord& item, const match::Matcher& kinds) {
  store::StoryKeys keys;
  auto names = names_and_numbers(item.title.value_or(""), item.summary.value_or(""));
  keys.names = std::move(names.names);
  keys.weak_names = std::move(names.weak_names);
  for (const auto& m : kinds.match({.title = item.title.value_or(""), .summary = item.summary.value_or("")})) {
    (m.rule[0] == 'k' ? keys.kinds : keys.countries).push_back(m.rule.substr(2));
  }
  return keys;
}

}  // namespace khabar::service
