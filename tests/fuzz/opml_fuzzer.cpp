// libFuzzer target: the OPML reader on arbitrary bytes, and the writer on
// what it read (parse_opml(write_opml(...)) must read again).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/opml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto document = khabar::parse::parse_opml(bytes);
  if (!document) return 0;
  const auto written = khabar::parse::write_opml(document->title, document->feeds, "Mon, 01 Jan 2024 00:00:00 GMT");
  if (!khabar::parse::parse_opml(written)) std::abort();  // what we write, we read
  return 0;
}
