// libFuzzer target: web pages (Telegram channel previews, news lists read
// with XPath, articles) through charset decoding, gumbo's DOM and the page
// readers. Any crash, leak, sanitizer report or exception is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exercise.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  khabar::fuzz::exercise_page(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
