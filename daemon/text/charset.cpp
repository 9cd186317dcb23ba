#include "text/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <array>
#include <cctype>
#include <memory>

namespace khabar::text {
namespace {

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

Converter open_strict(const std::string& charset) {
  UErrorCode status = U_ZERO_ERROR;
  Converter converter(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status)) return nullptr;
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  return converter;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::string canonical_charset(const std::string& label) {
  Converter converter = open_strict(label);
  if (!converter) return {};
  UErrorCode status = U_ZERO_ERROR;
  const char* internal = ucnv_getName(converter.get(), &status);
  for (const char* standard : {"MIME", "IANA"}) {
    status = U_ZERO_ERROR;
    if (const char* name = ucnv_getStandardName(internal, standard, &status); name && U_SUCCESS(status)) {
      return lower(name);
    }
  }
  return lower(internal);
}

Result<std::string> to_utf8(std::string_view bytes, const std::string& charset) {
  Converter converter = open_strict(charset);
  if (!converter) return make_error(ErrorKind::kInvalidInput, "unknown character set \"" + charset + "\"");
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString unicode(bytes.data(), static_cast<int32_t>(bytes.size()), converter.get(), status);
  if (U_FAILURE(status)) {
    return make_error(ErrorKind::kInvalidInput, "bytes are not valid " + charset);
  }
  std::string out;
  unicode.toUTF8String(out);
  return out;
}

std::string detect_charset(std::string_view bytes) {
  static const std::array<const char*, 6> kCandidates{"windows-1251", "koi8-r", "iso-8859-5",
                                                      "windows-1252", "iso-8859-1", "utf-8"};
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&status), ucsdet_close);
  if (U_FAILURE(status)) return "windows-1251";
  const auto length = static_cast<int32_t>(std::min<size_t>(bytes.size(), 1 << 16));
  ucsdet_setText(detector.get(), bytes.data(), length, &status);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
  for (int32_t i = 0; U_SUCCESS(status) && i < count; ++i) {
    const auto name = canonical_charset(ucsdet_getName(matches[i], &status));
    if (std::find(kCandidates.begin(), kCandidates.end(), name) != kCandidates.end() && name != "utf-8") return name;
  }
  return "windows-1251";
}

bool is_valid_utf8(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    // Eight ASCII bytes at a time: most of a feed's markup.
    while (i + 8 <= bytes.size()) {
      std::uint64_t chunk;
      std::memcpy(&chunk, bytes.data() + i, 8);
      if (chunk & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= bytes.size()) break;
    const auto c = static_cast<unsigned char>(bytes[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > bytes.size()) return false;
    if (length == 2 && c < 0xC2) return false;  // overlong
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80) return false;
    }
    if (length == 3) {
      const auto c1 = static_cast<unsigned char>(bytes[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return false;
    } else if (length == 4) {
      const auto c1 = static_cast<unsigned char>(bytes[i + 1]);
      if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90) || c > 0xF4) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace khabar::text
