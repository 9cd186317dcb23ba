#include "service/metrics.h"

#include <nlohmann/json.hpp>
#include <sstream>

namespace khabar::service {

const char* failure_kind_name(FailureKind kind) {
  static constexpr const char* kNames[] = {"dns",       "connect",   "timeout",    "http_4xx", "http_5xx",
                                           "challenge", "too_large", "not_a_feed", "other"};
  return kNames[static_cast<size_t>(kind)];
}

std::string Metrics::exposition() const {
  std::ostringstream out;
  auto counter = [&](const char* name, const char* help, long long value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n" << name << " " << value << "\n";
  };
  auto gauge = [&](const char* name, const char* help, auto value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " gauge\n" << name << " " << value << "\n";
  };
  counter("khabar_polls_total", "Feed polls completed, whatever their outcome.", polls.load());
  counter("khabar_polls_not_modified_total", "Polls answered 304 Not Modified.", not_modified.load());
  out << "# HELP khabar_feed_errors_total Failed polls by kind of failure.\n# TYPE khabar_feed_errors_total counter\n";
  for (size_t i = 0; i < errors.size(); ++i) {
    out << "khabar_feed_errors_total{kind=\"" << failure_kind_name(static_cast<FailureKind>(i)) << "\"} "
        << errors[i].load() << "\n";
  }
  counter("khabar_items_total", "New items stored.", new_items.load());
  counter("khabar_matches_total", "Rule matches of new items.", matches.load());
  counter("khabar_alerts_sent_total", "Alerts delivered.", alerts_sent.load());
  counter("khabar_alerts_failed_total", "Alert delivery attempts that failed.", alerts_failed.load());
  gauge("khabar_outbox_depth", "Alerts waiting to be delivered.", outbox_depth.load());
  gauge("khabar_feeds", "Feeds being polled.", feeds.load());
  gauge("khabar_feeds_unloaded", "Enabled feeds whose state the archive could not give yet.", feeds_unloaded.load());
  gauge("khabar_feeds_failing", "Feeds whose last poll failed.", failing_feeds.load());
  gauge("khabar_poll_duration_seconds_last", "Duration of the last poll, fetch to stored.", last_poll_seconds.load());
  out << "# HELP khabar_poll_duration_seconds_total Time spent in polls, fetch to stored.\n"
      << "# TYPE khabar_poll_duration_seconds_total counter\nkhabar_poll_duration_seconds_total "
      << poll_seconds_sum.load() << "\n";
  return out.str();
}

void Metrics::set_load_error(std::string error) {
  std::lock_guard lock(load_error_mutex_);
  load_error_ = std::move(error);
}

std::string Metrics::load_error() const {
  std::lock_guard lock(load_error_mutex_);
  return load_error_;
}

Health health_of(const Metrics& metrics) {
  const auto feeds = metrics.feeds.load(), unloaded = metrics.feeds_unloaded.load(),
             failing = metrics.failing_feeds.load();
  std::string status = "ok";
  if (unloaded > 0)
    status = "feeds not loaded: " + metrics.load_error();
  else if (feeds > 0 && failing >= feeds)
    status = "every feed failing";
  nlohmann::json body{{"status", status}, {"feeds", feeds}, {"unloaded", unloaded}, {"failing", failing}};
  return {status == "ok" ? 200 : 503, body.dump() + "\n"};
}

}  // namespace khabar::service
