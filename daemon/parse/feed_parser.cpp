#include "parse/feed_parser.h"

#include "parse/document_decoder.h"
#include "parse/json_feed_reader.h"
#include "parse/xml_feed_reader.h"

namespace khabar::parse {
namespace {

bool looks_like_json(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

std::string size_text(std::size_t bytes) { return std::to_string(bytes / 1024) + " KiB"; }

}  // namespace

Result<ParsedFeed> parse_feed(std::string_view bytes, const ParseOptions& options) {
  if (bytes.empty()) return make_error(ErrorKind::kInvalidInput, "empty document");
  if (bytes.size() > options.max_bytes) {
    return make_error(ErrorKind::kInvalidInput, "document of " + size_text(bytes.size()) +
                                                    " is over the limit of " + size_text(options.max_bytes));
  }
  auto decoded = decode_document(bytes, options.content_type);
  if (!decoded) return decoded.error();
  auto parsed = looks_like_json(decoded->utf8) ? read_json_feed(decoded->utf8, options.url)
                                               : read_xml_feed(decoded->utf8, options.url);
  if (!parsed) return parsed;
  parsed->encoding = decoded->encoding;
  if (decoded->corrected) {
    parsed->bozo = true;
    parsed->error = parsed->error ? decoded->note + "; " + *parsed->error : decoded->note;
  }
  return parsed;
}

}  // namespace khabar::parse
