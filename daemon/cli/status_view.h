// `khabar status`: one row per feed from the archive's fetch state.
#pragma once

#include <string>
#include <vector>

#include "store/archive.h"

namespace khabar::cli {

struct FeedStatus {
  store::FeedState state;
  bool quiet = false;  // silent for much longer than its rhythm
  bool configured = true;
};

// "ok", "not modified", "failing", "quiet", "never polled" or "removed".
std::string health_of(const FeedStatus& feed);

// A table with relative times ("5m ago", "in 12m") as of `now`.
std::string status_table(const std::vector<FeedStatus>& feeds, UnixTime now);

// One JSON document: {"feeds": [{...}]}, times in RFC 3339.
std::string status_json(const std::vector<FeedStatus>& feeds);

}  // namespace khabar::cli
