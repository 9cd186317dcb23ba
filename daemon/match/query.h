// The rule query language: words, prefix* terms, "quoted phrases",
// AND / OR / NOT (upper case) and parentheses; adjacent terms are ANDed.
// Words are normalized like the text they are matched against.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace khabar::match {

struct Word {
  std::string text;     // normalized
  bool prefix = false;  // written with a trailing *
};

struct QueryNode {
  enum class Kind { kWords, kAnd, kOr, kNot };
  Kind kind = Kind::kWords;
  std::vector<Word> words;  // kWords: one word, or a phrase of consecutive words
  std::vector<std::unique_ptr<QueryNode>> children;  // kAnd, kOr: two or more; kNot: one
};

using Query = std::unique_ptr<QueryNode>;

// Parses `text`. Errors are kInvalidInput: "column N: what is wrong"
// (1-based column, counted in characters).
Result<Query> parse_query(std::string_view text);

// Canonical text of a query, e.g. `(кыргыз* OR tajik*) AND "груз 200"`.
std::string to_string(const QueryNode& node);

}  // namespace khabar::match
