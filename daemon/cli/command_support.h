// What the commands share: the configuration loaded and checked (every error
// at once), the archive opened, a file read, the fetch limits.
#pragma once

#include <optional>
#include <string>

#include "config/config.h"
#include "fetch/curl_multi_client.h"
#include "service/rule_book.h"
#include "store/archive.h"

namespace khabar::cli {

struct Loaded {
  config::Config config;
  service::RuleBook rules;
};

// What load() checks beyond the files themselves.
struct LoadChecks {
  bool secrets = false;   // every secret named is there: commands that deliver
  bool database = false;  // the database can be written: check-config (run and poll find out by opening it)
};

// Loads and validates the config and its rules; prints errors itself.
std::optional<Loaded> load(const std::string& path, const LoadChecks& checks = {});

// The configured archive with its channels' policies; logs why not.
std::optional<store::Archive> open_archive(const config::Config& config);

// A whole file's bytes; nothing when it cannot be read.
std::optional<std::string> read_file(const std::string& path);

// libcurl's connection limits from [daemon].
fetch::CurlMultiOptions fetch_options(const config::DaemonConfig& daemon);

}  // namespace khabar::cli
