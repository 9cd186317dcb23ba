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

// A table with relative times ("5m ago", "in 12m") as of `now`, then one
// line per alert channel: what waits, what is held for its digest, what failed.
std::string status_table(const std::vector<FeedStatus>& feeds, const std::vector<store::ChannelBacklog>& channels,
                         UnixTime now);

// One JSON document: {"feeds": [{...}], "alerts": [{...}]}, times in RFC 3339.
std::string status_json(const std::vector<FeedStatus>& feeds, const std::vector<store::ChannelBacklog>& channels);

}  // namespace khabar::cli
