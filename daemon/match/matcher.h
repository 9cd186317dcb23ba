// All rules compiled into one structure: a byte trie of the words every rule
// uses (exact and prefix words), and for each word the rules that use it.
// Matching an item is one pass over its tokens, each walked down the trie
// once, recording which words occur where; then only the rules that some hit
// word can satisfy are evaluated over those hits.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "match/query.h"
#include "text/normalizer.h"
#include "text/stemmer.h"
#include "util/result.h"

namespace khabar::match {

struct RuleSpec {
  std::string name;
  std::string query;
};

struct RuleMatch {
  std::string rule;
  std::vector<std::string> terms;    // the words of the text that satisfied the rule, as written (lower case)
  std::vector<std::string> sources;  // for each term, the @list term it matched as written there ("" if none)
};

// One item as the matcher sees it: plain text in three fields (title,
// summary, and content: the full text or the article). Phrases and NEAR
// never span fields.
struct MatchInput {
  std::string_view title = {};
  std::string_view summary = {};
  std::string_view content = {};
  std::string_view language = {};  // BCP 47, e.g. "ky" or "uz-Cyrl"; for lang:
  std::string_view feed = {};      // the feed's name; for feed:
  // Fields already tokenized (text::tokenize of the field above), when the
  // caller has them for other uses: not tokenized again. Each independently.
  const text::TokenizedText* title_tokens = nullptr;
  const text::TokenizedText* summary_tokens = nullptr;
  const text::TokenizedText* content_tokens = nullptr;
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
  // Word ids held in the node itself: evaluating a node then touches one
  // cache line instead of chasing a pointer to its own words.
  using WordIds = boost::container::small_vector<int, 3>;
  struct CompiledNode;
  // A named list is compiled once and shared by every use of it (the
  // default rules use their lists hundreds of times): the compiled rules
  // then fit in the cache instead of spreading over tens of megabytes.
  using NodePtr = std::shared_ptr<const CompiledNode>;
  struct CompiledNode {
    QueryNode::Kind kind;
    WordIds word_ids;  // kWords: one id per phrase word
    std::vector<NodePtr> children;
    std::vector<double> weights;
    bool weights_nonnegative = true;  // kScore: so reaching the threshold is final
    double threshold = 0;
    int distance = 0;
    std::string value;
    // kField: which field, decided when compiled (not by comparing names at
    // every visit); kHeadline is a merged "title:@x OR summary:@x".
    enum class Scope : unsigned char { kTitle, kSummary, kContent, kHeadline } scope = Scope::kContent;
    std::string list_term;
    // kOr, kScore: the children with trigger words, as (trigger word id,
    // child index) sorted by word id, so that a list is decided from the
    // few words the item holds instead of child by child; and the children
    // without triggers, evaluated always.
    std::vector<std::pair<int, int>> child_triggers;
    std::vector<int> other_children;
    // A node with many child triggers (a big list, an OR of lists): its
    // place in the index from words to the children they trigger, from
    // which each item finds its candidate children once (see
    // children_by_word_). -1 for others, whose few triggers are checked one
    // by one.
    int indexed_id = -1;
    // Every way the node can hold needs one of these dictionary words in the
    // item (sorted; empty when the node can hold without words, or when no
    // such set is known). Lets an item skip whole subtrees, NOT clauses and
    // NEAR groups whose words it does not hold, without evaluating them.
    WordIds triggers;
    bool needs_words = false;
    // A named list (kOr, kScore): the same for every use of the list with the
    // same threshold, so that an item decides it once per field, however
    // many rules and clauses use it. -1 for other nodes.
    int memo_id = -1;
  };
  struct CompiledRule {
    std::string name;
    CompiledNode root;
  };
  class Evaluation;

  struct TrieNode {
    std::vector<std::pair<unsigned char, int>> children;  // sorted by byte
    std::vector<int> dense;        // a node with many children: the child by byte (-1: none), made after compiling
    int exact_id = -1;             // a whole word ends here
    int prefix_id = -1;            // a prefix* word ends here
    std::vector<int> stem_checks;  // indexes of stem_targets_ whose forms start here
  };
  // A word~ in one language: tokens passing its trie node are stemmed in
  // that language and compared with `stem`.
  struct StemTarget {
    text::StemLanguage language;
    std::string stem;
    int word_id;
  };

  // Lists by word id packed end to end: an item's words find theirs in one
  // array, not each in an allocation of its own (a cache miss apiece).
  template <typename T>
  class PackedLists {
   public:
    PackedLists() = default;
    explicit PackedLists(const std::vector<std::vector<T>>& lists) {
      starts_.reserve(lists.size() + 1);
      for (const auto& list : lists) {
        values_.insert(values_.end(), list.begin(), list.end());
        starts_.push_back(static_cast<std::uint32_t>(values_.size()));
      }
    }
    std::span<const T> operator[](size_t i) const {
      return {values_.data() + starts_[i], values_.data() + starts_[i + 1]};
    }
    size_t memory_bytes() const { return starts_.capacity() * sizeof(std::uint32_t) + values_.capacity() * sizeof(T); }

   private:
    std::vector<std::uint32_t> starts_{0};
    std::vector<T> values_;
  };

  static bool needs_words(const CompiledNode& node);
  static WordIds triggers_of(const CompiledNode& node);
  NodePtr compile_node(const QueryNode& node);
  static bool field_additive(const CompiledNode& node);
  static void merge_headline_fields(CompiledNode& node);
  int word_id(const Word& word);
  int stem_word_id(const Word& word);
  int trie_node(const std::string& path);
  int trie_child(int node, unsigned char byte) const;
  void index_trie();
  void index_children_by_word();
  static void index_rule(const CompiledNode& node, int rule, std::vector<std::vector<int>>& rules_by_word);
  const std::vector<int>& candidate_rules(const std::vector<int>& words) const;
  // Calls hit(word id) for every dictionary word the token matches;
  // `surface` gives the token as written (normalized) when a stem needs it.
  // Returns false when a stem was checked (the result then depends on the
  // token as written, not only on its folded form).
  template <typename Surface, typename Hit>
  bool lookup(const std::string& token, Surface&& surface, Hit&& hit) const;

  std::vector<CompiledRule> rules_;
  std::vector<TrieNode> trie_{TrieNode{}};
  PackedLists<int> rules_by_word_;        // word id → rules using it
  std::vector<int> unconditional_rules_;  // rules that can hold with no word (lang:, feed:)
  std::vector<StemTarget> stem_targets_;
  std::map<std::string, int> stem_word_ids_;  // by folded word
  std::map<std::string, NodePtr> lists_;      // the compiled lists, by name and threshold
  // Word id → the children it triggers in the indexed nodes, as (indexed
  // id, child index): an item finds every big list's candidate children from
  // its own few words once, instead of looking up each of its words in each
  // list at every visit.
  PackedLists<std::pair<int, int>> children_by_word_;
  std::vector<NodePtr> indexed_nodes_;  // by indexed id (a rule's root is copied out: these keep theirs)
  int word_count_ = 0;
  // Tells this compiled dictionary from others, for the per-thread cache of
  // what each folded token hits.
  std::uint64_t serial_ = 0;
};

}  // namespace khabar::match
