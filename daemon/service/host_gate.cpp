#include "service/host_gate.h"

namespace khabar::service {

bool HostGate::may_start(const std::string& host, Clock::time_point now) const {
  const auto it = hosts_.find(host);
  if (it == hosts_.end()) return true;
  return it->second.in_flight < per_host_ && now >= it->second.last_start + min_delay_;
}

HostGate::Clock::time_point HostGate::earliest_start(const std::string& host) const {
  const auto it = hosts_.find(host);
  return it == hosts_.end() ? Clock::time_point{} : it->second.last_start + min_delay_;
}

void HostGate::started(const std::string& host, Clock::time_point now) {
  auto& h = hosts_[host];
  ++h.in_flight;
  h.last_start = now;
}

void HostGate::finished(const std::string& host) {
  auto it = hosts_.find(host);
  if (it == hosts_.end()) return;
  if (it->second.in_flight > 0) --it->second.in_flight;
}

}  // namespace khabar::service
