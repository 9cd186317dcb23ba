// The one HTML writer the newsroom's pages use. Text and attribute values go
// in only escaped (text(), attribute values); raw markup only through
// Markup, which can be made from compile-time constants alone, and through
// Fragments that another Html made. URLs in href, src and action must be
// http(s), a path on this site, or a fragment: anything else (javascript:,
// data:) becomes "#".
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::web {

// Markup written in the source: a stylesheet, an SVG path, "&nbsp;".
class Markup {
 public:
  consteval Markup(const char* text) : text_(text) {}  // NOLINT: implicit by design
  std::string_view view() const { return text_; }

 private:
  const char* text_;
};

// A tag or attribute name, written in the source.
class Name {
 public:
  consteval Name(const char* name) : name_(name) {}  // NOLINT: implicit by design
  const char* c_str() const { return name_; }

 private:
  const char* name_;
};

struct Attr {
  Name name;
  std::string value;
};
using Attrs = std::vector<Attr>;

// Finished markup, made only by Html::take().
class Fragment {
 public:
  Fragment() = default;
  const std::string& str() const { return markup_; }
  bool empty() const { return markup_.empty(); }

 private:
  friend class Html;
  explicit Fragment(std::string markup) : markup_(std::move(markup)) {}
  std::string markup_;
};

// &, <, >, " and ' as character references.
std::string escape(std::string_view text);
// `url` when it is http(s), a path or a fragment; "#" otherwise.
std::string safe_url(std::string_view url);

class Html {
 public:
  Html& open(Name tag, const Attrs& attrs = {});
  Html& close();  // the innermost open element
  Html& text(std::string_view text);
  Html& raw(Markup markup);
  Html& append(const Fragment& fragment);
  // open, text, close.
  Html& element(Name tag, std::string_view text, const Attrs& attrs = {});
  // A void element (input, br, meta, link).
  Html& empty(Name tag, const Attrs& attrs = {});
  // The markup, every element still open closed.
  Fragment take();

 private:
  void attributes(const Attrs& attrs);
  std::string out_;
  std::vector<const char*> open_;
};

}  // namespace khabar::web
