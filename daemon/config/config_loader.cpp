// load_config: reads TOML files with toml++, follows includes, validates
// every table and collects all errors before failing, so a user fixes a
// broken file in one pass.
#include <glob.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "config/config.h"
#include "config/telegram_url.h"
#include "config/toml_table_reader.h"
#include "config/value_readers.h"
#include "parse/html_dom.h"
#include "util/suggest.h"
#include "util/url.h"

namespace khabar::config {
namespace {

namespace fs = std::filesystem;
constexpr int kMaxIncludeDepth = 8;
constexpr const char* kDefaultConfigPath = "/etc/khabar/config.toml";
// Channels post in bursts and t.me rate-limits eager readers.
constexpr std::chrono::seconds kTelegramInterval{10 * 60};

const std::vector<std::string> kSourceTypes{"rss", "telegram", "html"};
const std::vector<std::string> kAlertTypes{"webhook", "email"};
// The keys only some kinds read: allowed when the kind is mistyped, so only
// the type is reported. Keep in step with read_source_kind, read_webhook
// and read_email.
const std::vector<std::string> kSourceKindKeys{"backfill",   "xpath_item",    "xpath_link",   "xpath_title",
                                               "xpath_date", "xpath_summary", "xpath_author", "utc_offset"};
const std::vector<std::string> kWebhookKeys{"url", "preset", "secret_file", "secret_env", "chat_id"};
const std::vector<std::string> kEmailKeys{"smtp_url",      "from",         "to",      "username",
                                          "password_file", "password_env", "ca_file", "starttls"};

bool is_one_of(const std::string& value, const std::vector<std::string>& choices) {
  return std::find(choices.begin(), choices.end(), value) != choices.end();
}

std::vector<fs::path> expand_glob(const fs::path& pattern) {
  glob_t matches{};
  std::vector<fs::path> out;
  if (::glob(pattern.c_str(), GLOB_NOCHECK, nullptr, &matches) == 0) {
    for (size_t i = 0; i < matches.gl_pathc; ++i) out.emplace_back(matches.gl_pathv[i]);
  }
  ::globfree(&matches);
  return out;
}

class ConfigLoader {
 public:
  explicit ConfigLoader(bool rules_only) : rules_only_(rules_only) {}

  // Resolves even a config with errors: duplicate names and unknown
  // channels join the list rather than waiting for the next pass.
  ConfigReport read(const fs::path& path) {
    config_.path = path;
    load_file(path, "", 0, 0);
    resolve();
    return {std::move(config_), std::move(errors_)};
  }

 private:
  void load_file(const fs::path& path, const std::string& included_from, int line, int depth) {
    const auto where = included_from.empty() ? "" : included_from + ":" + std::to_string(line) + ": include: ";
    if (depth > kMaxIncludeDepth) return errors_.push_back(where + "includes nested too deeply");
    const auto canonical = fs::weakly_canonical(path);
    if (!visited_.insert(canonical).second) return;  // included twice: read once
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return errors_.push_back(where + path.string() +
                               ":0: cannot read the file: " + std::string(std::strerror(errno)));
    }
    std::stringstream text;
    text << in.rdbuf();
    try {
      const auto table = toml::parse(text.str(), path.string());
      read_root(table, path, depth);
    } catch (const toml::parse_error& error) {
      std::ostringstream message;
      message << path.string() << ":" << error.source().begin.line << ": " << error.description();
      errors_.push_back(message.str());
    }
  }

  void read_root(const toml::table& root, const fs::path& path, int depth) {
    const bool is_main = depth == 0;
    TomlTableReader reader(root, path.string(), "");
    if (is_main && !rules_only_) {
      if (const auto* daemon = root.get("daemon")) read_daemon(*daemon, path);
      if (const auto* archive = root.get("archive")) read_archive(*archive, path);
      if (const auto* translate = root.get("translate")) read_translate(*translate, path);
      if (const auto* web = root.get("web")) read_web(*web, path);
      reader.allow({"daemon", "archive", "translate", "web"});
    }
    if (!rules_only_) {
      read_array(root, "feed", path, [&](TomlTableReader& r) { read_feed(r); });
      read_array(root, "alert", path, [&](TomlTableReader& r) { read_alert(r); });
      reader.allow({"feed", "alert"});
    }
    read_array(root, "rule", path, [&](TomlTableReader& r) { read_rule(r); });
    read_array(root, "list", path, [&](TomlTableReader& r) { read_list(r); });
    if (const auto* glosses = root.get("gloss")) read_glosses(*glosses, path);
    if (auto prefilter = reader.string("prefilter")) {
      if (!config_.prefilter.empty()) {
        reader.fail("prefilter", "is already given at " + config_.prefilter_source.str() + ": one prefilter only");
      }
      config_.prefilter = *prefilter;
      config_.prefilter_source = {path.string(), reader.line_of("prefilter")};
    }
    reader.allow({"rule", "list", "gloss"});
    if (const auto includes = reader.strings("include")) {
      for (const auto& pattern : *includes) {
        const auto resolved = fs::path(pattern).is_absolute() ? fs::path(pattern) : path.parent_path() / pattern;
        for (const auto& file : expand_glob(resolved)) {
          load_file(file, path.string(), reader.line_of("include"), depth + 1);
        }
      }
    }
    reader.reject_unknown_keys();
    take_errors(reader);
  }

  template <typename ReadOne>
  void read_array(const toml::table& root, const std::string& key, const fs::path& path, ReadOne read_one) {
    const auto* node = root.get(key);
    if (!node) return;
    const auto* array = node->as_array();
    if (!array || !array->is_array_of_tables()) {
      errors_.push_back(path.string() + ":" + std::to_string(node->source().begin.line) + ": " + key +
                        ": must be an array of tables, written [[" + key + "]]");
      return;
    }
    for (size_t i = 0; i < array->size(); ++i) {
      TomlTableReader reader(*array->get(i)->as_table(), path.string(),
                             key + "[" + std::to_string(counters_[key]++) + "]");
      read_one(reader);
      reader.reject_unknown_keys();
      take_errors(reader);
    }
  }

  void read_daemon(const toml::node& node, const fs::path& path) {
    if (!node.is_table()) {
      errors_.push_back(path.string() + ":" + std::to_string(node.source().begin.line) +
                        ": daemon: must be a table, written [daemon]");
      return;
    }
    TomlTableReader r(*node.as_table(), path.string(), "daemon");
    auto& d = config_.daemon;
    if (auto v = r.string("database")) d.database = *v, d.database_source = {r.file(), r.line_of("database")};
    if (auto v = r.duration("poll_interval")) d.poll_interval = *v;
    if (auto v = r.duration("fetch_timeout")) d.fetch_timeout = *v;
    if (auto v = r.string("contact")) d.contact = *v;
    if (auto v = r.integer("max_feed_bytes")) {
      if (*v < 1024)
        r.fail("max_feed_bytes", "must be at least 1024");
      else
        d.max_feed_bytes = static_cast<std::size_t>(*v);
    }
    if (auto v = r.integer("max_concurrent_fetches")) {
      if (*v < 1 || *v > 10000)
        r.fail("max_concurrent_fetches", "must be between 1 and 10000");
      else
        d.max_concurrent_fetches = static_cast<size_t>(*v);
    }
    if (auto v = r.integer("max_articles_per_poll")) {
      if (*v < 0 || *v > 10000)
        r.fail("max_articles_per_poll", "must be between 0 and 10000");
      else
        d.max_articles_per_poll = static_cast<int>(*v);
    }
    if (auto v = r.integer("per_host_connections")) {
      if (*v < 1 || *v > 64)
        r.fail("per_host_connections", "must be between 1 and 64");
      else
        d.per_host_connections = static_cast<size_t>(*v);
    }
    if (const auto* delay = r.find_node("per_host_delay");
        delay && delay->is_string() && *delay->value<std::string>() == "0s") {
      d.per_host_delay = std::chrono::milliseconds(0);
    } else if (auto v = r.duration("per_host_delay")) {
      d.per_host_delay = *v;
    }
    if (auto v = r.duration("min_interval")) d.min_interval = *v;
    if (auto v = r.duration("max_interval")) d.max_interval = *v;
    if (auto v = r.duration("max_backoff")) d.max_backoff = *v;
    if (auto v = r.boolean("adaptive_schedule")) d.adaptive_schedule = *v;
    if (auto v = r.string("metrics_listen"); v && check_listen(r, "metrics_listen", *v, "127.0.0.1:9464")) {
      d.metrics_listen = *v;
    }
    if (d.min_interval > d.max_interval) r.fail("min_interval", "is longer than max_interval");
    if (auto v = r.string("log_level")) {
      static const std::set<std::string> kLevels{"trace", "debug", "info", "warn", "error"};
      if (!kLevels.count(*v))
        r.fail("log_level", "must be one of trace, debug, info, warn, error");
      else
        d.log_level = *v;
    }
    if (!d.database.empty() && d.database[0] != '/' && d.database != ":memory:") {
      d.database = (path.parent_path() / d.database).string();
    }
    r.reject_unknown_keys();
    take_errors(r);
  }

  void read_archive(const toml::node& node, const fs::path& path) {
    if (!node.is_table()) {
      errors_.push_back(path.string() + ":" + std::to_string(node.source().begin.line) +
                        ": archive: must be a table, written [archive]");
      return;
    }
    TomlTableReader r(*node.as_table(), path.string(), "archive");
    for (const auto& [key, slot] : {std::pair{"keep_days", &config_.archive.keep_days},
                                    std::pair{"keep_matched_days", &config_.archive.keep_matched_days}}) {
      if (auto v = r.integer(key)) {
        if (*v < 0 || *v > 100000)
          r.fail(key, "must be a number of days (0: forever)");
        else
          *slot = static_cast<int>(*v);
      }
    }
    r.reject_unknown_keys();
    take_errors(r);
  }

  void read_translate(const toml::node& node, const fs::path& path) {
    if (!node.is_table()) {
      errors_.push_back(path.string() + ":" + std::to_string(node.source().begin.line) +
                        ": translate: must be a table, written [translate]");
      return;
    }
    TomlTableReader r(*node.as_table(), path.string(), "translate");
    auto& t = config_.translate;
    t.source = {r.file(), r.line()};
    if (auto v = r.string("url", true)) {
      if (!is_http_url(*v)) r.fail("url", "is not an absolute http(s) URL");
      t.url = *v;
    }
    t.api_key = read_secret(r, "api_key");
    if (auto v = r.duration("timeout")) t.timeout = *v;
    if (auto v = r.integer("max_per_hour")) {
      if (*v < 1 || *v > 1000000)
        r.fail("max_per_hour", "must be between 1 and 1000000");
      else
        t.max_per_hour = static_cast<int>(*v);
    }
    r.reject_unknown_keys();
    take_errors(r);
  }

  void read_web(const toml::node& node, const fs::path& path) {
    if (!node.is_table()) {
      errors_.push_back(path.string() + ":" + std::to_string(node.source().begin.line) +
                        ": web: must be a table, written [web]");
      return;
    }
    TomlTableReader r(*node.as_table(), path.string(), "web");
    auto& w = config_.web;
    if (auto v = r.string("listen"); v && check_listen(r, "listen", *v, "127.0.0.1:8080")) w.listen = *v;
    for (const auto& [key, slot] : {std::pair{"tls_cert", &w.tls_cert}, std::pair{"tls_key", &w.tls_key}}) {
      if (auto v = r.string(key)) {
        *slot = fs::path(*v).is_absolute() ? *v : (path.parent_path() / *v).string();
        if (!fs::is_regular_file(*slot)) r.fail(key, "cannot read " + *slot);
      }
    }
    if (w.tls_cert.empty() != w.tls_key.empty())
      r.fail(w.tls_cert.empty() ? "tls_key" : "tls_cert", "give both tls_cert and tls_key");
    if (auto v = r.duration("session_idle")) w.session_idle = *v;
    r.allow({"user"});
    r.reject_unknown_keys();
    take_errors(r);
    read_web_users(*node.as_table(), path);
    if (!w.listen.empty() && w.users.empty()) {
      errors_.push_back(path.string() + ":" + std::to_string(node.source().begin.line) +
                        ": web.listen: is set, but no [[web.user]] can log in");
    }
  }

  void read_web_users(const toml::table& web, const fs::path& path) {
    const auto* node = web.get("user");
    if (!node) return;
    const auto* array = node->as_array();
    if (!array || !array->is_array_of_tables()) {
      errors_.push_back(path.string() + ":" + std::to_string(node->source().begin.line) +
                        ": web.user: must be an array of tables, written [[web.user]]");
      return;
    }
    for (size_t i = 0; i < array->size(); ++i) {
      TomlTableReader r(*array->get(i)->as_table(), path.string(), "web.user[" + std::to_string(i) + "]");
      WebUser user;
      user.source = {r.file(), r.line()};
      if (auto v = r.string("name", true)) {
        if (v->empty() || v->size() > 64 || v->find_first_of(" \t\r\n\"'<>&") != std::string::npos) {
          r.fail("name", "\"" + *v + "\" is not a user name: 1 to 64 characters, no spaces, quotes or <>&");
        }
        user.name = *v;
      }
      if (auto v = r.string("role", true)) {
        if (*v != "editor" && *v != "viewer") r.fail("role", "\"" + *v + "\" is not a role (editor, viewer)");
        user.role = *v;
      }
      if (auto v = r.string("password_hash", true)) {
        if (v->rfind("$argon2id$", 0) != 0)
          r.fail("password_hash", "is not an Argon2id hash ($argon2id$...): make one with `khabar passwd`");
        user.password_hash = *v;
      }
      r.reject_unknown_keys();
      take_errors(r);
      config_.web.users.push_back(std::move(user));
    }
    check_unique(config_.web.users, "web.user");
  }

  void read_feed(TomlTableReader& r) {
    FeedConfig feed;
    feed.source = {r.file(), r.line()};
    if (auto url = r.string("url", true)) {
      if (!is_http_url(*url)) r.fail("url", "\"" + *url + "\" is not an absolute http(s) URL");
      feed.url = *url;
    }
    if (auto name = r.string("name")) {
      if (name->empty() || name->find_first_of(" \t\r\n\"'/\\") != std::string::npos) {
        r.fail("name", "\"" + *name + "\" is not a feed name: use letters, digits, '-', '_' or '.', without spaces");
      }
      feed.name = *name;
    }
    read_source_kind(r, feed);
    if (feed.name.empty()) feed.name = url_host(feed.url).value_or("");
    feed.language = read_language(r, "language");
    if (auto v = r.duration("poll_interval"))
      feed.poll_interval = *v;
    else if (feed.type == FeedType::kTelegram)
      feed.poll_interval = kTelegramInterval;
    if (auto v = r.boolean("enabled")) feed.enabled = *v;
    read_article_fetch(r, feed);
    // Catalogue fields (feeds/*.toml): descriptive, used by `feeds list` and `feeds export`.
    feed.site = r.string("site");
    feed.country = read_country(r, "country");
    feed.languages = read_languages(r, "languages");
    feed.confidence = r.string("confidence");
    feed.confirmed = r.boolean("confirmed");
    feed.note = r.string("note");
    config_.feeds.push_back(std::move(feed));
  }

  // type = "rss" | "telegram" | "html", and what each kind needs. A t.me
  // URL is a Telegram channel whatever its spelling: it becomes its preview.
  // A mistyped type is one error: the keys of the kind meant are not also
  // refused as belonging to another.
  void read_source_kind(TomlTableReader& r, FeedConfig& feed) {
    const auto type = r.string("type");
    const auto channel = config::telegram_channel(feed.url);
    if (type && !is_one_of(*type, kSourceTypes)) {
      r.fail("type",
             "\"" + *type + "\" is not a source type (rss, telegram, html)" + did_you_mean(*type, kSourceTypes));
      return r.allow(kSourceKindKeys);
    }
    if ((type && *type == "telegram") || (!type && channel)) {
      feed.type = FeedType::kTelegram;
      if (channel) {
        if (!is_telegram_name(*channel)) r.fail("url", "\"" + *channel + "\" is not a public Telegram channel name");
        feed.url = telegram_preview_url(*channel);
        if (feed.name.empty()) feed.name = *channel;
      }
    } else if (type && *type == "html") {
      feed.type = FeedType::kHtml;
    }
    if (auto v = r.integer("backfill")) {
      if (feed.type != FeedType::kTelegram)
        r.fail("backfill", "applies to Telegram channels only (type = \"telegram\")");
      else if (*v < 0 || *v > 2000)
        r.fail("backfill", "must be between 0 and 2000 posts");
      else
        feed.backfill = static_cast<int>(*v);
    }
    read_selectors(r, feed);
  }

  void read_selectors(TomlTableReader& r, FeedConfig& feed) {
    auto& s = feed.selectors;
    const bool html = feed.type == FeedType::kHtml;
    for (const auto& [key, slot] : {std::pair{"xpath_item", &s.item}, std::pair{"xpath_link", &s.link},
                                    std::pair{"xpath_title", &s.title}, std::pair{"xpath_date", &s.date},
                                    std::pair{"xpath_summary", &s.summary}, std::pair{"xpath_author", &s.author}}) {
      auto value =
          r.string(key, html && (std::string_view(key) == "xpath_item" || std::string_view(key) == "xpath_link"));
      if (!value) continue;
      if (!html) r.fail(key, "applies to web pages without a feed only (type = \"html\")");
      check_xpath(r, key, *value);
      *slot = *value;
    }
    if (auto v = r.string("utc_offset")) {
      const bool valid = v->size() == 6 && (v->at(0) == '+' || v->at(0) == '-') && std::isdigit(v->at(1)) &&
                         std::isdigit(v->at(2)) && v->at(3) == ':' && std::isdigit(v->at(4)) && std::isdigit(v->at(5));
      if (!valid)
        r.fail("utc_offset", "\"" + *v + "\" is not an offset like \"+05:00\"");
      else if (!html)
        r.fail("utc_offset", "applies to web pages without a feed only (type = \"html\")");
      s.utc_offset = *v;
    }
  }

  static void check_xpath(TomlTableReader& r, const std::string& key, const std::string& expression) {
    if (auto error = parse::xpath_error(expression))
      r.fail(key, "\"" + expression + "\" is not an XPath 1.0 node query: " + *error);
  }

  void read_article_fetch(TomlTableReader& r, FeedConfig& feed) {
    if (auto v = r.string("fetch_article")) {
      if (*v == "never")
        feed.fetch_article = ArticleFetch::kNever;
      else if (*v == "candidates")
        feed.fetch_article = ArticleFetch::kCandidates;
      else if (*v == "always")
        feed.fetch_article = ArticleFetch::kAlways;
      else
        r.fail("fetch_article", "\"" + *v + "\" is not one of never, candidates, always");
    }
    if (auto v = r.string("xpath_article")) {
      check_xpath(r, "xpath_article", *v);
      feed.xpath_article = *v;
    }
  }

  void read_rule(TomlTableReader& r) {
    RuleConfig rule;
    rule.source = {r.file(), r.line()};
    if (auto v = r.string("name", true)) rule.name = *v;
    if (auto v = r.string("query", true)) rule.query = *v;
    if (auto v = r.string("description")) rule.description = *v;
    rule.query_line = r.line_of("query");
    if (auto v = r.strings("alerts")) rule.alerts = *v;
    config_.rules.push_back(std::move(rule));
  }

  void read_list(TomlTableReader& r) {
    ListConfig list;
    list.source = {r.file(), r.line()};
    if (auto v = r.string("name", true)) list.name = *v;
    auto plain = r.strings("terms");
    auto weighted = r.weights("weights");
    if (plain && weighted) r.fail("weights", "give either terms or weights, not both");
    if (!plain && !weighted) r.fail("", "needs terms = [...] or weights = { term = weight, ... }");
    if (plain) {
      for (auto& term : *plain) list.terms.emplace_back(std::move(term), 1.0);
    }
    if (weighted) list.terms = std::move(*weighted);
    config_.lists.push_back(std::move(list));
  }

  // [gloss] "term" = { en = "...", ru = "..." }: both languages required.
  void read_glosses(const toml::node& node, const fs::path& path) {
    const auto where = [&](const toml::node& n) { return path.string() + ":" + std::to_string(n.source().begin.line); };
    if (!node.is_table()) return errors_.push_back(where(node) + ": gloss: must be a table, written [gloss]");
    for (const auto& [term, value] : *node.as_table()) {
      const auto* entry = value.as_table();
      const auto en = entry ? entry->get_as<std::string>("en") : nullptr;
      const auto ru = entry ? entry->get_as<std::string>("ru") : nullptr;
      if (!en || !ru || entry->size() != 2) {
        errors_.push_back(where(value) + ": gloss.\"" + std::string(term.str()) +
                          "\": must be { en = \"...\", ru = \"...\" }");
        continue;
      }
      config_.glosses[std::string(term.str())] = Gloss{en->get(), ru->get()};
    }
  }

  static SecretSource read_secret(TomlTableReader& r, const std::string& prefix) {
    SecretSource source;
    if (auto v = r.string(prefix + "_file")) source.file = *v;
    if (auto v = r.string(prefix + "_env")) source.env = *v;
    if (!source.file.empty() && !source.env.empty())
      r.fail(prefix + "_env", "give either " + prefix + "_file or " + prefix + "_env, not both");
    return source;
  }

  void read_alert(TomlTableReader& r) {
    AlertConfig alert;
    alert.source = {r.file(), r.line()};
    if (auto v = r.string("name", true)) alert.name = *v;
    if (auto v = r.string("type", true)) {
      if (!is_one_of(*v, kAlertTypes)) {
        r.fail("type", "\"" + *v + "\" is not an alert type (webhook, email)" + did_you_mean(*v, kAlertTypes));
        r.allow(kWebhookKeys);  // the keys of the type meant are not unknown
        r.allow(kEmailKeys);
      }
      alert.type = *v;
    }
    alert.languages = read_languages(r, "languages");
    alert.countries = read_countries(r, "countries");
    if (auto v = r.duration("timeout")) alert.timeout = *v;
    if (auto v = r.duration("give_up_after")) alert.give_up_after = *v;
    if (auto v = r.string("translate_to")) {
      const bool code = v->size() >= 2 && v->size() <= 3 &&
                        std::all_of(v->begin(), v->end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (!code) r.fail("translate_to", "\"" + *v + "\" is not a language code like \"en\" or \"ru\"");
      alert.translate_to = *v;
    }
    read_delivery(r, alert);
    if (alert.type == "webhook") read_webhook(r, alert);
    if (alert.type == "email") read_email(r, alert);
    config_.alerts.push_back(std::move(alert));
  }

  // How the channel takes its alerts: alone or in digests, how many an
  // hour, every report or one per story, and surges.
  void read_delivery(TomlTableReader& r, AlertConfig& alert) {
    if (auto v = r.string("digest")) {
      if (*v != "hourly" && *v != "daily") r.fail("digest", "\"" + *v + "\" is not a digest period (hourly, daily)");
      alert.digest = *v;
    }
    if (auto v = r.string("digest_at")) {
      int hours = -1, minutes = -1;
      char tail = 0;
      const bool valid = std::sscanf(v->c_str(), "%2d:%2d%c", &hours, &minutes, &tail) == 2 && hours >= 0 &&
                         hours < 24 && minutes >= 0 && minutes < 60;
      if (!valid)
        r.fail("digest_at", "\"" + *v + "\" is not a time of day HH:MM (UTC)");
      else if (alert.digest != "daily")
        r.fail("digest_at", "applies to daily digests only (digest = \"daily\")");
      alert.digest_at = std::chrono::seconds(hours * 3600 + minutes * 60);
    }
    if (auto v = r.boolean("every_report")) alert.every_report = *v;
    if (auto v = r.integer("max_per_hour")) {
      if (*v < 1 || *v > 1000000) r.fail("max_per_hour", "must be between 1 and 1000000");
      alert.max_per_hour = static_cast<int>(std::clamp<std::int64_t>(*v, 0, 1000000));
    }
    if (auto v = r.integer("surge_countries")) {
      if (*v < 2 || *v > 50) r.fail("surge_countries", "must be between 2 and 50");
      alert.surge_countries = static_cast<int>(std::clamp<std::int64_t>(*v, 0, 50));
    }
    if (auto v = r.duration("surge_within")) alert.surge_within = *v;
  }

  void read_webhook(TomlTableReader& r, AlertConfig& alert) {
    if (auto v = r.string("url", true)) {
      if (!is_http_url(*v)) r.fail("url", "is not an absolute http(s) URL");  // never echo: may hold a token
      alert.url = *v;
    }
    if (auto v = r.string("preset")) {
      static const std::set<std::string> kPresets{"json", "slack", "mattermost", "discord", "telegram", "matrix"};
      if (!kPresets.count(*v))
        r.fail("preset", "\"" + *v + "\" is not a preset (json, slack, mattermost, discord, telegram, matrix)");
      alert.preset = *v == "mattermost" ? "slack" : *v;
    }
    alert.secret = read_secret(r, "secret");
    if (auto v = r.string("chat_id")) alert.chat_id = *v;
    if (alert.preset == "telegram" && alert.chat_id.empty()) r.fail("chat_id", "is required by the telegram preset");
  }

  void read_email(TomlTableReader& r, AlertConfig& alert) {
    if (auto v = r.string("smtp_url", true)) {
      if (v->rfind("smtp://", 0) != 0 && v->rfind("smtps://", 0) != 0)
        r.fail("smtp_url", "must start with smtp:// (STARTTLS) or smtps://");
      alert.smtp_url = *v;
    }
    if (auto v = r.string("from", true)) alert.from = *v;
    if (auto v = r.strings("to")) alert.to = *v;
    if (alert.to.empty()) r.fail("to", "needs at least one address");
    if (auto v = r.string("username")) alert.username = *v;
    alert.password = read_secret(r, "password");
    if (auto v = r.string("ca_file")) alert.ca_file = *v;
    if (auto v = r.boolean("starttls")) alert.starttls = *v;
  }

  void resolve() {
    for (auto& feed : config_.feeds) {
      if (feed.poll_interval.count() == 0) feed.poll_interval = config_.daemon.poll_interval;
    }
    check_unique(config_.feeds, "feed");
    check_unique_urls();
    check_unique(config_.rules, "rule");
    check_unique(config_.alerts, "alert");
    check_unique(config_.lists, "list");
    for (const auto& alert : config_.alerts) {
      if (!alert.translate_to.empty() && config_.translate.url.empty()) {
        errors_.push_back(alert.source.str() + ": alert \"" + alert.name +
                          "\".translate_to: needs a [translate] service (url = \"...\")");
      }
    }
    for (const auto& rule : config_.rules) {
      if (rules_only_) break;
      for (const auto& alert : rule.alerts) {
        if (!config_.find_alert(alert)) {
          errors_.push_back(rule.source.str() + ": rule \"" + rule.name + "\".alerts: names unknown alert \"" + alert +
                            "\"");
        }
      }
    }
  }

  template <typename Entries>
  void check_unique(const Entries& entries, const std::string& kind) {
    std::map<std::string, std::string> first_seen;
    for (const auto& entry : entries) {
      if (entry.name.empty()) continue;  // already an error of its own ("is required")
      auto [it, inserted] = first_seen.emplace(entry.name, entry.source.str());
      if (!inserted) {
        errors_.push_back(entry.source.str() + ": " + kind + ".name: duplicate name \"" + entry.name +
                          "\" (first used at " + it->second + ")");
      }
    }
  }

  // A feed listed twice (often once in the main file and once in the
  // catalogue it includes) would be polled twice and alert twice.
  void check_unique_urls() {
    std::map<std::string, std::string> first_seen;
    for (const auto& feed : config_.feeds) {
      if (feed.url.empty()) continue;
      auto [it, inserted] = first_seen.emplace(feed.url, feed.source.str());
      if (!inserted) {
        errors_.push_back(feed.source.str() + ": feed.url: \"" + feed.url + "\" is listed twice (first at " +
                          it->second + "): keep one");
      }
    }
  }

  void take_errors(const TomlTableReader& reader) {
    errors_.insert(errors_.end(), reader.errors().begin(), reader.errors().end());
  }

  bool rules_only_;
  Config config_;
  std::vector<std::string> errors_;
  std::set<fs::path> visited_;
  std::map<std::string, int> counters_;
};

}  // namespace

const WebUser* WebConfig::find_user(const std::string& name) const {
  for (const auto& user : users) {
    if (user.name == name) return &user;
  }
  return nullptr;
}

const AlertConfig* Config::find_alert(const std::string& name) const {
  for (const auto& alert : alerts) {
    if (alert.name == name) return &alert;
  }
  return nullptr;
}

namespace {

Result<Config> as_result(ConfigReport report) {
  if (report.errors.empty()) return std::move(report.config);
  std::string message;
  for (const auto& error : report.errors) message += (message.empty() ? "" : "\n") + error;
  return make_error(ErrorKind::kInvalidConfig, message);
}

}  // namespace

ConfigReport read_config(const std::filesystem::path& path) { return ConfigLoader(false).read(path); }

Result<Config> load_config(const std::filesystem::path& path) { return as_result(read_config(path)); }

Result<Config> load_rules(const std::filesystem::path& path) { return as_result(ConfigLoader(true).read(path)); }

std::filesystem::path resolve_config_path(const std::string& from_command_line) {
  if (!from_command_line.empty()) return from_command_line;
  if (const char* env = std::getenv("KHABAR_CONFIG"); env && *env) return env;
  return kDefaultConfigPath;
}

std::optional<std::string> missing_default_config(const std::string& from_command_line) {
  const auto path = resolve_config_path(from_command_line);
  std::error_code error;
  if (path != kDefaultConfigPath || std::filesystem::exists(path, error)) return std::nullopt;
  return "no configuration file at " + path.string() +
         ": give one with -c FILE (or $KHABAR_CONFIG; config.example.toml shows every key), "
         "or run `khabar demo` to see khabar work on sample feeds first";
}

}  // namespace khabar::config
