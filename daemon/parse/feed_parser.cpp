#include "parse/feed_parser.h"

#include <algorithm>
#include <cctype>

#include "parse/document_decoder.h"
#include "parse/html_dom.h"
#include "parse/html_page_reader.h"
#include "parse/json_feed_reader.h"
#include "parse/telegram_page_reader.h"
#include "parse/xml_feed_reader.h"

namespace khabar::parse {
namespace {

bool looks_like_json(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

std::string size_text(std::size_t bytes) { return std::to_string(bytes / 1024) + " KiB"; }

// A page's <meta charset> (or http-equiv Content-Type) as a Content-Type
// value, when the HTTP header named none: HTML declares its charset there.
std::string page_content_type(std::string_view bytes, const std::string& content_type) {
  if (!charset_from_content_type(content_type).empty()) return content_type;
  std::string head(bytes.substr(0, 4096));
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (auto meta = head.find("<meta"); meta != std::string::npos; meta = head.find("<meta", meta + 5)) {
    const auto end = head.find('>', meta);
    const auto tag = head.substr(meta, end == std::string::npos ? std::string::npos : end - meta);
    auto charset = charset_from_content_type(tag);
    if (!charset.empty()) return "text/html; charset=" + charset;
  }
  return content_type;
}

Result<ParsedFeed> read_page(std::string_view utf8, const ParseOptions& options) {
  HtmlLimits limits;
  limits.max_bytes = options.max_bytes;
  auto page = parse_html(utf8, limits);
  if (!page) return page.error();
  if (options.kind == SourceKind::kHtml) return read_html_page(**page, options.url, options.selectors);
  return read_telegram_page(**page, options.url);
}

}  // namespace

Result<ParsedFeed> parse_feed(std::string_view bytes, const ParseOptions& options) {
  if (bytes.empty()) return make_error(ErrorKind::kInvalidInput, "empty document");
  if (bytes.size() > options.max_bytes) {
    return make_error(ErrorKind::kInvalidInput, "document of " + size_text(bytes.size()) + " is over the limit of " +
                                                    size_text(options.max_bytes));
  }
  const bool page_kind = options.kind != SourceKind::kAuto;
  auto decoded =
      decode_document(bytes, page_kind ? page_content_type(bytes, options.content_type) : options.content_type);
  if (!decoded) return decoded.error();
  const bool telegram = !page_kind && looks_like_telegram_page(decoded->utf8);
  if (telegram) {  // a page after all: its <meta charset> counts
    auto redecoded = decode_document(bytes, page_content_type(bytes, options.content_type));
    if (redecoded) decoded = std::move(redecoded);
  }
  const auto& text = decoded->utf8;
  auto parsed = page_kind || telegram   ? read_page(text, options)
                : looks_like_json(text) ? read_json_feed(text, options.url)
                                        : read_xml_feed(text, options.url);
  if (!parsed) return parsed;
  parsed->encoding = decoded->encoding;
  if (decoded->corrected) {
    parsed->bozo = true;
    parsed->error = parsed->error ? decoded->note + "; " + *parsed->error : decoded->note;
  }
  return parsed;
}

}  // namespace khabar::parse
