// libFuzzer target: the rule language (parser, @lists, NEAR, nesting), the
// matcher over arbitrary text, and the FTS5 translation. Input: the query
// on the first line, the text after it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exercise.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  khabar::fuzz::exercise_query(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
