#include "match/fts_query.h"

namespace khabar::match {
namespace {

std::string quoted(const std::string& word) {
  std::string out = "\"";
  for (const char c : word) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string words_expression(const QueryNode& node) {
  if (node.words.size() == 1) {
    return quoted(node.words.front().text) + (node.words.front().prefix ? " *" : "");
  }
  // FTS5 allows a prefix only on the last word of a phrase; earlier prefix
  // words become NEAR-free conjunctions, a looser but safe superset.
  std::string phrase;
  bool inner_prefix = false;
  for (size_t i = 0; i < node.words.size(); ++i) {
    inner_prefix = inner_prefix || (node.words[i].prefix && i + 1 < node.words.size());
  }
  if (inner_prefix) {
    std::string out = "(";
    for (const auto& word : node.words) {
      if (out.size() > 1) out += " AND ";
      out += quoted(word.text) + (word.prefix ? " *" : "");
    }
    return out + ")";
  }
  for (const auto& word : node.words) phrase += (phrase.empty() ? "" : " ") + word.text;
  return quoted(phrase) + (node.words.back().prefix ? " *" : "");
}

}  // namespace

std::string to_fts5(const QueryNode& node) {
  switch (node.kind) {
    case QueryNode::Kind::kWords:
      return words_expression(node);
    case QueryNode::Kind::kNot:
      return to_fts5(*node.children.front());  // only reached under AND, handled there
    case QueryNode::Kind::kOr: {
      std::string out = "(";
      for (const auto& child : node.children) out += (out.size() > 1 ? " OR " : "") + to_fts5(*child);
      return out + ")";
    }
    case QueryNode::Kind::kAnd: {
      std::string positive, negative;
      for (const auto& child : node.children) {
        auto& side = child->kind == QueryNode::Kind::kNot ? negative : positive;
        side += (side.empty() ? "" : (&side == &positive ? " AND " : " OR ")) + to_fts5(*child);
      }
      return negative.empty() ? "(" + positive + ")" : "((" + positive + ") NOT (" + negative + "))";
    }
  }
  return {};
}

}  // namespace khabar::match
