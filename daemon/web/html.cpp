#include "web/html.h"

#include <cstring>

namespace khabar::web {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string safe_url(std::string_view url) {
  const bool path = url.size() >= 1 && url[0] == '/' && (url.size() == 1 || url[1] != '/');
  const bool local = !url.empty() && (url[0] == '#' || url[0] == '?');
  const bool web = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  return path || local || web ? std::string(url) : std::string("#");
}

void Html::attributes(const Attrs& attrs) {
  for (const auto& attr : attrs) {
    const char* name = attr.name.c_str();
    const bool url = !std::strcmp(name, "href") || !std::strcmp(name, "src") || !std::strcmp(name, "action");
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    out_ += escape(url ? safe_url(attr.value) : attr.value);
    out_ += '"';
  }
}

Html& Html::open(Name tag, const Attrs& attrs) {
  out_ += '<';
  out_ += tag.c_str();
  attributes(attrs);
  out_ += '>';
  open_.push_back(tag.c_str());
  return *this;
}

Html& Html::close() {
  if (open_.empty()) return *this;
  out_ += "</";
  out_ += open_.back();
  out_ += '>';
  open_.pop_back();
  return *this;
}

Html& Html::text(std::string_view text) {
  out_ += escape(text);
  return *this;
}

Html& Html::raw(Markup markup) {
  out_ += markup.view();
  return *this;
}

Html& Html::append(const Fragment& fragment) {
  out_ += fragment.str();
  return *this;
}

Html& Html::element(Name tag, std::string_view text, const Attrs& attrs) { return open(tag, attrs).text(text).close(); }

Html& Html::empty(Name tag, const Attrs& attrs) {
  out_ += '<';
  out_ += tag.c_str();
  attributes(attrs);
  out_ += '>';
  return *this;
}

Fragment Html::take() {
  while (!open_.empty()) close();
  return Fragment(std::move(out_));
}

}  // namespace khabar::web
