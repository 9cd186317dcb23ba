// The daemon's polling loop. Concurrency model: feeds are fetched and parsed
// on a bounded worker pool; everything that touches the archive (storing,
// matching, alert delivery) runs on one store thread; the Asio io_context on
// the calling thread only keeps the schedule and the signals.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "config/config.h"
#include "fetch/http_client.h"
#include "service/alert_dispatcher.h"
#include "service/feed_poller.h"
#include "service/rule_book.h"
#include "store/archive.h"

namespace khabar::service {

struct CycleReport {
  std::vector<PollReport> feeds;
  DispatchReport alerts;
  int failed_feeds() const;
  int new_items() const;
};

class PollService {
 public:
  PollService(const config::Config& config, fetch::HttpClient& http, store::Archive& archive, const RuleBook& rules,
              AlertDispatcher& alerts);

  // Polls every enabled feed once, stores, matches and delivers. A failing
  // feed is logged with its name and does not stop the others.
  CycleReport poll_once();

  // Polls on schedule until SIGTERM or SIGINT, then lets in-flight work
  // finish and returns.
  void run_until_signalled();

 private:
  void log_report(const PollReport& report) const;

  const config::Config& config_;
  fetch::HttpClient& http_;
  store::Archive& archive_;
  const RuleBook& rules_;
  AlertDispatcher& alerts_;
};

}  // namespace khabar::service
