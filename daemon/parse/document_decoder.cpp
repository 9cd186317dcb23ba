#include "parse/document_decoder.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "text/charset.h"
#include "util/utf8.h"

namespace khabar::parse {
namespace {

struct Signature {
  std::string_view bytes;
  const char* charset;
};

// Byte-order marks. Explicit lengths: the UTF-32 marks contain NUL bytes.
// Longest first.
constexpr std::array<Signature, 5> kBoms{{{std::string_view("\x00\x00\xFE\xFF", 4), "utf-32be"},
                                          {std::string_view("\xFF\xFE\x00\x00", 4), "utf-32le"},
                                          {std::string_view("\xEF\xBB\xBF", 3), "utf-8"},
                                          {std::string_view("\xFE\xFF", 2), "utf-16be"},
                                          {std::string_view("\xFF\xFE", 2), "utf-16le"}}};

// "<?" or "<" in the families XML 1.0 Appendix F lets a parser tell apart
// without a byte-order mark; "ebcdic" is settled by the declaration.
constexpr std::array<Signature, 5> kFirstBytes{{{std::string_view("\x00\x00\x00\x3C", 4), "utf-32be"},
                                                {std::string_view("\x3C\x00\x00\x00", 4), "utf-32le"},
                                                {std::string_view("\x00\x3C\x00\x3F", 4), "utf-16be"},
                                                {std::string_view("\x3C\x00\x3F\x00", 4), "utf-16le"},
                                                {std::string_view("\x4C\x6F\xA7\x94", 4), "ebcdic"}}};

// A document this much UTF-8 is UTF-8 with a few bad bytes, not another
// charset: each ill-formed sequence needs this many good multi-byte ones.
constexpr std::size_t kGoodSequencesPerBadOne = 4;

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
  if (end > 200) return {};  // npos too: no end to the declaration
  return attribute_value(bytes.substr(0, end), "encoding");
}

// `census` is utf8_census(bytes): well-formed bytes (nearly every feed) are
// copied as they are instead of decoded a second time.
DecodedDocument lenient_utf8(std::string_view bytes, const text::Utf8Census& census) {
  if (census.invalid == 0) return DecodedDocument{std::string(bytes), "utf-8", false, {}};
  std::size_t replaced = 0;
  auto utf8 = text::decode_utf8_lenient(bytes, replaced);
  DecodedDocument decoded{std::move(utf8), "utf-8", replaced > 0, {}};
  if (replaced > 0) {
    decoded.note =
        std::to_string(replaced) + " ill-formed utf-8 sequence" + (replaced > 1 ? "s" : "") + " replaced with U+FFFD";
  }
  return decoded;
}

bool mostly_utf8(const text::Utf8Census& census) {
  return census.invalid == 0 || census.multibyte >= kGoodSequencesPerBadOne * census.invalid;
}

Result<DecodedDocument> decode_as(std::string_view bytes, const std::string& charset) {
  const auto canonical = text::canonical_charset(charset);
  if (canonical.empty()) return make_error(ErrorKind::kInvalidInput, "unknown character set \"" + charset + "\"");
  if (canonical == "utf-8") {
    const auto census = text::utf8_census(bytes);
    if (!mostly_utf8(census)) return make_error(ErrorKind::kInvalidInput, "bytes are not valid utf-8");
    return lenient_utf8(bytes, census);
  }
  auto utf8 = text::to_utf8(bytes, canonical);
  if (!utf8) return utf8.error();
  return DecodedDocument{std::move(*utf8), canonical, false, {}};
}

// What the bytes most likely are when nothing declared them, or the
// declaration does not fit: UTF-8 when (mostly) valid, else the detector's
// guess. An undeclared document that is not UTF-8 is not well-formed XML.
DecodedDocument detected(std::string_view bytes, const std::string& claimed) {
  if (const auto census = text::utf8_census(bytes); mostly_utf8(census)) {
    auto decoded = lenient_utf8(bytes, census);
    if (!claimed.empty() && claimed != "utf-8") {
      decoded.note =
          "declared " + claimed + " but the bytes are utf-8" + (decoded.note.empty() ? "" : "; ") + decoded.note;
      decoded.corrected = true;
    }
    return decoded;
  }
  auto guess = text::detect_charset(bytes);
  auto decoded = guess.empty() ? decode_as(bytes, "windows-1252") : decode_as(bytes, guess);
  if (!decoded) decoded = decode_as(bytes, "windows-1251");  // decodes any byte
  decoded->corrected = true;
  decoded->note = (claimed.empty() ? "undeclared encoding" : "declared " + claimed + " but the bytes are") +
                  std::string(claimed.empty() ? " detected as " : " ") + decoded->encoding;
  return std::move(*decoded);
}

bool is_ascii(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// UTF-16, UTF-32 or EBCDIC without a byte-order mark, told by the first
// characters of the declaration.
std::optional<Result<DecodedDocument>> decode_by_first_bytes(std::string_view bytes) {
  for (const auto& family : kFirstBytes) {
    if (bytes.substr(0, family.bytes.size()) != family.bytes) continue;
    if (std::string_view(family.charset) != "ebcdic") return decode_as(bytes, family.charset);
    const auto head = text::to_utf8(bytes.substr(0, 200), "ibm037");
    const auto label = head ? declared_charset(*head) : std::string();
    return decode_as(bytes, label.empty() ? "ibm037" : label);
  }
  return std::nullopt;
}

// Windows-1252's punctuation in the C1 control range (U+0080-U+009F), as
// text converted from cp1252 as if it were ISO-8859-1 carries it: "don\u0092t"
// is "don’t". Feed text never means the controls; the five bytes cp1252
// leaves undefined stay as they are.
constexpr std::array<char16_t, 32> kCp1252C1{0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                             0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                             0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                             0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool c1_at(std::string_view s, size_t i) {
  return static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
         static_cast<unsigned char>(s[i + 1]) <= 0x9F && kCp1252C1[static_cast<unsigned char>(s[i + 1]) - 0x80] != 0;
}

// Only where a control can have come through unmapped: Unicode and ISO-8859
// text (EBCDIC's U+0085 is its newline, and the other charsets map these
// bytes to letters).
void map_c1_punctuation(DecodedDocument& document) {
  const auto& encoding = document.encoding;
  if (encoding.rfind("utf-", 0) != 0 && encoding.rfind("iso-8859", 0) != 0) return;
  std::string_view text = document.utf8;
  size_t i = text.find('\xC2');
  while (i != std::string_view::npos && !c1_at(text, i)) i = text.find('\xC2', i + 1);
  if (i == std::string_view::npos) return;  // nearly every document: nothing copied
  std::string out(text.substr(0, i));
  for (; i < text.size(); ++i) {
    if (c1_at(text, i)) {
      append_utf8(out, kCp1252C1[static_cast<unsigned char>(text[i + 1]) - 0x80]);
      ++i;
    } else {
      out += text[i];
    }
  }
  document.utf8 = std::move(out);
}

Result<DecodedDocument> decode_bytes(std::string_view bytes, std::string_view content_type) {
  for (const auto& bom : kBoms) {
    if (bytes.substr(0, bom.bytes.size()) == bom.bytes) {
      return decode_as(bytes.substr(bom.bytes.size()), bom.charset);
    }
  }
  if (auto decoded = decode_by_first_bytes(bytes); decoded && *decoded) return std::move(**decoded);
  std::string claimed = charset_from_content_type(content_type);
  if (claimed.empty()) claimed = declared_charset(bytes);
  if (!claimed.empty()) {
    auto decoded = decode_as(bytes, claimed);
    // A single-byte declaration over bytes that are valid multi-byte UTF-8 is
    // a lie too: such text is almost never meant as mojibake.
    const bool utf8_in_disguise =
        decoded && decoded->encoding != "utf-8" && !is_ascii(bytes) && text::is_valid_utf8(bytes);
    if (decoded && !utf8_in_disguise) return decoded;
    const auto canonical = text::canonical_charset(claimed);
    claimed = canonical.empty() ? "an unknown charset \"" + claimed + "\"" : canonical;
  }
  return detected(bytes, claimed);
}

}  // namespace

std::string charset_from_content_type(std::string_view content_type) {
  return lower(attribute_value(content_type, "charset"));
}

Result<DecodedDocument> decode_document(std::string_view bytes, std::string_view content_type) {
  auto decoded = decode_bytes(bytes, content_type);
  if (decoded) map_c1_punctuation(*decoded);
  return decoded;
}

}  // namespace khabar::parse
