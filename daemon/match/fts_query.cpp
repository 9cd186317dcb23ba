#include "match/fts_query.h"

#include "match/word_forms.h"

namespace khabar::match {
namespace {

using Kind = QueryNode::Kind;

std::string quoted(const std::string& word) {
  std::string out = "\"";
  for (const char c : word) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// A word~ is searched by the prefix all its forms share; the matcher then
// keeps the true forms.
std::string word_term(const Word& word) {
  if (word.stem) return quoted(word_form_prefix(word)) + " *";
  return quoted(word.text) + (word.prefix ? " *" : "");
}

FtsQuery words_expression(const QueryNode& node) {
  const auto& words = node.words;
  bool inner_prefix = false, stems = false;
  for (size_t i = 0; i + 1 < words.size(); ++i) inner_prefix = inner_prefix || words[i].prefix;
  for (const auto& word : words) stems = stems || word.stem;
  if (inner_prefix || stems) {
    // FTS5 allows a prefix only on a phrase's last word: AND the words instead.
    std::string out = "(";
    for (const auto& word : words) out += (out.size() > 1 ? " AND " : "") + word_term(word);
    return {out + ")", false};
  }
  std::string phrase;
  for (const auto& word : words) phrase += (phrase.empty() ? "" : " ") + word.text;
  return {quoted(phrase) + (words.back().prefix ? " *" : ""), true};
}

// AND of the children's expressions; a child that matches everything drops out.
FtsQuery conjunction(const std::vector<FtsQuery>& parts) {
  FtsQuery out;
  for (const auto& part : parts) {
    out.exact = out.exact && part.exact;
    if (part.expression.empty()) continue;
    out.expression += (out.expression.empty() ? "" : " AND ") + part.expression;
  }
  if (!out.expression.empty()) out.expression = "(" + out.expression + ")";
  return out;
}

FtsQuery disjunction(const std::vector<FtsQuery>& parts) {
  FtsQuery out;
  for (const auto& part : parts) {
    if (part.expression.empty()) return {"", false};  // one branch matches everything
    out.exact = out.exact && part.exact;
    out.expression += (out.expression.empty() ? "" : " OR ") + part.expression;
  }
  out.expression = "(" + out.expression + ")";
  return out;
}

FtsQuery translate(const QueryNode& node);

std::vector<FtsQuery> translate_children(const QueryNode& node) {
  std::vector<FtsQuery> out;
  for (const auto& child : node.children) out.push_back(translate(*child));
  return out;
}

FtsQuery translate_and(const QueryNode& node) {
  std::vector<FtsQuery> positive;
  std::string negative;
  bool exact = true;
  for (const auto& child : node.children) {
    if (child->kind != Kind::kNot) {
      positive.push_back(translate(*child));
      continue;
    }
    const auto negated = translate(*child->children.front());
    // Only an exact expression can be subtracted; otherwise leave it to the check.
    if (negated.exact && !negated.expression.empty())
      negative += (negative.empty() ? "" : " OR ") + negated.expression;
    else
      exact = false;
  }
  auto out = conjunction(positive);
  out.exact = out.exact && exact;
  if (!negative.empty() && !out.expression.empty()) out.expression = "(" + out.expression + " NOT (" + negative + "))";
  return out;
}

FtsQuery translate(const QueryNode& node) {
  switch (node.kind) {
    case Kind::kWords:
      return words_expression(node);
    case Kind::kOr:
      return disjunction(translate_children(node));
    case Kind::kAnd:
      return translate_and(node);
    case Kind::kNot:
      return {"", false};  // only meaningful beside a positive term
    case Kind::kNear: {
      auto out = conjunction(translate_children(node));
      out.exact = false;
      return out;
    }
    case Kind::kField: {
      auto inner = translate(*node.children.front());
      if (!inner.expression.empty()) inner.expression = node.value + " : (" + inner.expression + ")";
      return inner;
    }
    case Kind::kLang:
    case Kind::kFeed:
      return {"", false};
    case Kind::kScore: {
      auto out = disjunction(translate_children(node));
      out.exact = false;
      return out;
    }
  }
  return {"", false};
}

}  // namespace

FtsQuery to_fts5(const QueryNode& query) { return translate(query); }

}  // namespace khabar::match
