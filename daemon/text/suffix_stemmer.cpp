#include "text/suffix_stemmer.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "suffix_table.h"  // generated from text/suffixes.tsv
#include "text/normalizer.h"
#include "text/script_fold.h"
#include "util/utf8.h"

namespace khabar::text {
namespace {

using Letters = std::u32string;

Letters to_letters(std::string_view utf8) {
  Letters out;
  for (size_t i = 0; i < utf8.size();) out.push_back(decode_utf8(utf8, i));
  return out;
}

std::string to_utf8(const Letters& letters) {
  std::string out;
  for (const char32_t c : letters) append_utf8(out, c);
  return out;
}

// A word of the table as the tokenizer would give it: normalized and folded.
Letters folded(std::string_view word) { return to_letters(fold_script(normalize(word))); }

struct Suffix {
  Letters letters;
  std::string after;  // the class the letter before it must belong to; empty: any
  bool final = false;
};

struct Language {
  size_t min_stem = 4;
  std::map<std::string, std::set<char32_t>> classes;
  std::vector<Suffix> suffixes;                       // longest first
  std::vector<std::pair<Letters, Letters>> stem_end;  // longest FROM first
};

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> out;
  while (true) {
    const auto tab = line.find('\t');
    out.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) return out;
    line.remove_prefix(tab + 1);
  }
}

class Tables {
 public:
  Tables() {
    std::string_view data = kSuffixTable;
    while (!data.empty()) {
      const auto end = data.find('\n');
      read_line(data.substr(0, end));
      data = end == std::string_view::npos ? std::string_view{} : data.substr(end + 1);
    }
    for (auto& [name, language] : languages_) {
      auto longest_first = [](const auto& a, const auto& b) {
        return a.size() > b.size() || (a.size() == b.size() && a < b);
      };
      std::sort(language.suffixes.begin(), language.suffixes.end(),
                [&](const Suffix& a, const Suffix& b) { return longest_first(a.letters, b.letters); });
      std::sort(language.stem_end.begin(), language.stem_end.end(),
                [&](const auto& a, const auto& b) { return longest_first(a.first, b.first); });
    }
  }

  const Language* find(std::string_view name) const {
    const auto it = languages_.find(std::string(name));
    return it == languages_.end() ? nullptr : &it->second;
  }

 private:
  void read_line(std::string_view line) {
    if (line.empty()) return;
    const auto fields = fields_of(line);
    if (line[0] == '#') return read_directive(fields);
    if (fields.size() != 4) return;
    add_suffix(languages_[std::string(fields[0])], fields[1], fields[2]);
  }

  void read_directive(const std::vector<std::string_view>& fields) {
    std::string_view name = fields[0];
    name.remove_prefix(std::min(name.find_first_not_of("# "), name.size()));
    if (name == "min_stem" && fields.size() == 3) {
      languages_[std::string(fields[1])].min_stem = std::stoul(std::string(fields[2]));
    } else if (name == "class" && fields.size() == 4) {
      const auto letters = to_letters(fields[3]);
      languages_[std::string(fields[1])].classes[std::string(fields[2])] = {letters.begin(), letters.end()};
    } else if (name == "stem_end" && fields.size() == 4) {
      languages_[std::string(fields[1])].stem_end.emplace_back(folded(fields[2]), folded(fields[3]));
    }
  }

  static void add_suffix(Language& language, std::string_view suffix, std::string_view kind) {
    Suffix entry{folded(suffix), {}, false};
    if (entry.letters.empty()) return;
    for (size_t at = kind.find(':'); at != std::string_view::npos; at = kind.find(':', at + 1)) {
      const auto modifier = kind.substr(at + 1, kind.find(':', at + 1) - at - 1);
      if (modifier == "final") entry.final = true;
      if (modifier.rfind("after=", 0) == 0) entry.after = std::string(modifier.substr(6));
    }
    auto same = std::find_if(language.suffixes.begin(), language.suffixes.end(),
                             [&](const Suffix& s) { return s.letters == entry.letters; });
    if (same == language.suffixes.end())
      language.suffixes.push_back(std::move(entry));
    else
      same->final = same->final && entry.final;  // final only if every listing says so
  }

  std::map<std::string, Language> languages_;
};

const Tables& tables() {
  static const Tables instance;
  return instance;
}

bool allowed_after(const Language& language, const Suffix& suffix, const Letters& word, size_t rest) {
  if (suffix.after.empty()) return true;
  const auto it = language.classes.find(suffix.after);
  return it != language.classes.end() && it->second.count(word[rest - 1]) > 0;
}

// The longest suffix that may be stripped from `word` in this round.
const Suffix* strippable(const Language& language, const Letters& word, int round) {
  for (const auto& suffix : language.suffixes) {
    if (suffix.final && round > 0) continue;
    if (word.size() < suffix.letters.size() + language.min_stem) continue;
    const size_t rest = word.size() - suffix.letters.size();
    if (!allowed_after(language, suffix, word, rest)) continue;
    if (word.compare(rest, suffix.letters.size(), suffix.letters) == 0) return &suffix;
  }
  return nullptr;
}

constexpr int kMaxRounds = 6;

}  // namespace

bool has_suffix_table(std::string_view language) { return tables().find(language) != nullptr; }

std::string suffix_stem(std::string_view language_name, std::string_view folded_word) {
  const Language* language = tables().find(language_name);
  if (!language) return std::string(folded_word);
  Letters word = to_letters(folded_word);
  for (int round = 0; round < kMaxRounds; ++round) {
    const Suffix* suffix = strippable(*language, word, round);
    if (!suffix) break;
    word.resize(word.size() - suffix->letters.size());
  }
  if (word.size() >= language->min_stem) {
    for (const auto& [from, to] : language->stem_end) {
      if (word.size() >= from.size() && word.compare(word.size() - from.size(), from.size(), from) == 0) {
        word.replace(word.size() - from.size(), from.size(), to);
        break;
      }
    }
  }
  return to_utf8(word);
}

}  // namespace khabar::text
