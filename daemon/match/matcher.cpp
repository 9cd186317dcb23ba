#include "match/matcher.h"

#include <algorithm>

#include "text/normalizer.h"

namespace khabar::match {

// Per-item state: for each dictionary word, the token positions that hit it.
class Matcher::Evaluation {
 public:
  Evaluation(const Matcher& matcher, std::vector<text::Token> tokens)
      : matcher_(matcher), tokens_(std::move(tokens)), hits_(static_cast<size_t>(matcher.word_count_)) {
    for (size_t i = 0; i < tokens_.size(); ++i) record(tokens_[i], static_cast<int>(i));
  }

  bool eval(const CompiledNode& node, std::vector<std::string>* terms) const {
    switch (node.kind) {
      case QueryNode::Kind::kWords: return eval_words(node, terms);
      case QueryNode::Kind::kNot: return !eval(node.children.front(), nullptr);
      case QueryNode::Kind::kAnd: {
        // Terms count only when the whole conjunction holds.
        std::vector<std::string> local;
        for (const auto& child : node.children) {
          if (!eval(child, terms ? &local : nullptr)) return false;
        }
        if (terms) {
          for (auto& term : local) {
            if (std::find(terms->begin(), terms->end(), term) == terms->end()) terms->push_back(std::move(term));
          }
        }
        return true;
      }
      case QueryNode::Kind::kOr: {
        bool any = false;
        for (const auto& child : node.children) any = eval(child, terms) || any;  // collect every term hit
        return any;
      }
    }
    return false;
  }

 private:
  void record(const text::Token& token, int index) {
    if (auto it = matcher_.exact_.find(token.text); it != matcher_.exact_.end()) {
      hits_[static_cast<size_t>(it->second)].push_back(index);
    }
    if (matcher_.prefixes_.empty()) return;
    const auto& word = token.text;
    const size_t limit = std::min(word.size(), matcher_.max_prefix_bytes_);
    for (size_t length = 1; length <= limit; ++length) {
      if (length < word.size() && (static_cast<unsigned char>(word[length]) & 0xC0) == 0x80) continue;
      if (auto it = matcher_.prefixes_.find(word.substr(0, length)); it != matcher_.prefixes_.end()) {
        hits_[static_cast<size_t>(it->second)].push_back(index);
      }
    }
  }

  bool eval_words(const CompiledNode& node, std::vector<std::string>* terms) const {
    const auto& first = hits_[static_cast<size_t>(node.word_ids.front())];
    for (const int start : first) {
      bool all = true;
      for (size_t k = 1; k < node.word_ids.size() && all; ++k) {
        const auto& later = hits_[static_cast<size_t>(node.word_ids[k])];
        const int wanted = start + static_cast<int>(k);
        all = std::find(later.begin(), later.end(), wanted) != later.end() &&
              tokens_[static_cast<size_t>(wanted)].position == tokens_[static_cast<size_t>(start)].position + static_cast<int>(k);
      }
      if (!all) continue;
      if (terms) {
        std::string phrase;
        for (size_t k = 0; k < node.word_ids.size(); ++k) {
          phrase += (k ? " " : "") + tokens_[static_cast<size_t>(start) + k].text;
        }
        if (std::find(terms->begin(), terms->end(), phrase) == terms->end()) terms->push_back(phrase);
      }
      return true;
    }
    return false;
  }

  const Matcher& matcher_;
  std::vector<text::Token> tokens_;
  std::vector<std::vector<int>> hits_;
};

Result<Matcher> Matcher::compile(const std::vector<RuleSpec>& rules) {
  Matcher matcher;
  for (const auto& rule : rules) {
    auto query = parse_query(rule.query);
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
  CompiledNode out{node.kind, {}, {}};
  for (const auto& word : node.words) out.word_ids.push_back(word_id(word));
  for (const auto& child : node.children) out.children.push_back(compile_node(*child));
  return out;
}

std::vector<RuleMatch> Matcher::match(const MatchInput& input) const {
  auto tokens = text::tokenize(input.title);
  // A gap in positions keeps phrases from running from the title into the summary.
  const int offset = static_cast<int>(tokens.size()) + 1;
  for (auto& token : text::tokenize(input.summary)) {
    token.position += offset;
    tokens.push_back(std::move(token));
  }
  const Evaluation evaluation(*this, std::move(tokens));
  std::vector<RuleMatch> matches;
  for (const auto& rule : rules_) {
    RuleMatch match{rule.name, {}};
    if (evaluation.eval(rule.root, &match.terms)) matches.push_back(std::move(match));
  }
  return matches;
}

}  // namespace khabar::match
