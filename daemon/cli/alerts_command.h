// `khabar alerts list|retry|test CHANNEL`: the outbox, and a channel check.
#pragma once

#include <cstdint>
#include <string>

namespace khabar::cli {

struct AlertsArgs {
  std::string action;  // list, retry, test
  std::string state;   // list: pending, sent, failed, or "" for all
  int limit = 50;
  bool json = false;
  std::int64_t id = 0;  // retry: one alert, or 0 for every failed one
  std::string channel;  // test
};

int alerts_command(const std::string& config_path, const AlertsArgs& args);

}  // namespace khabar::cli
