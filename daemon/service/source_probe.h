// `khabar feeds probe`: what a source turns out to be when fetched once —
// its HTTP answer, its kind and items, and a verdict an operator can grade
// it by. The judging is pure; fetching is the caller's.
#pragma once

#include <optional>
#include <string>

#include "config/config.h"
#include "fetch/http_client.h"
#include "util/result.h"
#include "util/time_format.h"

namespace khabar::service {

struct ProbeReport {
  std::string source;  // the feed's name, or the URL when it is not configured
  std::string url;
  long status = 0;
  int redirects = 0;
  std::string final_url;
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::string content_type;
  std::string kind;  // the format: rss20, atom10, json11, telegram, html...; empty when unknown
  std::string encoding;
  size_t items = 0;
  std::optional<UnixTime> newest;  // the newest item's publication date
  std::string verdict;             // ok, empty, stale, not a feed, error
  std::string detail;              // the error, or what the verdict rests on
};

// A source whose newest item is older than this is stale.
constexpr UnixTime kStaleAfter = 30 * 86400;

// Judges one fetch of `feed` at `now`.
ProbeReport judge_probe(const config::DaemonConfig& daemon, const config::FeedConfig& feed,
                        const Result<fetch::HttpResponse>& response, UnixTime now);

// The [[feed]] a bare URL would be: its kind told from the address.
config::FeedConfig feed_for_url(const std::string& url);

}  // namespace khabar::service
