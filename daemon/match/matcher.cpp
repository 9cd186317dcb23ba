#include "match/matcher.h"

#include <algorithm>
#include <cctype>

#include "text/normalizer.h"

namespace khabar::match {
namespace {

using Kind = QueryNode::Kind;

// Summary positions start this far after the title's, so that phrases and
// NEAR never reach from one field into the other.
constexpr int kSummaryOffset = 1 << 20;

struct Window {
  int lo = 0;
  int hi = 1 << 30;
};

struct Span {
  int first = 0;  // token index of the first word
  int last = 0;   // token index of the last word
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// lang:uz matches "uz", "uz-Latn" and "uz-Cyrl"; lang:uz-Cyrl only the last.
bool language_matches(std::string_view wanted, std::string_view actual) {
  if (iequals(wanted, actual)) return true;
  return actual.size() > wanted.size() && actual[wanted.size()] == '-' && iequals(wanted, actual.substr(0, wanted.size()));
}

void add_term(std::vector<std::string>* terms, std::string term) {
  if (terms && std::find(terms->begin(), terms->end(), term) == terms->end()) terms->push_back(std::move(term));
}

}  // namespace

// Per-item state: for each dictionary word, the token indices that hit it.
class Matcher::Evaluation {
 public:
  Evaluation(const Matcher& matcher, std::vector<text::Token> tokens, const MatchInput& input)
      : matcher_(matcher), tokens_(std::move(tokens)), input_(input), hits_(static_cast<size_t>(matcher.word_count_)) {
    for (size_t i = 0; i < tokens_.size(); ++i) record(tokens_[i].text, static_cast<int>(i));
  }

  bool holds(const CompiledNode& node, Window window, std::vector<std::string>* terms) const {
    switch (node.kind) {
      case Kind::kWords:
      case Kind::kNear: {
        std::vector<Span> found;
        spans(node, window, found, 1);
        if (!found.empty()) add_span_terms(found.front(), terms);
        return !found.empty();
      }
      case Kind::kNot: return !holds(node.children.front(), window, nullptr);
      case Kind::kAnd: return holds_all(node, window, terms);
      case Kind::kOr: {
        bool any = false;
        for (const auto& child : node.children) any = holds(child, window, terms) || any;  // collect every hit
        return any;
      }
      case Kind::kField: return holds(node.children.front(), field_window(node.value, window), terms);
      case Kind::kLang: return language_matches(node.value, input_.language);
      case Kind::kFeed: return iequals(node.value, input_.feed);
      case Kind::kScore: return holds_score(node, window, terms);
    }
    return false;
  }

 private:
  void record(const std::string& word, int index) {
    if (auto it = matcher_.exact_.find(word); it != matcher_.exact_.end()) {
      hits_[static_cast<size_t>(it->second)].push_back(index);
    }
    if (matcher_.prefixes_.empty()) return;
    const size_t limit = std::min(word.size(), matcher_.max_prefix_bytes_);
    for (size_t length = 1; length <= limit; ++length) {
      if (length < word.size() && (static_cast<unsigned char>(word[length]) & 0xC0) == 0x80) continue;
      if (auto it = matcher_.prefixes_.find(word.substr(0, length)); it != matcher_.prefixes_.end()) {
        hits_[static_cast<size_t>(it->second)].push_back(index);
      }
    }
  }

  int position(int index) const { return tokens_[static_cast<size_t>(index)].position; }
  bool inside(int index, Window w) const { return position(index) >= w.lo && position(index) < w.hi; }

  static Window field_window(const std::string& field, Window outer) {
    const Window field_range = field == "title" ? Window{0, kSummaryOffset} : Window{kSummaryOffset, 1 << 30};
    return {std::max(outer.lo, field_range.lo), std::min(outer.hi, field_range.hi)};
  }

  // Where a position-bearing node holds; at most `limit` spans (0: all).
  void spans(const CompiledNode& node, Window window, std::vector<Span>& out, size_t limit) const {
    switch (node.kind) {
      case Kind::kWords: return phrase_spans(node, window, out, limit);
      case Kind::kOr:
        for (const auto& child : node.children) spans(child, window, out, 0);
        return;
      case Kind::kField: return spans(node.children.front(), field_window(node.value, window), out, limit);
      case Kind::kNear: return near_spans(node, window, out);
      default: return;
    }
  }

  void phrase_spans(const CompiledNode& node, Window window, std::vector<Span>& out, size_t limit) const {
    for (const int start : hits_[static_cast<size_t>(node.word_ids.front())]) {
      if (!inside(start, window)) continue;
      bool all = true;
      for (size_t k = 1; k < node.word_ids.size() && all; ++k) {
        const int wanted = start + static_cast<int>(k);
        const auto& later = hits_[static_cast<size_t>(node.word_ids[k])];
        all = std::find(later.begin(), later.end(), wanted) != later.end() &&
              position(wanted) == position(start) + static_cast<int>(k);
      }
      if (!all) continue;
      out.push_back({start, start + static_cast<int>(node.word_ids.size()) - 1});
      if (limit && out.size() >= limit) return;
    }
  }

  void near_spans(const CompiledNode& node, Window window, std::vector<Span>& out) const {
    std::vector<Span> left, right;
    spans(node.children[0], window, left, 0);
    spans(node.children[1], window, right, 0);
    for (const auto& a : left) {
      for (const auto& b : right) {
        const int gap = std::max(position(a.first), position(b.first)) - std::min(position(a.last), position(b.last));
        if (gap <= node.distance) out.push_back({std::min(a.first, b.first), std::max(a.last, b.last)});
      }
    }
  }

  void add_span_terms(const Span& span, std::vector<std::string>* terms) const {
    if (!terms) return;
    std::string phrase;
    for (int i = span.first; i <= span.last; ++i) {
      if (span.last - span.first > 8 && i > span.first && i < span.last) continue;  // NEAR: the two ends
      phrase += (phrase.empty() ? "" : " ") + tokens_[static_cast<size_t>(i)].surface;
    }
    add_term(terms, std::move(phrase));
  }

  bool holds_all(const CompiledNode& node, Window window, std::vector<std::string>* terms) const {
    std::vector<std::string> local;  // terms count only when the whole conjunction holds
    for (const auto& child : node.children) {
      if (!holds(child, window, terms ? &local : nullptr)) return false;
    }
    for (auto& term : local) add_term(terms, std::move(term));
    return true;
  }

  bool holds_score(const CompiledNode& node, Window window, std::vector<std::string>* terms) const {
    double score = 0;
    std::vector<std::string> local;
    for (size_t i = 0; i < node.children.size(); ++i) {
      if (holds(node.children[i], window, &local)) score += node.weights[i];
    }
    if (score < node.threshold) return false;
    for (auto& term : local) add_term(terms, std::move(term));
    return true;
  }

  const Matcher& matcher_;
  std::vector<text::Token> tokens_;
  const MatchInput& input_;
  std::vector<std::vector<int>> hits_;
};

Result<Matcher> Matcher::compile(const std::vector<RuleSpec>& rules, const TermLists& lists) {
  Matcher matcher;
  for (const auto& rule : rules) {
    auto query = parse_query(rule.query, lists);
    if (!query) {
      return make_error(ErrorKind::kInvalidInput, "rule \"" + rule.name + "\": " + query.error().message);
    }
    matcher.rules_.push_back({rule.name, matcher.compile_node(**query)});
  }
  return matcher;
}

int Matcher::word_id(const Word& word) {
  auto& table = word.prefix ? prefixes_ : exact_;
  auto [it, inserted] = table.emplace(word.text, word_count_);
  if (inserted) {
    ++word_count_;
    if (word.prefix) max_prefix_bytes_ = std::max(max_prefix_bytes_, word.text.size());
  }
  return it->second;
}

Matcher::CompiledNode Matcher::compile_node(const QueryNode& node) {
  CompiledNode out{node.kind, {}, {}, node.weights, node.threshold, node.distance, node.value};
  for (const auto& word : node.words) out.word_ids.push_back(word_id(word));
  for (const auto& child : node.children) out.children.push_back(compile_node(*child));
  return out;
}

std::vector<RuleMatch> Matcher::match(const MatchInput& input) const {
  auto tokens = text::tokenize(input.title);
  for (auto& token : text::tokenize(input.summary)) {
    token.position += kSummaryOffset;
    tokens.push_back(std::move(token));
  }
  const Evaluation evaluation(*this, std::move(tokens), input);
  std::vector<RuleMatch> matches;
  for (const auto& rule : rules_) {
    RuleMatch match{rule.name, {}};
    if (evaluation.holds(rule.root, Window{}, &match.terms)) matches.push_back(std::move(match));
  }
  return matches;
}

size_t Matcher::memory_bytes() const {
  size_t bytes = sizeof(*this);
  for (const auto* table : {&exact_, &prefixes_}) {
    bytes += table->bucket_count() * sizeof(void*);
    for (const auto& [word, id] : *table) bytes += sizeof(std::pair<std::string, int>) + 16 + word.capacity();
  }
  std::vector<const CompiledNode*> stack;
  for (const auto& rule : rules_) {
    bytes += sizeof(CompiledRule) + rule.name.capacity();
    stack.push_back(&rule.root);
  }
  while (!stack.empty()) {
    const auto* node = stack.back();
    stack.pop_back();
    bytes += node->word_ids.capacity() * sizeof(int) + node->children.capacity() * sizeof(CompiledNode) +
             node->weights.capacity() * sizeof(double) + node->value.capacity();
    for (const auto& child : node->children) stack.push_back(&child);
  }
  return bytes;
}

}  // namespace khabar::match
