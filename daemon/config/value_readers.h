// Readers of config values that have a format of their own: listen
// addresses. Each reports a bad value on the reader
// (FILE:LINE: KEY: why) and returns what is usable.
#pragma once

#include <string>

#include "config/toml_table_reader.h"

namespace khabar::config {

// Whether `value` of `key` is an address `run` can bind (util/listen_address.h);
// reports it if not, with `example` of one that is.
bool check_listen(TomlTableReader& r, const std::string& key, const std::string& value, const char* example);

}  // namespace khabar::config
