#include "config/value_readers.h"

#include "util/listen_address.h"
#include "util/locale_codes.h"

namespace khabar::config {
namespace {

std::optional<std::string> language_of(TomlTableReader& r, const std::string& key, const std::string& code) {
  if (is_language_code(code)) return normalize_language(code);
  r.fail(key, "\"" + code + "\" is not a language code like \"ky\", \"ru\" or \"uz-Latn\" (ISO 639)");
  return std::nullopt;
}

std::optional<std::string> country_of(TomlTableReader& r, const std::string& key, const std::string& code) {
  if (is_country_code(code)) return normalize_country(code);
  r.fail(key, "\"" + code + "\" is not a country code like \"KG\" (ISO 3166-1, two letters)");
  return std::nullopt;
}

template <typename Check>
std::vector<std::string> read_codes(TomlTableReader& r, const std::string& key, Check check) {
  std::vector<std::string> out;
  for (const auto& code : r.strings(key).value_or(std::vector<std::string>{})) {
    if (auto valid = check(r, key, code)) out.push_back(std::move(*valid));
  }
  return out;
}

}  // namespace

std::optional<std::string> read_language(TomlTableReader& r, const std::string& key) {
  const auto code = r.string(key);
  return code ? language_of(r, key, *code) : std::nullopt;
}

std::optional<std::string> read_country(TomlTableReader& r, const std::string& key) {
  const auto code = r.string(key);
  return code ? country_of(r, key, *code) : std::nullopt;
}

std::vector<std::string> read_languages(TomlTableReader& r, const std::string& key) {
  return read_codes(r, key, language_of);
}

std::vector<std::string> read_countries(TomlTableReader& r, const std::string& key) {
  return read_codes(r, key, country_of);
}

bool check_listen(TomlTableReader& r, const std::string& key, const std::string& value, const char* example) {
  const auto parsed = parse_listen_address(value);
  if (!parsed) r.fail(key, "\"" + value + "\" " + parsed.error().message + ", e.g. \"" + example + "\"");
  return parsed.ok();
}

}  // namespace khabar::config
