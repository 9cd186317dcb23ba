// The SQLite archive: feeds and their fetch state, items, matches and the
// alert outbox. Knows nothing of HTTP or feed formats: callers hand it plain
// records. Not thread-safe: use one Archive from one thread (or strand).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/item_row.h"
#include "store/outbox.h"
#include "store/recent_signatures.h"
#include "store/sqlite.h"
#include "store/stories.h"
#include "util/result.h"
#include "util/time_format.h"

namespace khabar::store {

struct FeedState {
  std::int64_t id = 0;
  std::string name;
  std::string url;
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::optional<UnixTime> last_success;
  std::optional<std::string> last_error;
  std::int64_t error_count = 0;            // failed polls, in all
  std::int64_t item_count = 0;             // -1: not counted (see feed_state)
  std::int64_t consecutive_errors = 0;     // failed polls since the last success
  std::optional<std::string> last_status;  // "ok", "not-modified" or "failed"
  std::optional<UnixTime> next_poll;
  std::optional<UnixTime> newest_item;       // fetch time of the newest item
  std::optional<std::string> cursor;         // a paged source's place (Telegram: the newest post's number)
  std::optional<UnixTime> probed_at;         // the last `feeds probe --write`
  std::optional<std::string> probe_verdict;  // ok, empty, stale, not a feed, error
  std::optional<std::string> probe_detail;
  std::int64_t article_failures = 0;  // articles behind items that could not be fetched, in all
  std::optional<std::string> last_article_error;
};

// What `khabar feeds probe` found, as recorded.
struct ProbeRecord {
  UnixTime at = 0;
  std::string verdict;
  std::string detail;
};

// One rule an item matched, and the alert channels it goes to.
struct MatchRecord {
  std::string rule;
  std::vector<std::string> terms;
  std::vector<std::string> channels;
  std::vector<TermGloss> glosses = {};
};

struct IngestResult {
  int new_items = 0;
  int edited_items = 0;   // known items whose title or summary changed
  int removed_items = 0;  // items the feed stopped listing within its window
  int new_matches = 0;
  int new_alerts = 0;
};

struct SearchHit {
  std::int64_t item_id = 0;
  std::string feed_name;
  ItemRecord item;
  UnixTime fetched = 0;
  std::optional<std::int64_t> story_id;
  std::optional<StoredTranslation> translation = std::nullopt;  // search: the first one cached, if any
};

// What narrows a search besides its words. Times compare with the item's
// publication time, else its fetch time.
struct SearchFilters {
  std::optional<UnixTime> since;
  std::optional<UnixTime> until;
  std::optional<std::string> language;  // "uz" also finds uz-Latn and uz-Cyrl
  std::optional<std::string> feed;
  std::optional<std::string> rule;  // items that matched this rule
  std::optional<std::int64_t> story;
  std::optional<std::string> country;  // the feed's country (catalogue), e.g. "KG"
  // Editors' triage: relevant, irrelevant, duplicate, or unlabelled. A report
  // without a label of its own takes its story's.
  std::optional<std::string> triage;
  std::optional<std::int64_t> before;  // items older than this id (paging)
  int limit = 20;                      // 0: every item that matches
  // Newest published first (an undated item by its fetch time); else newest
  // fetched first, the order `before` pages in.
  bool by_publication = false;
};

// The items labelled ?10 (their own label, or their story's), as SQL over `items i`.
inline constexpr const char* kLabelledItems =
    " AND i.id IN (SELECT t.item_id FROM item_triage t WHERE t.label = ?10 UNION"
    " SELECT j.id FROM story_triage t CROSS JOIN items j ON j.story_id = t.story_id WHERE t.label = ?10)";

// An item's triage label as SQL over `items i`: its own, else its story's.
inline constexpr const char* kEffectiveLabel =
    "COALESCE((SELECT t.label FROM item_triage t WHERE t.item_id = i.id),"
    " (SELECT t.label FROM story_triage t WHERE t.story_id = i.story_id))";

class Archive {
 public:
  // Opens or creates the database at `path` (":memory:" for tests) and
  // brings its schema up to date.
  static Result<Archive> open(const std::string& path);

  // The feed's stored state, created on first use. The URL follows the
  // config, except after a permanent redirect away from that same URL.
  // The country (from the catalogue) is kept for surge alerts.
  Result<FeedState> ensure_feed(const std::string& name, const std::string& url,
                                const std::optional<std::string>& country = std::nullopt);
  // A permanent redirect: polls go to `new_url` from now on.
  Status move_feed(std::int64_t feed_id, const std::string& new_url);
  Status set_next_poll(std::int64_t feed_id, UnixTime when);
  Status set_cursor(std::int64_t feed_id, const std::string& cursor);
  Status record_probe(std::int64_t feed_id, const ProbeRecord& probe);
  // Publication (else fetch) times of the feed's newest items, newest first.
  Result<std::vector<UnixTime>> recent_item_times(std::int64_t feed_id, int limit);
  // One feed's state, as the poller needs it: not counted (item_count -1,
  // newest_item unset; ensure_feed's too).
  Result<std::optional<FeedState>> feed_state(const std::string& name);
  // Every feed's state, counted.
  Result<std::vector<FeedState>> feeds();

  Status record_success(std::int64_t feed_id, const std::optional<std::string>& etag,
                        const std::optional<std::string>& last_modified, UnixTime now);
  // A 304: the feed is healthy; validators it sent replace the stored ones,
  // absent ones leave them as they were.
  Status record_not_modified(std::int64_t feed_id, const std::optional<std::string>& etag,
                             const std::optional<std::string>& last_modified, UnixTime now);
  Status record_failure(std::int64_t feed_id, const std::string& error, UnixTime now);
  // Articles behind the feed's items that could not be fetched this poll.
  Status record_article_failures(std::int64_t feed_id, int count, const std::string& last_error);

  // For each item, whether the archive lacks it or holds it with another
  // title or summary: what an article is fetched for (never twice for an
  // unchanged item).
  Result<std::vector<bool>> new_or_changed(std::int64_t feed_id, const std::vector<ItemRecord>& items);

  // Stores the items not yet known for this feed; `match` is called for each
  // new item (with the element of `items` itself, not a copy), and its
  // matches and their alerts are written in the same transaction, so an item
  // is never stored without its alerts. `items` is the feed's whole current
  // list: a stored item it no longer holds, though published after the
  // oldest item it does hold (within the feed's window), is marked removed
  // with the time; one that comes back is unmarked.
  using MatchFunction = std::function<std::vector<MatchRecord>(const ItemRecord&)>;
  Result<IngestResult> ingest(std::int64_t feed_id, const std::vector<ItemRecord>& items, UnixTime now,
                              const MatchFunction& match);

  // A batch: several polls' writes in one transaction, each ingest a
  // savepoint within. The search index rows of the batch's new items are
  // written when it commits, in rowid order: FTS5 writes out its pending
  // rows as a new segment at every savepoint, so writing them per ingest
  // cost a segment (and its merges) per feed. Searches on this connection
  // see the batch's new items only once it has committed. The archive is
  // not moved while a batch is open.
  Status begin_batch();
  // Writes the waiting search rows and commits; on failure everything in
  // the batch is rolled back.
  Status commit_batch();
  bool in_batch() const { return batch_ != nullptr; }

  // How each channel takes its alerts (channels not named: one alert per
  // story, alone). Applies to the matches stored from now on.
  void set_channel_policies(std::map<std::string, ChannelPolicy> policies) { policies_ = std::move(policies); }
  // The alert outbox, over this archive's connection.
  Outbox outbox() { return Outbox(db_, policies_); }
  // Stories as editors see and correct them, over this archive's connection.
  Stories stories() { return Stories(db_); }

  // Items whose folded title or summary satisfy the FTS5 expression (empty:
  // any item), within the filters, newest first by arrival in the archive:
  // FTS5 then walks its index from the newest row and stops at the limit,
  // instead of sorting every match by date.
  Result<std::vector<SearchHit>> search(const std::string& fts_query, const SearchFilters& filters);
  // How many items the search would find without its limit and paging.
  Result<std::int64_t> count(const std::string& fts_query, const SearchFilters& filters);

  // Deletes items fetched before `now - keep_days` (0: none), except items
  // that matched a rule, which go after `keep_matched_days` (0: never).
  // Returns how many were deleted.
  Result<int> prune(UnixTime now, int keep_days, int keep_matched_days);

  // An online, consistent copy of the whole archive at `path` (VACUUM INTO),
  // taken while the daemon keeps writing. Refuses an existing file.
  Status backup(const std::string& path);

  // Whether a writer could start now: fails, naming why, when the file is
  // read-only or another process holds the write lock (waits at most
  // `wait_ms`). For `status`, to say why the daemon stores nothing.
  Status check_writable(int wait_ms = 1000);

  // Calls `visit` for each stored item fetched or published since `since`,
  // oldest first, with its feed's name; for replaying rules.
  Status for_each_item(UnixTime since, const std::function<void(const SearchHit&)>& visit);

  // An item's earlier versions, oldest first: (title, summary, replaced at).
  struct ItemVersion {
    std::optional<std::string> title;
    std::optional<std::string> summary;
    UnixTime replaced_at = 0;
  };
  Result<std::vector<ItemVersion>> item_versions(std::int64_t item_id);

  Database& database() { return db_; }

 private:
  struct SearchRow {
    std::string title, summary, content;
  };
  struct KnownItem {
    std::int64_t id = 0;
    std::optional<std::string> content_hash;
  };
  explicit Archive(Database db) : db_(std::move(db)) {}
  Result<std::int64_t> lowest_id_since(const std::optional<UnixTime>& since);
  // `canonical`: the canonical URL of the item's link (computed once per item).
  Result<std::optional<KnownItem>> find_item(std::int64_t feed_id, const ItemRecord& item,
                                             const std::optional<std::string>& canonical);
  Status mark_removed(std::int64_t feed_id, const std::vector<std::int64_t>& listed, UnixTime window_start,
                      UnixTime now, IngestResult& result);
  Status update_edited(const KnownItem& known, const ItemRecord& item, const std::string& hash, UnixTime now,
                       IngestResult& result);
  Result<std::int64_t> story_for(const ItemRecord& item, std::uint64_t signature, UnixTime now);
  Status load_recent_stories(UnixTime now);
  Result<std::optional<std::int64_t>> insert_item(std::int64_t feed_id, const ItemRecord& item,
                                                  const std::optional<std::string>& canonical, UnixTime now);
  Status insert_match(std::int64_t item_id, const MatchRecord& match, UnixTime now, IngestResult& result);
  Status add_translation(SearchHit& hit);
  Status alert_channels(std::int64_t item_id, const std::vector<MatchRecord>& matches, UnixTime now,
                        IngestResult& result);

  Database db_;
  RecentSignatures recent_stories_;  // the last days' stories, for grouping near-copies
  bool stories_loaded_ = false;
  StoryIndex story_index_;  // the last days' items, for grouping across languages
  std::map<std::string, ChannelPolicy> policies_;
  std::unique_ptr<Transaction> batch_;
  // By item id: a rolled-back id's row is replaced if the id is used again,
  // else skipped at commit.
  std::map<std::int64_t, SearchRow> waiting_search_rows_;
};

// The identity that makes an item unique within its feed: the GUID, else the
// link, else the title with the date.
std::string item_identity(const ItemRecord& item);

}  // namespace khabar::store
