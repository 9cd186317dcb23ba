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
constexpr std::array<const char*, 23> kKindLists{
    "death",   "casualty",   "captivity",          "pow_project",       "mercenary",  "court",
    "recruit", "summons",    "citizenship",        "russian_citizenship", "revoke_citizenship", "volunteers",
    "diaspora", "warning",   "families",           "desertion",         "detention",  "raids",
    "lists",   "callup_russia", "airport",         "sign_contract",     "contract"};

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
constexpr std::array<std::string_view, 40> kTooCommon{
    "kyrgyz", "kirgiz", "kirghi", "qirgiz", "qyrgyz", "gyrgyz", "tajik", "tajiki", "tojik", "tojiki", "tadjik", "tadjic",
    "uzbek", "uzbeki", "ozbek", "ozbeki", "kazakh", "kazaks", "kazakt", "qazaqs", "qazaq", "turkme", "turkma", "turkmo",
    "ukrain", "ukrayi", "russia", "rossiy", "rossii", "rossia", "orusiy", "resey", "reseyd", "russiy", "moskva",
    "moscow", "moskve", "rossiy", "putin", "vladim"};

bool too_common(std::string_view key) {
  return std::find(kTooCommon.begin(), kTooCommon.end(), key) != kTooCommon.end();
}

bool is_word_char(UChar32 c) { return u_isalnum(c) || c == '_' || c == '\'' || c == 0x2BB || c == 0x2019 || c == 0x2018 || c == 0x2BC || c == '-'; }

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

void add_word(std::u32string word, std::vector<std::string>& out) {
  while (!word.empty() && (word.front() == '-' || word.front() == '\'')) word.erase(word.begin());
  while (!word.empty() && (word.back() == '-' || word.back() == '\'')) word.pop_back();
  if (word.empty()) return;
  size_t digits = 0;
  while (digits < word.size() && u_isdigit(static_cast<UChar32>(word[digits]))) ++digits;
  std::string key;
  if (digits >= 2) key = "#" + utf8_of(word.substr(0, digits));
  else if (digits == 0 && word.size() >= 4 && u_isupper(static_cast<UChar32>(word[0])) && !all_capitals(word)) {
    auto folded = text::fold_script(text::normalize(utf8_of(word)));
    std::erase(folded, '\'');
    key = first_letters(folded, 6);
    if (too_common(key)) key.clear();
  }
  if (!key.empty() && std::find(out.begin(), out.end(), key) == out.end()) out.push_back(std::move(key));
}

}  // namespace

std::vector<std::string> names_and_numbers(std::string_view text) {
  std::vector<std::string> out;
  std::u32string word;
  for (size_t i = 0; i < text.size();) {
    const auto c = decode_utf8(text, i);
    if (is_word_char(static_cast<UChar32>(c))) {
      word.push_back(c);
    } else if (!word.empty()) {
      add_word(std::move(word), out);
      word.clear();
    }
  }
  if (!word.empty()) add_word(std::move(word), out);
  return out;
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
  keys.names = names_and_numbers(item.title.value_or("") + ". " + item.summary.value_or(""));
  for (const auto& m : kinds.match({.title = item.title.value_or(""), .summary = item.summary.value_or("")})) {
    (m.rule[0] == 'k' ? keys.kinds : keys.countries).push_back(m.rule.substr(2));
  }
  return keys;
}

}  // namespace khabar::service
