// The rule query language (docs/rules.md): words, prefix* terms, "quoted
// phrases", AND / OR / NOT (upper case) and parentheses, A NEAR/n B, field
// scope (title:, summary:, content:), word~ for every form of a word,
// filters (lang:, feed:), named term lists (@name)
// and weighted lists with a threshold (@name>=N). Adjacent terms are ANDed.
// Words are normalized and script-folded like the text they are matched
// against.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.h"

namespace khabar::match {

struct Word {
  std::string text;     // normalized and folded
  bool prefix = false;  // written with a trailing *
  bool stem = false;    // written with a trailing ~: any form of the word (text/stemmer.h)
  std::string surface;  // stem: normalized, not folded (Snowball reads it)
};

struct QueryNode {
  enum class Kind { kWords, kAnd, kOr, kNot, kNear, kField, kLang, kFeed, kScore };
  Kind kind = Kind::kWords;
  std::vector<Word> words;                           // kWords: a word, or a phrase
  std::vector<std::unique_ptr<QueryNode>> children;  // kAnd, kOr: 2+; kNot, kField: 1; kNear: 2; kScore: the list
  std::vector<double> weights;                       // kScore: one per child
  double threshold = 0;                              // kScore
  int distance = 0;                                  // kNear: at most this many words apart
  std::string list_term;                             // the @list term this node came from, as written ("" if none)
  std::string value;                                 // kField: "title"/"summary"/"content"; kLang, kFeed: the value;
                                                     // kScore: the list's name
};

using Query = std::unique_ptr<QueryNode>;

// A named list of terms, each a query fragment ("кыргыз*", "\"груз 200\"")
// with a weight (1 for plain lists).
struct TermList {
  std::vector<std::pair<std::string, double>> terms;
};
using TermLists = std::map<std::string, TermList, std::less<>>;

// Parses `text`, expanding @lists from `lists`. Errors are kInvalidInput:
// "column N: what is wrong" (1-based, in characters). Linear in the text;
// parentheses and NOTs nest at most kMaxNesting deep.
inline constexpr int kMaxNesting = 100;
Result<Query> parse_query(std::string_view text, const TermLists& lists = {});

// Canonical text of a query, e.g. `(kyrgyz* OR tajik*) AND "gruz 200"`.
std::string to_string(const QueryNode& node);

}  // namespace khabar::match
