// One poll of one feed, split where the threads are: fetch_feed (network and
// parsing, any worker thread) and store_outcome (the archive's thread).
#pragma once

#include <string>

#include "config/config.h"
#include "fetch/http_client.h"
#include "parse/feed.h"
#include "service/rule_book.h"
#include "store/archive.h"

namespace khabar::service {

struct FetchOutcome {
  enum class Kind { kParsed, kNotModified, kFailed };
  Kind kind = Kind::kFailed;
  parse::ParsedFeed feed;
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::string error;  // kFailed: what went wrong, without the feed's name
  // For the scheduler and the store.
  std::optional<std::string> retry_after;
  std::optional<std::string> cache_control;
  std::optional<std::string> moved_permanently_to;
};

struct PollReport {
  std::string feed;
  FetchOutcome::Kind kind = FetchOutcome::Kind::kFailed;
  store::IngestResult ingest;
  std::string error;
};

// The conditional GET for a feed: its stored URL and validators.
fetch::HttpRequest feed_request(const config::DaemonConfig& daemon, const store::FeedState& state);

// What a fetch came to: parsed items, not modified, or an error that says
// what happened (HTTP status, a bot-protection page, not a feed...).
// Parses on the calling thread. Thread-safe.
FetchOutcome outcome_of(const config::DaemonConfig& daemon, Result<fetch::HttpResponse> response);

// Both, with a blocking client. Thread-safe.
FetchOutcome fetch_feed(fetch::HttpClient& http, const config::DaemonConfig& daemon, const store::FeedState& state);

// Stores new items with their matches and alerts, and the fetch state.
PollReport store_outcome(store::Archive& archive, const RuleBook& rules, const config::FeedConfig& feed,
                         std::int64_t feed_id, FetchOutcome outcome, UnixTime now);

// The store's view of a parsed item, with its language identified (the
// item's or the feed's declaration when credible, else detected).
store::ItemRecord to_record(const parse::Item& item, const std::optional<std::string>& feed_language);

}  // namespace khabar::service
