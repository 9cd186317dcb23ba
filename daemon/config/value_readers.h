// Readers of config values that have a format of their own: language and
// country codes, listen addresses. Each reports a bad value on the reader
// (FILE:LINE: KEY: why) and returns what is usable.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/toml_table_reader.h"

namespace khabar::config {

// A language code ("ky", "uz-Latn"), primary subtag lower-cased; nullopt when
// absent or not a code (util/locale_codes.h). Stored normalized, so every
// comparison after loading may be plain.
std::optional<std::string> read_language(TomlTableReader& r, const std::string& key);
// A country code ("KG"), upper-cased; nullopt when absent or not a code.
std::optional<std::string> read_country(TomlTableReader& r, const std::string& key);
// Arrays of them: the codes that are valid, normalized.
std::vector<std::string> read_languages(TomlTableReader& r, const std::string& key);
std::vector<std::string> read_countries(TomlTableReader& r, const std::string& key);

// Whether `value` of `key` is an address `run` can bind (util/listen_address.h);
// reports it if not, with `example` of one that is.
bool check_listen(TomlTableReader& r, const std::string& key, const std::string& value, const char* example);

}  // namespace khabar::config
