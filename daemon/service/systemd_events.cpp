#include "service/systemd_events.h"

#include <systemd/sd-daemon.h>

namespace khabar::service {

void SystemdEvents::ready(const std::string& status) { sd_notify(0, ("READY=1\nSTATUS=" + status).c_str()); }

void SystemdEvents::status(const std::string& status) { sd_notify(0, ("STATUS=" + status).c_str()); }

void SystemdEvents::stopping() { sd_notify(0, "STOPPING=1"); }

void SystemdEvents::watchdog() { sd_notify(0, "WATCHDOG=1"); }

std::chrono::microseconds SystemdEvents::watchdog_interval() const {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0) return std::chrono::microseconds(0);
  return std::chrono::microseconds(usec);
}

}  // namespace khabar::service
