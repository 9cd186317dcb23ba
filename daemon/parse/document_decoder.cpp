#include "parse/document_decoder.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "text/charset.h"

namespace khabar::parse {
namespace {

struct Bom {
  std::string_view bytes;
  const char* charset;
};

// Explicit lengths: the UTF-32 marks contain NUL bytes. Longest first.
constexpr std::array<Bom, 5> kBoms{{{std::string_view("\x00\x00\xFE\xFF", 4), "utf-32be"},
                                    {std::string_view("\xFF\xFE\x00\x00", 4), "utf-32le"},
                                    {std::string_view("\xEF\xBB\xBF", 3), "utf-8"},
                                    {std::string_view("\xFE\xFF", 2), "utf-16be"},
                                    {std::string_view("\xFF\xFE", 2), "utf-16le"}}};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string attribute_value(std::string_view text, std::string_view name) {
  const auto lowered = lower(text);
  auto pos = lowered.find(name);
  if (pos == std::string::npos) return {};
  pos = lowered.find_first_not_of(" \t\r\n=", pos + name.size());
  if (pos == std::string::npos) return {};
  const char quote = lowered[pos];
  const bool quoted = quote == '"' || quote == '\'';
  const auto start = pos + (quoted ? 1 : 0);
  const auto end = quoted ? lowered.find(quote, start) : lowered.find_first_of(" \t;\r\n", start);
  return std::string(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
}

// The encoding pseudo-attribute of an ASCII-compatible XML declaration.
std::string declared_charset(std::string_view bytes) {
  if (bytes.substr(0, 5) != "<?xml") return {};
  const auto end = bytes.find("?>");
  if (end == std::string_view::npos || end > 200) return {};
  return attribute_value(bytes.substr(0, end), "encoding");
}

Result<DecodedDocument> decode_as(std::string_view bytes, const std::string& charset) {
  const auto canonical = text::canonical_charset(charset);
  if (canonical.empty()) return make_error(ErrorKind::kInvalidInput, "unknown character set \"" + charset + "\"");
  if (canonical == "utf-8") {
    if (!text::is_valid_utf8(bytes)) return make_error(ErrorKind::kInvalidInput, "bytes are not valid utf-8");
    return DecodedDocument{std::string(bytes), canonical, false, {}};
  }
  auto utf8 = text::to_utf8(bytes, canonical);
  if (!utf8) return utf8.error();
  return DecodedDocument{std::move(*utf8), canonical, false, {}};
}

// What the bytes most likely are when nothing declared them, or the
// declaration does not fit: UTF-8 when valid, else the detector's guess.
DecodedDocument detected(std::string_view bytes, const std::string& claimed) {
  const auto guess = text::is_valid_utf8(bytes) ? std::string("utf-8") : text::detect_charset(bytes);
  auto decoded = decode_as(bytes, guess);
  if (!decoded) decoded = decode_as(bytes, "windows-1251");  // decodes any byte
  if (!claimed.empty() && decoded->encoding != claimed) {
    decoded->corrected = true;
    decoded->note = "declared " + claimed + " but the bytes are " + decoded->encoding;
  }
  return std::move(*decoded);
}

bool is_ascii(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::string charset_from_content_type(std::string_view content_type) {
  return lower(attribute_value(content_type, "charset"));
}

Result<DecodedDocument> decode_document(std::string_view bytes, std::string_view content_type) {
  for (const auto& bom : kBoms) {
    if (bytes.substr(0, bom.bytes.size()) == bom.bytes) {
      return decode_as(bytes.substr(bom.bytes.size()), bom.charset);
    }
  }
  std::string claimed = charset_from_content_type(content_type);
  if (claimed.empty()) claimed = declared_charset(bytes);
  if (!claimed.empty()) {
    auto decoded = decode_as(bytes, claimed);
    // A single-byte declaration over bytes that are valid multi-byte UTF-8 is
    // a lie too: such text is almost never meant as mojibake.
    const bool utf8_in_disguise = decoded && decoded->encoding != "utf-8" && !is_ascii(bytes) &&
                                  text::is_valid_utf8(bytes);
    if (decoded && !utf8_in_disguise) return decoded;
    claimed = text::canonical_charset(claimed);
    if (claimed.empty()) claimed = "an unknown charset";
  }
  return detected(bytes, claimed);
}

}  // namespace khabar::parse
