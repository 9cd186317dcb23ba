// One poll of one feed, split where the threads are: fetch_feed (network and
// parsing, any worker thread) and store_outcome (the archive's thread).
#pragma once

#include <string>

#include "config/config.h"
#include "fetch/http_client.h"
#include "parse/feed.h"
#include "service/metrics.h"
#include "service/rule_book.h"
#include "store/archive.h"

namespace khabar::service {

// The article behind one item: its main text, or why it could not be had.
struct ArticleOutcome {
  size_t item = 0;  // index into the parsed feed's items
  std::optional<std::string> text;
  std::string error;
  UnixTime at = 0;
};

struct FetchOutcome {
  enum class Kind { kParsed, kNotModified, kFailed };
  Kind kind = Kind::kFailed;
  parse::ParsedFeed feed;
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::string error;  // kFailed: what went wrong, without the feed's name
  ErrorKind error_kind =
      ErrorKind::kTransient;                  // kFailed: kInvalidInput when the document is not a source khabar reads
  FailureKind failure = FailureKind::kOther;  // kFailed: for khabar_feed_errors_total{kind}
  // For the scheduler and the store.
  std::optional<std::string> retry_after;
  std::optional<std::string> cache_control;
  std::optional<std::string> moved_permanently_to;
  std::vector<ArticleOutcome> articles;  // feeds with fetch_article
  // kParsed, once prepare_records ran: the items as the archive stores them,
  // with their language, story keys and index forms (one per item of `feed`).
  std::vector<store::ItemRecord> records;
  // Each record's matches, found on the pool with the records (the archive
  // stores them for the new items); empty when the records changed since.
  std::vector<std::vector<store::MatchRecord>> matches;
};

struct PollReport {
  std::string feed;
  FetchOutcome::Kind kind = FetchOutcome::Kind::kFailed;
  store::IngestResult ingest;
  std::string error;
  FailureKind failure = FailureKind::kOther;  // kFailed: why, coarsely
};

// The conditional GET for a feed: its stored URL and validators.
fetch::HttpRequest feed_request(const config::DaemonConfig& daemon, const config::FeedConfig& feed,
                                const store::FeedState& state);

// A plain GET of another page of the same source (an older Telegram page).
fetch::HttpRequest page_request(const config::DaemonConfig& daemon, const config::FeedConfig& feed,
                                const std::string& url);

// How the feed's documents are parsed: its kind, its selectors, the limits.
parse::ParseOptions parse_options(const config::DaemonConfig& daemon, const config::FeedConfig& feed,
                                  const fetch::HttpResponse& response);

// What a fetch came to: parsed items, not modified, or an error that says
// what happened (HTTP status, a bot-protection page, not a feed, a
// Telegram rate limit...). Parses on the calling thread. Thread-safe.
FetchOutcome outcome_of(const config::DaemonConfig& daemon, const config::FeedConfig& feed,
                        Result<fetch::HttpResponse> response);

// Both, with a blocking client. Thread-safe.
FetchOutcome fetch_feed(fetch::HttpClient& http, const config::DaemonConfig& daemon, const config::FeedConfig& feed,
                        const store::FeedState& state);

// The parsed items as the archive stores them, with their language, story
// keys, search-index forms and matches: CPU work (language detection,
// tokenizing once for the rules, the kinds and the index, matching) done on
// a worker thread before the archive's, so that the archive's thread only
// writes. Thread-safe (the rules are read-only).
void prepare_records(FetchOutcome& outcome, const config::FeedConfig& feed, const RuleBook& rules);

// Stores new items with their matches and alerts, and the fetch state; for
// a Telegram channel, also the newest post's number (the cursor). Prepares
// the records itself when prepare_records did not. It uses up the outcome's
// records and matches (a poll's items are not copied); the rest is left for
// scheduling.
PollReport store_outcome(store::Archive& archive, const RuleBook& rules, const config::FeedConfig& feed,
                         std::int64_t feed_id, FetchOutcome& outcome, UnixTime now);

// The number N of a Telegram post id "NAME/N" (or of a stored cursor "N").
std::optional<std::int64_t> telegram_post_number(const std::optional<std::string>& id);
// The highest post number among Telegram items.
std::optional<std::int64_t> newest_post(const std::vector<parse::Item>& items);

// Whether a Telegram poll should also read the page before the oldest post
// it has: on the first poll (nothing known) and after a gap (the oldest post
// read is newer than the newest known), until `backfill` posts are read or
// the channel has no older page.
bool needs_older_page(const parse::ParsedFeed& so_far, std::optional<std::int64_t> newest_known, int backfill);

// The items of a parse whose article is worth fetching, in feed order: a
// link to fetch, new or changed in the archive (`fresh`, one per item), and
// for "candidates" passing the rules' prefilter; at most `limit`.
std::vector<size_t> article_candidates(const config::FeedConfig& feed, const RuleBook& rules,
                                       const std::vector<store::ItemRecord>& records, const std::vector<bool>& fresh,
                                       int limit);

// An article fetch's outcome: the page's main text (the feed's
// xpath_article, else by text density) or the error. Thread-safe.
ArticleOutcome article_of(const config::FeedConfig& feed, size_t item, Result<fetch::HttpResponse> response,
                          UnixTime now);

// The store's view of a parsed item, with its language identified (the
// item's or the feed's declaration when credible, else detected).
store::ItemRecord to_record(const parse::Item& item, const std::optional<std::string>& feed_language);

}  // namespace khabar::service
