// All rules compiled into one structure: a dictionary of the words every rule
// uses (exact words in a hash map, prefix words in another, looked up by each
// prefix of a token). Matching an item is one pass over its tokens to record
// which dictionary words occur where, then a cheap evaluation of each rule
// over those hits.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "match/query.h"
#include "util/result.h"

namespace khabar::match {

struct RuleSpec {
  std::string name;
  std::string query;
};

struct RuleMatch {
  std::string rule;
  std::vector<std::string> terms;  // the words of the text that satisfied the rule, as written (lower case)
};

// One item as the matcher sees it. Phrases and NEAR never span fields.
struct MatchInput {
  std::string_view title;
  std::string_view summary;
  std::string_view language;  // BCP 47, e.g. "ky" or "uz-Cyrl"; for lang:
  std::string_view feed;      // the feed's name; for feed:
};

class Matcher {
 public:
  // Fails with the first rule whose query does not parse:
  // "rule \"NAME\": column N: ...".
  static Result<Matcher> compile(const std::vector<RuleSpec>& rules, const TermLists& lists = {});

  // The rules the input satisfies, in rule order. Thread-safe (const).
  std::vector<RuleMatch> match(const MatchInput& input) const;

  size_t rule_count() const { return rules_.size(); }
  size_t word_count() const { return static_cast<size_t>(word_count_); }
  // Bytes held by the compiled rules and dictionary (an estimate).
  size_t memory_bytes() const;

 private:
  struct CompiledNode {
    QueryNode::Kind kind;
    std::vector<int> word_ids;  // kWords: one id per phrase word
    std::vector<CompiledNode> children;
    std::vector<double> weights;
    double threshold = 0;
    int distance = 0;
    std::string value;
  };
  struct CompiledRule {
    std::string name;
    CompiledNode root;
  };
  class Evaluation;

  CompiledNode compile_node(const QueryNode& node);
  int word_id(const Word& word);

  std::vector<CompiledRule> rules_;
  std::unordered_map<std::string, int> exact_;
  std::unordered_map<std::string, int> prefixes_;
  size_t max_prefix_bytes_ = 0;
  int word_count_ = 0;
};

}  // namespace khabar::match
