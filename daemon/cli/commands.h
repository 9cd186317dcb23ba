// The khabar subcommands. Each returns the process exit code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "parse/feed.h"

namespace khabar::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 64;      // EX_USAGE
constexpr int kExitDataError = 65;  // EX_DATAERR: input that cannot be read
constexpr int kExitConfig = 78;     // EX_CONFIG

struct ParseArgs {
  std::string file;
  std::string content_type;
  std::string url;
  std::string type = "auto";  // auto (feeds and Telegram pages), telegram, html
  parse::HtmlSelectors selectors;
};

struct SearchArgs {
  std::string query;  // the rule language; may be empty when filters are given
  // Default: 20 for the table a person reads, all of them for an export.
  std::optional<int> limit;
  bool json = false;               // same as format = "json": one document
  bool jsonl = false;              // same as format = "jsonl": one object per line
  std::string sort = "published";  // published or fetched, newest first
  std::string since, until;        // a date ("2024-03-05", RFC 3339) or an age ("7d", "12h")
  std::string language, feed, rule;
  std::string triage;  // relevant, irrelevant, unlabelled (editors' labels in the newsroom)
  std::int64_t story = 0;
  std::string format = "table";  // table, json, jsonl, csv, atom
};

struct ReplayArgs {
  std::string rule_or_query;
  std::string since;
  std::optional<int> limit;      // default as for search
  std::string format = "table";  // table, json, jsonl, csv, atom
};

struct MatchArgs {
  std::string rules;
  std::string input;   // "-" or empty: standard input
  bool terms = false;  // also the words each rule matched, for rule authors
};

int parse_command(const ParseArgs& args);
int match_command(const MatchArgs& args);
int check_config_command(const std::string& config_path);
int poll_once_command(const std::string& config_path);
int run_command(const std::string& config_path);
int status_command(const std::string& config_path, bool json);
int backup_command(const std::string& config_path, const std::string& path);
int replay_command(const std::string& config_path, const ReplayArgs& args);
int search_command(const std::string& config_path, const SearchArgs& args);

}  // namespace khabar::cli
