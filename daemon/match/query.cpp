#include "match/query.h"

#include "text/normalizer.h"

namespace khabar::match {
namespace {

struct Lexeme {
  enum class Type { kWord, kPhrase, kAnd, kOr, kNot, kOpen, kClose, kEnd } type;
  std::string text;
  int column = 0;
};

int column_of(std::string_view text, size_t byte_offset) {
  int column = 1;
  for (size_t i = 0; i < byte_offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

Error error_at(int column, const std::string& message) {
  return make_error(ErrorKind::kInvalidInput, "column " + std::to_string(column) + ": " + message);
}

Result<std::vector<Lexeme>> lex(std::string_view text) {
  std::vector<Lexeme> out;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const int column = column_of(text, i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '(' || c == ')') {
      out.push_back({c == '(' ? Lexeme::Type::kOpen : Lexeme::Type::kClose, {}, column});
      ++i;
    } else if (c == '"') {
      const auto close = text.find('"', i + 1);
      if (close == std::string_view::npos) return error_at(column, "unterminated quoted phrase");
      out.push_back({Lexeme::Type::kPhrase, std::string(text.substr(i + 1, close - i - 1)), column});
      i = close + 1;
    } else {
      const auto end = text.find_first_of(" \t\r\n()\"", i);
      const auto word = std::string(text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
      auto type = word == "AND" ? Lexeme::Type::kAnd
                  : word == "OR" ? Lexeme::Type::kOr
                  : word == "NOT" ? Lexeme::Type::kNot : Lexeme::Type::kWord;
      out.push_back({type, word, column});
      i = end == std::string_view::npos ? text.size() : end;
    }
  }
  out.push_back({Lexeme::Type::kEnd, {}, column_of(text, text.size())});
  return out;
}

class Parser {
 public:
  explicit Parser(std::vector<Lexeme> lexemes) : lexemes_(std::move(lexemes)) {}

  Result<Query> parse() {
    if (peek().type == Lexeme::Type::kEnd) return error_at(peek().column, "empty query");
    auto query = parse_or();
    if (!query) return query;
    if (peek().type != Lexeme::Type::kEnd) return unexpected();
    return query;
  }

 private:
  const Lexeme& peek() const { return lexemes_[pos_]; }
  const Lexeme& take() { return lexemes_[pos_++]; }

  Error unexpected() const {
    const auto& l = peek();
    if (l.type == Lexeme::Type::kEnd) return error_at(l.column, "unexpected end of query");
    if (l.type == Lexeme::Type::kClose) return error_at(l.column, "unbalanced ')'");
    return error_at(l.column, "unexpected '" + (l.text.empty() ? std::string("(") : l.text) + "'");
  }

  static Query combine(QueryNode::Kind kind, std::vector<Query> parts) {
    if (parts.size() == 1) return std::move(parts.front());
    auto node = std::make_unique<QueryNode>();
    node->kind = kind;
    node->children = std::move(parts);
    return node;
  }

  Result<Query> parse_or() {
    std::vector<Query> parts;
    do {
      auto part = parse_and();
      if (!part) return part;
      parts.push_back(std::move(*part));
    } while (peek().type == Lexeme::Type::kOr && (++pos_, true));
    return combine(QueryNode::Kind::kOr, std::move(parts));
  }

  bool starts_operand() const {
    const auto t = peek().type;
    return t == Lexeme::Type::kWord || t == Lexeme::Type::kPhrase || t == Lexeme::Type::kNot ||
           t == Lexeme::Type::kOpen;
  }

  Result<Query> parse_and() {
    std::vector<Query> parts;
    while (true) {
      if (peek().type == Lexeme::Type::kAnd && !parts.empty()) ++pos_;
      else if (!parts.empty() && !starts_operand()) break;
      auto part = parse_not();
      if (!part) return part;
      parts.push_back(std::move(*part));
    }
    bool all_negative = true;
    for (const auto& part : parts) all_negative = all_negative && part->kind == QueryNode::Kind::kNot;
    if (all_negative) return error_at(peek().column, "NOT needs a positive term beside it (A AND NOT B)");
    return combine(QueryNode::Kind::kAnd, std::move(parts));
  }

  Result<Query> parse_not() {
    if (peek().type != Lexeme::Type::kNot) return parse_primary();
    ++pos_;
    auto operand = parse_not();
    if (!operand) return operand;
    auto node = std::make_unique<QueryNode>();
    node->kind = QueryNode::Kind::kNot;
    node->children.push_back(std::move(*operand));
    return Query(std::move(node));
  }

  Result<Query> parse_primary() {
    const auto& l = peek();
    if (l.type == Lexeme::Type::kOpen) {
      ++pos_;
      auto inner = parse_or();
      if (!inner) return inner;
      if (peek().type != Lexeme::Type::kClose) return error_at(peek().column, "expected ')' to close the '(' at column " + std::to_string(l.column));
      ++pos_;
      return inner;
    }
    if (l.type == Lexeme::Type::kWord || l.type == Lexeme::Type::kPhrase) return words(take());
    return unexpected();
  }

  static Result<Query> words(const Lexeme& l) {
    auto node = std::make_unique<QueryNode>();
    std::string body = l.text;
    const bool prefix = l.type == Lexeme::Type::kWord && !body.empty() && body.back() == '*';
    if (prefix) body.pop_back();
    for (auto& token : text::tokenize(body)) node->words.push_back({std::move(token.text), false});
    if (node->words.empty()) return error_at(l.column, "'" + l.text + "' has no letters or digits to match");
    if (prefix) node->words.back().prefix = true;
    if (l.type == Lexeme::Type::kPhrase) {
      // Inside a phrase, "word*" marks a prefix too.
      size_t word_index = 0;
      for (size_t i = 0; i < body.size(); ++i) {
        if (body[i] == '*' && word_index < node->words.size()) node->words[word_index].prefix = true;
        if (body[i] == ' ') ++word_index;
      }
    }
    return Query(std::move(node));
  }

  std::vector<Lexeme> lexemes_;
  size_t pos_ = 0;
};

}  // namespace

Result<Query> parse_query(std::string_view text) {
  auto lexemes = lex(text);
  if (!lexemes) return lexemes.error();
  return Parser(std::move(*lexemes)).parse();
}

std::string to_string(const QueryNode& node) {
  switch (node.kind) {
    case QueryNode::Kind::kWords: {
      std::string out;
      for (const auto& word : node.words) out += (out.empty() ? "" : " ") + word.text + (word.prefix ? "*" : "");
      return node.words.size() > 1 ? "\"" + out + "\"" : out;
    }
    case QueryNode::Kind::kNot:
      return "NOT " + to_string(*node.children.front());
    case QueryNode::Kind::kAnd:
    case QueryNode::Kind::kOr: {
      std::string out = "(";
      for (const auto& child : node.children) {
        if (out.size() > 1) out += node.kind == QueryNode::Kind::kAnd ? " AND " : " OR ";
        out += to_string(*child);
      }
      return out + ")";
    }
  }
  return {};
}

}  // namespace khabar::match
