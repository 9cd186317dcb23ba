// Politeness per host: at most N fetches in flight to one host, and a
// minimum delay between two fetches starting there. Pure bookkeeping; the
// caller passes the time.
#pragma once

#include <chrono>
#include <map>
#include <string>

namespace khabar::service {

class HostGate {
 public:
  using Clock = std::chrono::steady_clock;

  HostGate(size_t per_host, Clock::duration min_delay) : per_host_(per_host), min_delay_(min_delay) {}

  // Whether a fetch to `host` may start at `now`.
  bool may_start(const std::string& host, Clock::time_point now) const;
  // The earliest time the delay allows (the in-flight cap aside).
  Clock::time_point earliest_start(const std::string& host) const;
  void started(const std::string& host, Clock::time_point now);
  void finished(const std::string& host);

 private:
  struct Host {
    size_t in_flight = 0;
    Clock::time_point last_start{};
  };
  size_t per_host_;
  Clock::duration min_delay_;
  std::map<std::string, Host> hosts_;
};

}  // namespace khabar::service
