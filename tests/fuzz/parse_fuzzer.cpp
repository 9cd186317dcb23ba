// libFuzzer target: charset decoding, XML repair and feed parsing of
// arbitrary bytes, with and without an HTTP charset, and the JSON that
// `khabar parse` prints. Any crash, leak, sanitizer report or exception is a
// bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parse/feed_json.h"
#include "parse/feed_parser.h"
#include "util/json_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  khabar::parse::ParseOptions options;
  options.max_bytes = 1 << 20;
  options.url = "https://fuzz.example/feed/";
  // The first byte picks a transport charset, as a server would send one.
  static constexpr const char* kContentTypes[] = {"", "text/xml; charset=windows-1251",
                                                  "application/rss+xml; charset=koi8-r", "text/xml; charset=utf-8",
                                                  "application/json; charset=bogus"};
  if (size > 0) options.content_type = kContentTypes[data[0] % 5];
  auto parsed = khabar::parse::parse_feed(bytes, options);
  if (parsed) (void)khabar::json_text(khabar::parse::to_json(*parsed), 2);
  return 0;
}
