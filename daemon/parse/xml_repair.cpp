#include "parse/xml_repair.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include "parse/html_entities.h"

namespace khabar::parse {
namespace {

// Bytes that XML 1.0 forbids: C0 controls other than tab, newline, return.
constexpr bool is_illegal(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

constexpr std::array<bool, 256> special_table() {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[static_cast<size_t>(c)] = is_illegal(static_cast<unsigned char>(c));
  table['<'] = table['&'] = true;
  return table;
}
constexpr auto kSpecial = special_table();

bool is_xml_char(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

bool is_name_start(unsigned char c) { return std::isalpha(c) || c == '_' || c == ':' || c >= 0x80; }
bool is_name_char(unsigned char c) { return is_name_start(c) || std::isdigit(c) || c == '-' || c == '.'; }

void append_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
}

class Repairer {
 public:
  Repairer(std::string_view in, const RepairLimits& limits) : in_(in), limits_(limits) { out_.reserve(in.size() + 64); }

  Result<RepairedXml> run() {
    while (pos_ < in_.size() && !failed_) {
      const auto c = static_cast<unsigned char>(in_[pos_]);
      if (c == '<')
        markup();
      else if (c == '&')
        entity();
      else if (is_illegal(c))
        skip_illegal();
      else
        copy_text_run();
    }
    if (failed_) return make_error(ErrorKind::kInvalidInput, failure_);
    close_all();
    return RepairedXml{std::move(out_), std::move(problems_)};
  }

 private:
  // Each kind of problem once, in constant time, and only so many kinds.
  void problem(const std::string& what) {
    if (problems_.size() > limits_.max_problems || !seen_.insert(what).second) return;
    problems_.push_back(problems_.size() < limits_.max_problems ? what : "more problems not listed");
  }
  void fail(const std::string& why) {
    failed_ = true;
    failure_ = why;
  }
  bool starts_with(std::string_view prefix) const { return in_.substr(pos_, prefix.size()) == prefix; }

  void copy_text_run() {
    const size_t start = pos_;
    while (pos_ < in_.size() && !kSpecial[static_cast<unsigned char>(in_[pos_])]) ++pos_;
    out_.append(in_.data() + start, pos_ - start);
  }

  void skip_illegal() {
    ++pos_;
    problem("characters illegal in XML removed");
  }

  // The rest of the document was cut off inside a construct.
  void truncated() {
    problem("document truncated");
    pos_ = in_.size();
  }

  void markup() {
    if (starts_with("<?")) return copy_until("?>", true);
    if (starts_with("<!--")) return skip_until("-->");
    if (starts_with("<![CDATA[")) return cdata();
    if (starts_with("<!DOCTYPE") || starts_with("<!doctype")) return doctype();
    if (starts_with("</")) return end_tag();
    if (pos_ + 1 < in_.size() && is_name_start(static_cast<unsigned char>(in_[pos_ + 1]))) return start_tag();
    out_ += "&lt;";
    ++pos_;
    problem("stray '<' escaped");
  }

  void copy_until(std::string_view end, bool keep) {
    const auto close = in_.find(end, pos_);
    if (close == std::string_view::npos) return truncated();
    if (keep) out_.append(in_.substr(pos_, close + end.size() - pos_));
    pos_ = close + end.size();
  }
  void skip_until(std::string_view end) { copy_until(end, false); }

  void cdata() {
    const auto close = in_.find("]]>", pos_);
    const auto end = close == std::string_view::npos ? in_.size() : close + 3;
    size_t run = pos_;
    for (size_t i = pos_; i < end; ++i) {
      if (is_illegal(static_cast<unsigned char>(in_[i]))) {
        out_.append(in_.data() + run, i - run);
        run = i + 1;
        problem("characters illegal in XML removed");
      }
    }
    out_.append(in_.data() + run, end - run);
    if (close == std::string_view::npos) {
      out_ += "]]>";
      problem("document truncated");
    }
    pos_ = end;
  }

  // Reads <!ENTITY> declarations of the internal subset, drops the rest.
  void doctype() {
    size_t i = pos_ + 9;
    int depth = 0;
    for (; i < in_.size(); ++i) {
      const char c = in_[i];
      if (c == '[')
        ++depth;
      else if (c == ']')
        --depth;
      else if (c == '<' && in_.substr(i, 8) == "<!ENTITY")
        i = entity_declaration(i);
      else if (c == '>' && depth <= 0)
        break;
    }
    if (i >= in_.size()) return truncated();
    pos_ = i + 1;
  }

  // Returns the index of the declaration's closing '>'.
  size_t entity_declaration(size_t start) {
    size_t i = start + 8;
    auto skip_space = [&] {
      while (i < in_.size() && std::isspace(static_cast<unsigned char>(in_[i]))) ++i;
    };
    skip_space();
    const bool parameter = i < in_.size() && in_[i] == '%';
    if (parameter) ++i, skip_space();
    const size_t name_start = i;
    while (i < in_.size() && is_name_char(static_cast<unsigned char>(in_[i]))) ++i;
    const std::string name(in_.substr(name_start, i - name_start));
    skip_space();
    if (i < in_.size() && (in_[i] == '"' || in_[i] == '\'')) {
      const char quote = in_[i];
      const auto close = in_.find(quote, i + 1);
      if (close == std::string_view::npos) return in_.size();
      if (!parameter) internal_[name] = std::string(in_.substr(i + 1, close - i - 1));
      i = close + 1;
    } else if (!parameter) {
      external_.insert(name);  // SYSTEM or PUBLIC: never loaded
    }
    const auto close = in_.find('>', i);
    return close == std::string_view::npos ? in_.size() : close;
  }

  void start_tag() {
    const size_t name_start = pos_ + 1;
    size_t i = name_start;
    while (i < in_.size() && is_name_char(static_cast<unsigned char>(in_[i]))) ++i;
    std::string name(in_.substr(name_start, i - name_start));
    const size_t tag_start = out_.size();
    out_ += '<';
    out_ += name;
    char quote = 0;
    for (; i < in_.size(); ++i) {
      const auto c = static_cast<unsigned char>(in_[i]);
      if (quote) {
        if (c == static_cast<unsigned char>(quote))
          quote = 0, out_ += static_cast<char>(c);
        else if (c == '&')
          pos_ = i, entity(), i = pos_ - 1;
        else if (c == '<')
          out_ += "&lt;";
        else if (!is_illegal(c))
          out_ += static_cast<char>(c);
        continue;
      }
      if (c == '"' || c == '\'') quote = static_cast<char>(c);
      if (c == '>') break;
      if (c == '<') break;  // a tag left open: close it here
      out_ += static_cast<char>(c);
    }
    if (i >= in_.size()) {
      out_.resize(out_.rfind('<'));  // drop the partial tag
      return truncated();
    }
    note_prefixes(name, std::string_view(out_).substr(tag_start));
    const bool self_closing = out_.back() == '/';
    if (in_[i] == '<') {
      if (self_closing) out_.pop_back();
      problem("unterminated tag <" + name + "> closed");
      out_ += '>';
      pos_ = i;
    } else {
      out_ += '>';
      pos_ = i + 1;
    }
    if (self_closing && in_[i] == '>') return;
    if (stack_.size() >= limits_.max_element_depth)
      return fail("elements nested more than " + std::to_string(limits_.max_element_depth) + " deep");
    stack_.push_back(std::move(name));
  }

  void end_tag() {
    const auto close = in_.find('>', pos_);
    if (close == std::string_view::npos) return truncated();
    auto name = in_.substr(pos_ + 2, close - pos_ - 2);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.remove_suffix(1);
    pos_ = close + 1;
    const auto it = std::find(stack_.rbegin(), stack_.rend(), name);
    if (it == stack_.rend()) return problem("stray closing tag </" + std::string(name) + "> dropped");
    while (stack_.back() != name) {
      problem("unclosed <" + stack_.back() + "> closed");
      close_top();
    }
    close_top();
  }

  void close_top() {
    out_ += "</" + stack_.back() + ">";
    stack_.pop_back();
  }

  void close_all() {
    if (!stack_.empty()) problem("unclosed <" + stack_.back() + "> closed at the end");
    while (!stack_.empty()) close_top();
    for (const auto& prefix : used_prefixes_) {
      if (!declared_prefixes_.count(prefix)) problem("undeclared namespace prefix \"" + prefix + "\"");
    }
  }

  // Namespace prefixes the element uses and declares, wherever they are in
  // the document (scope is not checked); only so many are remembered.
  void note_prefixes(std::string_view name, std::string_view tag) {
    static constexpr size_t kMaxPrefixes = 64;
    const auto colon = name.find(':');
    if (colon != std::string_view::npos && name.substr(0, colon) != "xml" && used_prefixes_.size() < kMaxPrefixes) {
      used_prefixes_.emplace(name.substr(0, colon));
    }
    for (auto at = tag.find("xmlns:"); at != std::string_view::npos; at = tag.find("xmlns:", at + 6)) {
      const auto end = tag.find_first_of("= \t\r\n", at + 6);
      if (end != std::string_view::npos && declared_prefixes_.size() < kMaxPrefixes) {
        declared_prefixes_.emplace(tag.substr(at + 6, end - at - 6));
      }
    }
  }

  // At '&': a character or entity reference, or a bare ampersand.
  void entity() {
    const size_t start = pos_ + 1;
    size_t end = start;
    while (end < in_.size() && end - start < 40 &&
           (is_name_char(static_cast<unsigned char>(in_[end])) || in_[end] == '#'))
      ++end;
    if (end == start || end >= in_.size() || in_[end] != ';') {
      out_ += "&amp;";
      ++pos_;
      return problem("bare '&' escaped");
    }
    const auto name = in_.substr(start, end - start);
    pos_ = end + 1;
    if (name[0] == '#') return character_reference(name);
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
      out_ += '&';
      out_.append(name);
      out_ += ';';
    } else if (internal_.count(std::string(name))) {
      std::string expansion;
      if (!expand(std::string(name), 0, expansion)) return;
      append_escaped(out_, expansion);
    } else if (external_.count(std::string(name))) {
      problem("external entity &" + std::string(name) + "; not loaded");
    } else if (auto cp = html_entity(name)) {
      append_utf8(out_, *cp);
      problem("undefined entity &" + std::string(name) + "; read as HTML");
    } else {
      out_ += "&amp;";
      out_.append(name);
      out_ += ';';
      problem("unknown entities kept as text");
    }
  }

  void character_reference(std::string_view name) {
    const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    const auto digits = name.substr(hex ? 2 : 1);
    std::uint32_t cp = 0;
    bool valid = !digits.empty() && digits.size() <= 8;
    for (const char c : digits) {
      const int value = std::isdigit(static_cast<unsigned char>(c))           ? c - '0'
                        : hex && std::isxdigit(static_cast<unsigned char>(c)) ? std::tolower(c) - 'a' + 10
                                                                              : -1;
      if (value < 0) valid = false;
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(std::max(value, 0));
    }
    if (!valid || !is_xml_char(cp)) return problem("invalid character reference &" + std::string(name) + "; dropped");
    out_ += hex ? "&#x" : "&#";  // XML wants a lower-case x; HTML also takes &#X41;
    out_.append(digits);
    out_ += ';';
  }

  // Replacement text of an internal entity, with its own references resolved.
  bool expand(const std::string& name, int depth, std::string& out) {
    if (depth > limits_.max_entity_depth) {
      fail("entity &" + name + "; nested more than " + std::to_string(limits_.max_entity_depth) + " deep");
      return false;
    }
    const auto& text = internal_.at(name);
    for (size_t i = 0; i < text.size(); ++i) {
      const auto semicolon = text[i] == '&' ? text.find(';', i) : std::string::npos;
      const auto inner = semicolon == std::string::npos ? std::string() : text.substr(i + 1, semicolon - i - 1);
      if (!inner.empty() && internal_.count(inner)) {
        if (!expand(inner, depth + 1, out)) return false;
        i = semicolon;
      } else {
        out += text[i];
      }
      if ((expanded_ += 1) > limits_.max_entity_expansion || out.size() > limits_.max_entity_expansion) {
        fail("entity expansion over the limit of " + std::to_string(limits_.max_entity_expansion) + " bytes");
        return false;
      }
    }
    return true;
  }

  std::string_view in_;
  const RepairLimits& limits_;
  size_t pos_ = 0;
  std::string out_;
  std::vector<std::string> stack_;
  std::vector<std::string> problems_;
  std::unordered_set<std::string> seen_;
  std::set<std::string> used_prefixes_;
  std::set<std::string> declared_prefixes_;
  std::map<std::string, std::string> internal_;
  std::set<std::string> external_;
  size_t expanded_ = 0;
  bool failed_ = false;
  std::string failure_;
};

}  // namespace

Result<RepairedXml> repair_xml(std::string_view utf8, const RepairLimits& limits) {
  return Repairer(utf8, limits).run();
}

}  // namespace khabar::parse
