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
  bool enabled = true;
};

// "ok", "not modified", "failing", "quiet", "never polled", "disabled" or
// "removed".
std::string health_of(const FeedStatus& feed);

// A table with relative times ("5m ago", "in 12m") as of `now`, columns as
// wide as their content, a line explaining each uncommon health shown, then
// one line per alert channel: what waits, what is held for its digest, what
// failed. `archive_problem` (why nothing can be stored) comes first.
std::string status_table(const std::vector<FeedStatus>& feeds, const std::vector<store::ChannelBacklog>& channels,
                         UnixTime now, const std::string& archive_problem = "");

// One JSON document: {"archive": {...}, "feeds": [{...}], "alerts": [{...}]},
// times in RFC 3339.
std::string status_json(const std::vector<FeedStatus>& feeds, const std::vector<store::ChannelBacklog>& channels,
                        const std::string& archive_problem = "");

}  // namespace khabar::cli
