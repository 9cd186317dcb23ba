// Bytes of a feed document to UTF-8, choosing the charset the way feed
// readers do: byte-order mark, HTTP charset, XML declaration, then the bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace khabar::parse {

struct DecodedDocument {
  std::string utf8;
  std::string encoding;    // canonical lower-case charset name
  bool corrected = false;  // the declared charset was wrong, missing or bytes were replaced
  std::string note;        // why, when corrected
};

// Fails only when no charset decodes the bytes.
Result<DecodedDocument> decode_document(std::string_view bytes, std::string_view content_type);

// The charset parameter of a Content-Type header, or empty.
std::string charset_from_content_type(std::string_view content_type);

}  // namespace khabar::parse
