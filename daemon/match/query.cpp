#include "match/query.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "text/normalizer.h"
#include "util/locale_codes.h"

namespace khabar::match {
namespace {

using Kind = QueryNode::Kind;

struct Lexeme {
  enum class Type { kWord, kPhrase, kAnd, kOr, kNot, kNear, kOpen, kClose, kScope, kEnd } type;
  std::string text;  // kWord, kPhrase: the body; kScope: "title", "lang"...; kNear: the distance
  int column = 0;
};

// Columns in characters, counted as the lexer moves forward (never from the
// start again: a long query stays linear).
class ColumnCounter {
 public:
  explicit ColumnCounter(std::string_view text) : text_(text) {}
  int at(size_t byte_offset) {
    for (; byte_ < byte_offset && byte_ < text_.size(); ++byte_) {
      if ((static_cast<unsigned char>(text_[byte_]) & 0xC0) != 0x80) ++column_;
    }
    return column_;
  }

 private:
  std::string_view text_;
  size_t byte_ = 0;
  int column_ = 1;
};

Error error_at(int column, const std::string& message) {
  return make_error(ErrorKind::kInvalidInput, "column " + std::to_string(column) + ": " + message);
}

bool is_scope(std::string_view name) {
  return name == "title" || name == "summary" || name == "content" || name == "lang" || name == "feed";
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text), columns_(text) {}

  Result<std::vector<Lexeme>> run() {
    while (i_ < text_.size()) {
      const char c = text_[i_];
      const int column = columns_.at(i_);
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i_;
      } else if (c == '(' || c == ')') {
        out_.push_back({c == '(' ? Lexeme::Type::kOpen : Lexeme::Type::kClose, {}, column});
        ++i_;
      } else if (c == '"') {
        const auto close = text_.find('"', i_ + 1);
        if (close == std::string_view::npos) return error_at(column, "unterminated quoted phrase");
        out_.push_back({Lexeme::Type::kPhrase, std::string(text_.substr(i_ + 1, close - i_ - 1)), column});
        i_ = close + 1;
      } else if (auto status = word(column); !status) {
        return status.error();
      }
    }
    out_.push_back({Lexeme::Type::kEnd, {}, columns_.at(text_.size())});
    return std::move(out_);
  }

 private:
  Status word(int column) {
    const auto end = std::min(text_.find_first_of(" \t\r\n()\"", i_), text_.size());
    auto word = text_.substr(i_, end - i_);
    i_ = end;
    if (const auto colon = word.find(':'); colon != std::string_view::npos && is_scope(word.substr(0, colon))) {
      out_.push_back({Lexeme::Type::kScope, std::string(word.substr(0, colon)), column});
      word.remove_prefix(colon + 1);
      column += static_cast<int>(colon) + 1;
      if (word.empty()) return Status::success();  // title:( ... ) or title:"..."
    }
    if (word == "AND")
      out_.push_back({Lexeme::Type::kAnd, {}, column});
    else if (word == "OR")
      out_.push_back({Lexeme::Type::kOr, {}, column});
    else if (word == "NOT")
      out_.push_back({Lexeme::Type::kNot, {}, column});
    else if (word.substr(0, 5) == "NEAR/") {
      int distance = 0;
      const auto digits = word.substr(5);
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), distance);
      if (ec != std::errc() || ptr != digits.data() + digits.size() || distance < 0 || distance > 1000) {
        return error_at(column, "NEAR needs a distance in words, as in NEAR/10");
      }
      out_.push_back({Lexeme::Type::kNear, std::to_string(distance), column});
    } else if (word.size() > 4 && word.substr(0, 4) == "NEAR" && std::isdigit(static_cast<unsigned char>(word[4]))) {
      return error_at(column,
                      "'" + std::string(word) + "' is not an operator: write NEAR/" + std::string(word.substr(4)));
    } else if (const auto distance = number_after(); word == "NEAR" && !distance.empty()) {
      // Else "NEAR" and "5" would be searched for as words, silently.
      return error_at(column,
                      "'NEAR " + std::string(distance) + "' is not an operator: write NEAR/" + std::string(distance));
    } else {
      out_.push_back({Lexeme::Type::kWord, std::string(word), column});
    }
    return Status::success();
  }

  // The next word when it is a number ("NEAR 5"), else empty.
  std::string_view number_after() const {
    const auto start = std::min(text_.find_first_not_of(" \t\r\n", i_), text_.size());
    const auto end = std::min(text_.find_first_of(" \t\r\n()\"", start), text_.size());
    const auto next = text_.substr(start, end - start);
    const bool digits =
        !next.empty() && std::all_of(next.begin(), next.end(), [](char c) { return c >= '0' && c <= '9'; });
    return digits ? next : std::string_view();
  }

  std::string_view text_;
  ColumnCounter columns_;
  size_t i_ = 0;
  std::vector<Lexeme> out_;
};

// Marks a list term's nodes with the term, as written, so a match can say
// which term it came from (for glosses); terms of inner lists keep theirs.
void tag_with_term(QueryNode& node, const std::string& term) {
  if (!node.list_term.empty()) return;
  node.list_term = term;
  for (auto& child : node.children) tag_with_term(*child, term);
}

Query make_node(Kind kind) {
  auto node = std::make_unique<QueryNode>();
  node->kind = kind;
  return node;
}

// Whether a node stands for places in the text (so NEAR can measure it).
bool has_positions(const QueryNode& node) {
  switch (node.kind) {
    case Kind::kWords:
      return true;
    case Kind::kOr:
    case Kind::kField:
      for (const auto& child : node.children) {
        if (!has_positions(*child)) return false;
      }
      return true;
    default:
      return false;
  }
}

class Parser {
 public:
  Parser(std::vector<Lexeme> lexemes, const TermLists& lists, int depth)
      : lexemes_(std::move(lexemes)), lists_(lists), depth_(depth) {}

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
    switch (l.type) {
      case Lexeme::Type::kEnd:
        return error_at(l.column, "unexpected end of query");
      case Lexeme::Type::kClose:
        return error_at(l.column, "unbalanced ')'");
      case Lexeme::Type::kOpen:
        return error_at(l.column, "unexpected '('");
      case Lexeme::Type::kNear:
        return error_at(l.column, "NEAR needs a term on each side");
      default:
        return error_at(l.column, "unexpected '" + (l.text.empty() ? std::string("operator") : l.text) + "'");
    }
  }

  static Query combine(Kind kind, std::vector<Query> parts) {
    if (parts.size() == 1) return std::move(parts.front());
    auto node = make_node(kind);
    node->children = std::move(parts);
    return node;
  }

  // Counts how deep parentheses and NOTs nest, for the limit.
  struct Nesting {
    explicit Nesting(int& depth) : depth_(depth) { ++depth_; }
    ~Nesting() { --depth_; }
    int& depth_;
  };

  Result<Query> parse_or() {
    std::vector<Query> parts;
    do {
      auto part = parse_and();
      if (!part) return part;
      parts.push_back(std::move(*part));
    } while (peek().type == Lexeme::Type::kOr && (++pos_, true));
    return combine(Kind::kOr, std::move(parts));
  }

  bool starts_operand() const {
    const auto t = peek().type;
    return t == Lexeme::Type::kWord || t == Lexeme::Type::kPhrase || t == Lexeme::Type::kNot ||
           t == Lexeme::Type::kOpen || t == Lexeme::Type::kScope;
  }

  Result<Query> parse_and() {
    std::vector<Query> parts;
    const int column = peek().column;
    while (true) {
      if (peek().type == Lexeme::Type::kAnd && !parts.empty())
        ++pos_;
      else if (!parts.empty() && !starts_operand())
        break;
      auto part = parse_near();
      if (!part) return part;
      parts.push_back(std::move(*part));
    }
    bool all_negative = true;
    for (const auto& part : parts) all_negative = all_negative && part->kind == Kind::kNot;
    if (all_negative) return error_at(column, "NOT needs a positive term beside it (A AND NOT B)");
    return combine(Kind::kAnd, std::move(parts));
  }

  Result<Query> parse_near() {
    auto left = parse_not();
    if (!left) return left;
    while (peek().type == Lexeme::Type::kNear) {
      const auto& op = take();
      auto right = parse_not();
      if (!right) return right;
      if (!has_positions(**left) || !has_positions(**right)) {
        return error_at(op.column, "NEAR joins words, phrases, lists or OR-groups of them");
      }
      auto node = make_node(Kind::kNear);
      node->distance = std::stoi(op.text);
      node->children.push_back(std::move(*left));
      node->children.push_back(std::move(*right));
      left = Query(std::move(node));
    }
    return left;
  }

  Result<Query> parse_not() {
    if (peek().type != Lexeme::Type::kNot) return parse_primary();
    const Nesting guard(nesting_);
    if (nesting_ > kMaxNesting)
      return error_at(peek().column, "NOT nested more than " + std::to_string(kMaxNesting) + " deep");
    ++pos_;
    auto operand = parse_not();
    if (!operand) return operand;
    auto node = make_node(Kind::kNot);
    node->children.push_back(std::move(*operand));
    return Query(std::move(node));
  }

  Result<Query> parse_primary() {
    const auto& l = peek();
    if (l.type == Lexeme::Type::kOpen) {
      const Nesting guard(nesting_);
      if (nesting_ > kMaxNesting) {
        return error_at(l.column, "parentheses nested more than " + std::to_string(kMaxNesting) + " deep");
      }
      ++pos_;
      auto inner = parse_or();
      if (!inner) return inner;
      if (peek().type != Lexeme::Type::kClose) {
        return error_at(peek().column, "expected ')' to close the '(' at column " + std::to_string(l.column));
      }
      ++pos_;
      return inner;
    }
    if (l.type == Lexeme::Type::kScope) return scoped(take());
    if (l.type == Lexeme::Type::kWord && l.text[0] == '@') return list(take());
    if (l.type == Lexeme::Type::kWord || l.type == Lexeme::Type::kPhrase) return words(take());
    return unexpected();
  }

  Result<Query> scoped(const Lexeme& scope) {
    if (scope.text == "lang" || scope.text == "feed") {
      if (peek().type != Lexeme::Type::kWord)
        return error_at(scope.column, scope.text + ": needs a value, as in " + scope.text + ":ky");
      if (scope.text == "lang" && !is_language_code(peek().text)) {
        return error_at(peek().column, "lang: \"" + peek().text + "\" is not a language code like ky, ru or uz-Latn");
      }
      auto node = make_node(scope.text == "lang" ? Kind::kLang : Kind::kFeed);
      node->value = take().text;
      return Query(std::move(node));
    }
    auto inner = parse_primary();
    if (!inner) return inner;
    auto node = make_node(Kind::kField);
    node->value = scope.text;
    node->children.push_back(std::move(*inner));
    return Query(std::move(node));
  }

  Result<Query> list(const Lexeme& l) {
    std::string_view body(l.text);
    body.remove_prefix(1);
    double threshold = 0;
    const auto comparison = body.find(">=");
    const bool scored = comparison != std::string_view::npos;
    if (scored) {
      const auto number = body.substr(comparison + 2);
      const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), threshold);
      if (ec != std::errc() || ptr != number.data() + number.size() || threshold <= 0) {
        return error_at(l.column, "a score threshold is a positive number, as in @" +
                                      std::string(body.substr(0, comparison)) + ">=5");
      }
      body = body.substr(0, comparison);
    }
    const auto found = lists_.find(body);
    if (found == lists_.end()) return error_at(l.column, "unknown list @" + std::string(body));
    if (depth_ >= 4) return error_at(l.column, "lists nested more than 4 deep");
    auto node = make_node(scored ? Kind::kScore : Kind::kOr);
    node->value = std::string(body);
    node->threshold = threshold;
    for (const auto& [term, weight] : found->second.terms) {
      auto lexemes = Lexer(term).run();
      if (!lexemes)
        return error_at(l.column, "@" + std::string(body) + ": \"" + term + "\": " + lexemes.error().message);
      auto parsed = Parser(std::move(*lexemes), lists_, depth_ + 1).parse();
      if (!parsed) return error_at(l.column, "@" + std::string(body) + ": \"" + term + "\": " + parsed.error().message);
      tag_with_term(**parsed, term);
      node->children.push_back(std::move(*parsed));
      node->weights.push_back(weight);
    }
    if (node->children.empty()) return error_at(l.column, "list @" + std::string(body) + " is empty");
    if (!scored && node->children.size() == 1) return std::move(node->children.front());
    return Query(std::move(node));
  }

  // Appends the words of one piece of text; a trailing * makes the last a
  // prefix, a trailing ~ any form of it.
  static void add_words(std::string piece, std::vector<Word>& out) {
    const bool prefix = !piece.empty() && piece.back() == '*';
    const bool stem = !piece.empty() && piece.back() == '~';
    if (prefix || stem) piece.pop_back();
    const size_t before = out.size();
    auto tokenized = text::tokenize(piece);
    for (auto& token : tokenized.tokens) {
      out.push_back({std::move(token.text), false, false, {}});
      if (stem) out.back().surface = tokenized.surface(token);
    }
    if (out.size() == before) return;
    out.back().prefix = prefix;
    out.back().stem = stem;
    if (!stem) out.back().surface.clear();
  }

  static Result<Query> words(const Lexeme& l) {
    auto node = make_node(Kind::kWords);
    if (l.type == Lexeme::Type::kPhrase) {
      // Inside a phrase, each space-separated piece may end in * or ~ itself.
      size_t start = 0;
      while (start <= l.text.size()) {
        const auto end = std::min(l.text.find(' ', start), l.text.size());
        add_words(l.text.substr(start, end - start), node->words);
        start = end + 1;
      }
    } else {
      add_words(l.text, node->words);
    }
    if (node->words.empty()) return error_at(l.column, "'" + l.text + "' has no letters or digits to match");
    return Query(std::move(node));
  }

  std::vector<Lexeme> lexemes_;
  const TermLists& lists_;
  int depth_;
  size_t pos_ = 0;
  int nesting_ = 0;
};

std::string join(const QueryNode& node, const char* separator) {
  std::string out = "(";
  for (const auto& child : node.children) {
    if (out.size() > 1) out += separator;
    out += to_string(*child);
  }
  return out + ")";
}

}  // namespace

Result<Query> parse_query(std::string_view text, const TermLists& lists) {
  auto lexemes = Lexer(text).run();
  if (!lexemes) return lexemes.error();
  return Parser(std::move(*lexemes), lists, 0).parse();
}

std::string to_string(const QueryNode& node) {
  switch (node.kind) {
    case Kind::kWords: {
      std::string out;
      for (const auto& word : node.words) {
        out += (out.empty() ? "" : " ") + word.text + (word.prefix ? "*" : word.stem ? "~" : "");
      }
      return node.words.size() > 1 ? "\"" + out + "\"" : out;
    }
    case Kind::kNot:
      return "NOT " + to_string(*node.children.front());
    case Kind::kAnd:
      return join(node, " AND ");
    case Kind::kOr:
      return join(node, " OR ");
    case Kind::kNear:
      return "(" + to_string(*node.children[0]) + " NEAR/" + std::to_string(node.distance) + " " +
             to_string(*node.children[1]) + ")";
    case Kind::kField:
      return node.value + ":" + to_string(*node.children.front());
    case Kind::kLang:
      return "lang:" + node.value;
    case Kind::kFeed:
      return "feed:" + node.value;
    case Kind::kScore: {
      std::string out = "@" + node.value + ">=" + std::to_string(node.threshold) + "{";
      for (size_t i = 0; i < node.children.size(); ++i) {
        out += (i ? ", " : "") + to_string(*node.children[i]) + "=" + std::to_string(node.weights[i]);
      }
      return out + "}";
    }
  }
  return {};
}

}  // namespace khabar::match
