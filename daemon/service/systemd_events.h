// ServiceEvents for systemd: the sd_notify protocol (READY=1, STATUS=,
// WATCHDOG=1, STOPPING=1). Without $NOTIFY_SOCKET every call does nothing.
#pragma once

#include "service/poll_service.h"

namespace khabar::service {

class SystemdEvents : public ServiceEvents {
 public:
  void ready(const std::string& status) override;
  void status(const std::string& status) override;
  void stopping() override;
  void watchdog() override;
  std::chrono::microseconds watchdog_interval() const override;
};

}  // namespace khabar::service
