#include "cli/status_view.h"

#include <nlohmann/json.hpp>
#include <set>

#include "cli/table.h"
#include "util/duration.h"
#include "util/json_nullable.h"
#include "util/json_text.h"
#include "util/url.h"

namespace khabar::cli {
namespace {

std::string relative(const std::optional<UnixTime>& when, UnixTime now) {
  if (!when) return "-";
  const auto delta = *when - now;
  const auto text = format_duration(std::chrono::seconds(std::max<UnixTime>(std::llabs(delta), 1)));
  return delta < 0 ? text + " ago" : "in " + text;
}

nlohmann::ordered_json time_json(const std::optional<UnixTime>& when) {
  return when ? nlohmann::ordered_json(format_rfc3339(*when)) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string health_of(const FeedStatus& feed) {
  const auto& s = feed.state;
  if (!feed.configured) return "removed";
  if (!feed.enabled) return "disabled";
  if (!s.last_status) return s.last_success ? "ok" : "never polled";
  if (*s.last_status == "failed") return "failing";
  if (feed.quiet) return "quiet";
  return *s.last_status == "not-modified" ? "not modified" : "ok";
}

namespace {

// What the uncommon health words mean, printed under the table when shown.
constexpr std::pair<const char*, const char*> kHealthNotes[] = {
    {"quiet",
     "no new item for far longer than the feed's usual gap between items: the outlet may have stopped "
     "publishing there or moved its feed (try khabar feeds probe NAME)"},
    {"never polled", "configured, but not fetched yet by khabar run or khabar poll --once"},
    {"disabled", "enabled = false in the configuration: not polled"},
    {"removed", "in the archive, but no longer in the configuration"},
};

// "desk: 2 due, 5 held for the digest, 0 failed; last sent 5m ago; SMTP 451 ...".
std::string channel_line(const store::ChannelBacklog& c, UnixTime now) {
  return "  " + c.channel + ": " + std::to_string(c.due) + " due, " + std::to_string(c.held) +
         " held for the digest, " + std::to_string(c.failed) + " failed; last sent " + relative(c.last_sent, now) +
         (c.last_error && c.due > 0 ? "; " + *c.last_error : "") + "\n";
}

std::string feed_table(const std::vector<FeedStatus>& feeds, UnixTime now) {
  if (feeds.empty()) return "no feeds configured\n";
  std::vector<std::vector<std::string>> rows{
      {"FEED", "HEALTH", "LAST SUCCESS", "NEXT POLL", "ITEMS", "ERRORS", "LAST ERROR"}};
  std::string articles;
  std::set<std::string> shown;
  for (const auto& feed : feeds) {
    const auto& s = feed.state;
    const auto errors = std::to_string(s.consecutive_errors) + "/" + std::to_string(s.error_count);
    const bool failing = s.last_status && *s.last_status == "failed";
    const auto health = health_of(feed);
    shown.insert(health);
    rows.push_back({s.name, health, relative(s.last_success, now), relative(s.next_poll, now),
                    std::to_string(s.item_count), errors, failing ? s.last_error.value_or("") : std::string()});
    if (s.article_failures > 0) {
      articles += s.name + " articles: " + std::to_string(s.article_failures) +
                  " could not be fetched; last: " + s.last_article_error.value_or("") + "\n";
    }
  }
  auto out = aligned(rows) + articles;
  for (const auto& [health, meaning] : kHealthNotes) {
    if (shown.count(health)) out += std::string(health) + ": " + meaning + "\n";
  }
  return out;
}

}  // namespace

std::string status_table(const std::vector<FeedStatus>& feeds, const std::vector<store::ChannelBacklog>& channels,
                         UnixTime now, const std::string& archive_problem) {
  std::string out;
  if (!archive_problem.empty()) {
    out += "archive: " + archive_problem + "; khabar run stores nothing and loads no new feed until it can\n\n";
  }
  out += feed_table(feeds, now);
  if (!channels.empty()) out += "\nalert channels:\n";
  for (const auto& channel : channels) out += channel_line(channel, now);
  return out;
}

std::string status_json(const std::vector<FeedStatus>& feeds, const std::vector<store::ChannelBacklog>& channels,
                        const std::string& archive_problem) {
  auto list = nlohmann::ordered_json::array();
  for (const auto& feed : feeds) {
    const auto& s = feed.state;
    list.push_back({{"name", s.name},
                    {"url", mask_credentials(s.url)},
                    {"health", health_of(feed)},
                    {"last_status", nullable(s.last_status)},
                    {"last_success", time_json(s.last_success)},
                    {"next_poll", time_json(s.next_poll)},
                    {"newest_item", time_json(s.newest_item)},
                    {"items", s.item_count},
                    {"consecutive_errors", s.consecutive_errors},
                    {"errors", s.error_count},
                    {"last_error", nullable(s.last_error)},
                    {"article_failures", s.article_failures},
                    {"last_article_error", nullable(s.last_article_error)}});
  }
  auto alerts = nlohmann::ordered_json::array();
  for (const auto& c : channels) {
    alerts.push_back({{"channel", c.channel},
                      {"due", c.due},
                      {"held", c.held},
                      {"failed", c.failed},
                      {"last_sent", time_json(c.last_sent)},
                      {"last_error", nullable(c.last_error)}});
  }
  nlohmann::ordered_json archive{
      {"writable", archive_problem.empty()},
      {"problem", archive_problem.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(archive_problem)}};
  return json_text(nlohmann::ordered_json{{"archive", archive}, {"feeds", list}, {"alerts", alerts}}, 2) + "\n";
}

}  // namespace khabar::cli
