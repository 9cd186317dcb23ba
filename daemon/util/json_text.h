// The one way khabar writes JSON text: any byte sequence in a string is
// written, ill-formed UTF-8 as U+FFFD, so serializing never throws (nlohmann's
// own dump() throws type_error 316 on ill-formed UTF-8).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace khabar {

// `indent` < 0: compact, on one line; otherwise pretty-printed.
template <typename Json>
std::string json_text(const Json& value, int indent = -1) {
  return value.dump(indent, ' ', false, nlohmann::detail::error_handler_t::replace);
}

}  // namespace khabar
