// The validated configuration. Everything here has been checked by
// load_config: URLs are absolute http(s), durations positive, names unique,
// rules name existing alert channels.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parse/feed.h"
#include "util/result.h"

namespace khabar::config {

// Where a table came from, for error messages: "khabar.toml:12".
struct SourceLocation {
  std::string file;
  int line = 0;
  std::string str() const { return file + ":" + std::to_string(line); }
};

struct DaemonConfig {
  std::string database = "/var/lib/khabar/khabar.db";
  SourceLocation database_source;  // line 0: the default, not written in a file
  std::chrono::seconds poll_interval{15 * 60};
  std::chrono::seconds fetch_timeout{30};
  std::size_t max_feed_bytes = 16 * 1024 * 1024;
  std::string contact;  // URL or address put in the User-Agent
  std::string log_level = "info";
  // Politeness and scheduling.
  size_t max_concurrent_fetches = 64;
  size_t per_host_connections = 2;
  std::chrono::milliseconds per_host_delay{1000};
  std::chrono::seconds min_interval{5 * 60};
  std::chrono::seconds max_interval{6 * 3600};
  std::chrono::seconds max_backoff{6 * 3600};
  bool adaptive_schedule = true;
  // Observability: "ADDRESS:PORT" for /metrics and /health; empty: off.
  std::string metrics_listen;
  // Articles fetched behind items (feeds with fetch_article), per feed per poll.
  int max_articles_per_poll = 50;
};

// How long the archive keeps items: older ones are pruned daily.
struct ArchiveConfig {
  int keep_days = 0;          // 0: forever
  int keep_matched_days = 0;  // items that matched a rule; 0: forever
};

// What a [[feed]] serves: a feed (RSS, Atom, JSON Feed), a public Telegram
// channel's preview page, or a web page read with XPath.
enum class FeedType { kFeed, kTelegram, kHtml };

// Whether the article page behind each item is fetched for its text.
enum class ArticleFetch { kNever, kCandidates, kAlways };

struct FeedConfig {
  std::string name;
  std::string url;  // Telegram: always https://t.me/s/NAME (or the test server's URL)
  FeedType type = FeedType::kFeed;
  int backfill = 100;              // Telegram: posts to walk back on the first poll or after a gap
  parse::HtmlSelectors selectors;  // kHtml
  ArticleFetch fetch_article = ArticleFetch::kNever;
  std::string xpath_article;              // the article's main text on the outlet's pages; empty: by text density
  std::optional<std::string> language;    // a hint, e.g. "ru"
  std::chrono::seconds poll_interval{0};  // resolved: never zero after loading
  bool enabled = true;
  SourceLocation source;
  // Catalogue fields (feeds/*.toml), descriptive only.
  std::optional<std::string> site;
  std::optional<std::string> country;
  std::vector<std::string> languages;
  std::optional<std::string> confidence;
  std::optional<bool> confirmed;
  std::optional<std::string> note;
};

struct RuleConfig {
  std::string name;
  std::string query;
  std::vector<std::string> alerts;
  SourceLocation source;
  int query_line = 0;            // line of the query key, for syntax errors
  std::string description = {};  // one line in English: why an alert of this rule came
};

// A named term list for rules (@name): plain terms weigh 1; `weights` give
// each term its own weight for @name>=N thresholds.
struct ListConfig {
  std::string name;
  std::vector<std::pair<std::string, double>> terms;
  SourceLocation source;
};

// A list term's meaning for readers of English and Russian ([gloss] tables):
// alerts show it beside the matched term.
struct Gloss {
  std::string en;
  std::string ru;
};

// Where a secret comes from: a file (relative paths are looked up in
// $CREDENTIALS_DIRECTORY, so systemd's LoadCredential works) or an
// environment variable. Never the config file itself.
struct SecretSource {
  std::string file;
  std::string env;
  bool empty() const { return file.empty() && env.empty(); }
};

struct AlertConfig {
  std::string name;
  std::string type;  // "webhook" or "email"
  SourceLocation source;
  // Routing: only items in these languages / from feeds of these countries (empty: all).
  std::vector<std::string> languages;
  std::vector<std::string> countries;
  std::chrono::seconds timeout{15};
  std::chrono::seconds give_up_after{3 * 86400};  // keep retrying this long, then fail for good
  // Delivery: "" sends each story alone as it comes; "hourly" or "daily"
  // collects every alert into one digest per period (daily at `digest_at`, UTC).
  std::string digest;
  std::chrono::seconds digest_at{7 * 3600};
  bool every_report = false;  // later reports of a story already sent are alerts too (else: digest)
  int max_per_hour = 0;       // 0: no limit; alerts over it wait for the next (hourly) digest
  int surge_countries = 0;    // 0: off; else a surge alert when this many countries report a story
  std::chrono::seconds surge_within{6 * 3600};
  // webhook
  std::string url;
  std::string preset = "json";  // json, slack (also Mattermost), discord, telegram, matrix
  SecretSource secret;          // HMAC-SHA256 key for X-Khabar-Signature
  std::string chat_id;          // telegram
  // email
  std::string smtp_url;  // smtp:// (STARTTLS) or smtps://
  std::string from;
  std::vector<std::string> to;
  std::string username;
  SecretSource password;
  std::string ca_file;   // trust this CA too (a private mail server's)
  bool starttls = true;  // smtp://: require STARTTLS
  // Translate each report's title and summary into this language ([translate]).
  std::string translate_to;
};

// A LibreTranslate-compatible service (self-hosted) for alerts' translations.
struct TranslateConfig {
  std::string url;  // its base URL; POST {url}/translate. Empty: no translation
  SecretSource api_key;
  std::chrono::seconds timeout{10};
  int max_per_hour = 200;  // requests; beyond them, alerts go out untranslated
  SourceLocation source;
};

// One account of the newsroom ([[web.user]]): an editor triages and records
// cases; a viewer reads.
struct WebUser {
  std::string name;
  std::string role;           // "editor" or "viewer"
  std::string password_hash;  // Argon2id, as `khabar passwd` prints it ($argon2id$...)
  SourceLocation source;
};

// The newsroom pages ([web]); off while `listen` is empty.
struct WebConfig {
  std::string listen;    // "ADDRESS:PORT"
  std::string tls_cert;  // PEM files; both or neither (else TLS by a reverse proxy)
  std::string tls_key;
  std::chrono::seconds session_idle{30 * 60};  // a session unused this long ends
  std::vector<WebUser> users;
  const WebUser* find_user(const std::string& name) const;
};

struct Config {
  std::filesystem::path path;
  DaemonConfig daemon;
  ArchiveConfig archive;
  WebConfig web;
  std::vector<FeedConfig> feeds;
  std::vector<RuleConfig> rules;
  std::vector<ListConfig> lists;
  std::vector<AlertConfig> alerts;
  TranslateConfig translate;
  std::map<std::string, Gloss, std::less<>> glosses;  // by the term as written in its list
  // A cheap query that picks the items whose article is worth fetching
  // (fetch_article = "candidates"); empty: every new item's.
  std::string prefilter;
  SourceLocation prefilter_source;

  const AlertConfig* find_alert(const std::string& name) const;
};

// The configuration as far as it could be read, and every error found in
// it, each "FILE:LINE: KEY: what is wrong", in the order found. Callers that
// check more (rule queries, secrets) append theirs to the same list, so a
// user fixes a broken configuration in one pass.
struct ConfigReport {
  Config config;
  std::vector<std::string> errors;
};

// Reads, validates and resolves the configuration at `path`, following
// `include` globs relative to the including file. Never fails: what is wrong
// is in `errors`, and `config` holds what could be read.
ConfigReport read_config(const std::filesystem::path& path);

// read_config, as a Result: kInvalidConfig with the errors one per line.
Result<Config> load_config(const std::filesystem::path& path);

// Reads a rules file for `khabar match`: [[rule]] and [[list]] tables and
// includes. Channels named by rules are not checked; any other table is an
// error.
Result<Config> load_rules(const std::filesystem::path& path);

// The config path from the command line, else $KHABAR_CONFIG, else
// /etc/khabar/config.toml.
std::filesystem::path resolve_config_path(const std::string& from_command_line);

// For a first run: what to tell a user who gave no -c and no $KHABAR_CONFIG
// when nothing is at the default path; nullopt in every other case (then a
// missing file is an ordinary error naming it).
std::optional<std::string> missing_default_config(const std::string& from_command_line);

}  // namespace khabar::config
