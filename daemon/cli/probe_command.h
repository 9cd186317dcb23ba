// `khabar feeds probe [URL|NAME...] [--all] [--json] [--write]`: fetches each
// source once, with the daemon's politeness and User-Agent, and says what it
// is: status, redirects, validators, kind, encoding, items, newest item, and
// a verdict (ok, empty, stale, not a feed, or the error).
#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace khabar::cli {

struct ProbeArgs {
  std::vector<std::string> sources;  // feed names or URLs
  bool all = false;
  bool json = false;
  bool write = false;  // record each configured feed's verdict in the archive
};

// Exit 0 when every source is ok, 1 otherwise.
int probe_command(const config::Config& config, const ProbeArgs& args);

}  // namespace khabar::cli
