#include "config/value_readers.h"

#include "util/listen_address.h"

namespace khabar::config {

bool check_listen(TomlTableReader& r, const std::string& key, const std::string& value, const char* example) {
  const auto parsed = parse_listen_address(value);
  if (!parsed) r.fail(key, "\"" + value + "\" " + parsed.error().message + ", e.g. \"" + example + "\"");
  return parsed.ok();
}

}  // namespace khabar::config
