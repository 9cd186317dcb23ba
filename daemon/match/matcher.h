// All rules compiled into one structure: a dictionary of the words every rule
// uses (exact words in a hash map, prefix words in another, looked up by each
// prefix of a token). Matching an item is one pass over its tokens, then a
// cheap evaluation of each rule over the words that were hit.
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
  std::vector<std::string> terms;  // the words of the text that satisfied the rule
};

// The text of one item as the matcher sees it. Phrases never span fields.
struct MatchInput {
  std::string_view title;
  std::string_view summary;
};

class Matcher {
 public:
  // Fails with the first rule whose query does not parse:
  // "rule \"NAME\": column N: ...".
  static Result<Matcher> compile(const std::vector<RuleSpec>& rules);

  // The rules the input satisfies, in rule order. Thread-safe (const).
  std::vector<RuleMatch> match(const MatchInput& input) const;

  size_t rule_count() const { return rules_.size(); }

 private:
  struct CompiledNode {
    QueryNode::Kind kind;
    std::vector<int> word_ids;  // kWords: one id per phrase word
    std::vector<CompiledNode> children;
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
