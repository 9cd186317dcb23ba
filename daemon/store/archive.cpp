#include "store/archive.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <limits>

#include "store/schema.h"
#include "store/story_grouping.h"
#include "store/story_signature.h"
#include "store/url_canonical.h"
#include "text/normalizer.h"

namespace khabar::store {

std::string item_identity(const ItemRecord& item) {
  if (item.guid && !item.guid->empty()) return "guid:" + *item.guid;
  if (item.link && !item.link->empty()) return "link:" + *item.link;
  return "title:" + item.title.value_or("") + "|" + std::to_string(item.published.value_or(0));
}

Result<Archive> Archive::open(const std::string& path) {
  auto db = Database::open(path);
  if (!db) return db.error();
  if (auto status = migrate(*db); !status) return status.error();
  return Archive(std::move(*db));
}

Result<FeedState> Archive::ensure_feed(const std::string& name, const std::string& url,
                                       const std::optional<std::string>& country) {
  // Cached: the daemon's start asks this for every configured feed.
  auto upsert = db_.cached(
      "INSERT INTO feeds (name, url) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET url = excluded.url,"
      " moved_from = NULL WHERE feeds.moved_from IS NULL OR feeds.moved_from != excluded.url");
  if (!upsert) return upsert.error();
  if (auto status = (*upsert)->bind(1, name).bind(2, url).run(); !status) return status.error();
  auto place = db_.cached("UPDATE feeds SET country = ?2 WHERE name = ?1 AND country IS NOT ?2");
  if (!place) return place.error();
  if (auto status = (*place)->bind(1, name).bind(2, country).run(); !status) return status.error();
  auto state = feed_state(name);
  if (!state) return state.error();
  if (!*state) return make_error(ErrorKind::kIo, "feed " + name + " vanished from the database");
  return std::move(**state);
}

namespace {

// The feeds' states; `counted`: with each feed's item count and newest
// item, which status pages show. The poller, which asks for one feed's state
// at every poll, does without them: no index holds an item's fetch time by
// feed, so the newest was found by reading each of the feed's item rows,
// and a warm poll of 1,000 feeds read nearly the whole archive back for it.
std::string feed_state_query(bool counted) {
  std::string query =
      "SELECT f.id, f.name, f.url, f.etag, f.last_modified, f.last_success, f.last_error, f.error_count, ";
  query += counted ? "(SELECT COUNT(*) FROM items i WHERE i.feed_id = f.id)" : "-1";
  query += ", f.consecutive_errors, f.last_status, f.next_poll, ";
  query += counted ? "(SELECT MAX(i.fetched) FROM items i WHERE i.feed_id = f.id)" : "NULL";
  query += ", f.cursor, f.probed_at, f.probe_verdict, f.probe_detail, f.article_failures, f.last_article_error";
  query += " FROM feeds f";
  return query;
}

FeedState read_feed_state(const Statement& row) {
  return {row.integer(0),           row.text(1),           row.text(2),
          row.optional_text(3),     row.optional_text(4),  row.optional_integer(5),
          row.optional_text(6),     row.integer(7),        row.integer(8),
          row.integer(9),           row.optional_text(10), row.optional_integer(11),
          row.optional_integer(12), row.optional_text(13), row.optional_integer(14),
          row.optional_text(15),    row.optional_text(16), row.integer(17),
          row.optional_text(18)};
}

}  // namespace

Result<std::optional<FeedState>> Archive::feed_state(const std::string& name) {
  // Cached (every poll of every feed asks), and reset once read: a statement
  // left on its row would hold a read snapshot open.
  auto cached = db_.cached(feed_state_query(false) + " WHERE f.name = ?1");
  if (!cached) return cached.error();
  auto& stmt = **cached;
  stmt.bind(1, name);
  auto row = stmt.step();
  if (!row) return row.error();
  std::optional<FeedState> state;
  if (*row) state = read_feed_state(stmt);
  stmt.reset();
  return state;
}

Result<std::vector<FeedState>> Archive::feeds() {
  auto stmt = db_.prepare(feed_state_query(true) + " ORDER BY f.name");
  if (!stmt) return stmt.error();
  std::vector<FeedState> out;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(read_feed_state(*stmt));
  }
  return out;
}

Status Archive::record_success(std::int64_t feed_id, const std::optional<std::string>& etag,
                               const std::optional<std::string>& last_modified, UnixTime now) {
  auto stmt = db_.cached(
      "UPDATE feeds SET etag = ?2, last_modified = ?3, last_success = ?4, consecutive_errors = 0,"
      " last_status = 'ok' WHERE id = ?1");
  if (!stmt) return stmt.error();
  return (*stmt)->bind(1, feed_id).bind(2, etag).bind(3, last_modified).bind(4, now).run();
}

Status Archive::record_not_modified(std::int64_t feed_id, const std::optional<std::string>& etag,
                                    const std::optional<std::string>& last_modified, UnixTime now) {
  auto stmt = db_.cached(
      "UPDATE feeds SET last_success = ?2, consecutive_errors = 0, last_status = 'not-modified',"
      " etag = COALESCE(?3, etag), last_modified = COALESCE(?4, last_modified) WHERE id = ?1");
  if (!stmt) return stmt.error();
  return (*stmt)->bind(1, feed_id).bind(2, now).bind(3, etag).bind(4, last_modified).run();
}

Status Archive::record_failure(std::int64_t feed_id, const std::string& error, UnixTime now) {
  auto stmt = db_.cached(
      "UPDATE feeds SET last_error = ?2, last_error_at = ?3, error_count = error_count + 1,"
      " consecutive_errors = consecutive_errors + 1, last_status = 'failed' WHERE id = ?1");
  if (!stmt) return stmt.error();
  return (*stmt)->bind(1, feed_id).bind(2, error).bind(3, now).run();
}

Status Archive::record_article_failures(std::int64_t feed_id, int count, const std::string& last_error) {
  if (count == 0) return Status::success();
  auto stmt =
      db_.prepare("UPDATE feeds SET article_failures = article_failures + ?2, last_article_error = ?3 WHERE id = ?1");
  if (!stmt) return stmt.error();
  return stmt->bind(1, feed_id).bind(2, std::int64_t{count}).bind(3, last_error).run();
}

Status Archive::move_feed(std::int64_t feed_id, const std::string& new_url) {
  auto stmt = db_.prepare("UPDATE feeds SET moved_from = COALESCE(moved_from, url), url = ?2 WHERE id = ?1");
  if (!stmt) return stmt.error();
  return stmt->bind(1, feed_id).bind(2, new_url).run();
}

Status Archive::set_next_poll(std::int64_t feed_id, UnixTime when) {
  auto stmt = db_.cached("UPDATE feeds SET next_poll = ?2 WHERE id = ?1");
  if (!stmt) return stmt.error();
  return (*stmt)->bind(1, feed_id).bind(2, when).run();
}

Status Archive::set_cursor(std::int64_t feed_id, const std::string& cursor) {
  auto stmt = db_.prepare("UPDATE feeds SET cursor = ?2 WHERE id = ?1");
  if (!stmt) return stmt.error();
  return stmt->bind(1, feed_id).bind(2, cursor).run();
}

Status Archive::record_probe(std::int64_t feed_id, const ProbeRecord& probe) {
  auto stmt = db_.prepare("UPDATE feeds SET probed_at = ?2, probe_verdict = ?3, probe_detail = ?4 WHERE id = ?1");
  if (!stmt) return stmt.error();
  return stmt->bind(1, feed_id).bind(2, probe.at).bind(3, probe.verdict).bind(4, probe.detail).run();
}

Result<std::vector<UnixTime>> Archive::recent_item_times(std::int64_t feed_id, int limit) {
  auto cached = db_.cached(
      "SELECT COALESCE(published, fetched) FROM items WHERE feed_id = ?1 ORDER BY COALESCE(published, fetched) DESC"
      " LIMIT ?2");
  if (!cached) return cached.error();
  auto& stmt = **cached;
  stmt.bind(1, feed_id).bind(2, std::int64_t{limit});
  std::vector<UnixTime> out;
  while (true) {
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(stmt.integer(0));
  }
}

namespace {

// The hash of what a reader sees of an item: its title and summary.
std::string content_hash(const ItemRecord& item) {
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a 64
  for (const auto* part : {&item.title, &item.summary}) {
    for (const char c : part->value_or("")) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    hash = (hash ^ 0xFF) * 1099511628211ULL;  // a separator no UTF-8 text holds
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

constexpr UnixTime kNearCopyWindow = 3 * 86400;  // near-copies of one report come within days

// When an item's event happened, for grouping: its publication date, unless
// that is implausible (before 1990, or days ahead of the clock).
UnixTime event_time(const ItemRecord& item, UnixTime now) {
  constexpr UnixTime k1990 = 631152000;
  const auto published = item.published.value_or(now);
  return published < k1990 || published > now + 2 * 86400 ? now : published;
}

// A feed's items in the order they happened: feeds list the newest first,
// and the first report of a story must be the one that is alerted, its
// follow-ups told in the digest.
std::vector<std::reference_wrapper<const ItemRecord>> oldest_first(const std::vector<ItemRecord>& items, UnixTime now) {
  std::vector<std::reference_wrapper<const ItemRecord>> order(items.rbegin(), items.rend());
  std::stable_sort(order.begin(), order.end(), [now](const ItemRecord& a, const ItemRecord& b) {
    return a.published.value_or(now) < b.published.value_or(now);
  });
  return order;
}

std::optional<std::string> canonical_of(const ItemRecord& item) {
  return item.link ? std::optional<std::string>(canonical_url(*item.link)) : std::nullopt;
}

// The item's index forms: those it carries (the poller made them), else
// made into `made`. Not copied: they are most of an item's bytes.
const IndexForms& index_forms(const ItemRecord& item, IndexForms& made) {
  if (item.index_forms) return *item.index_forms;
  made = index_forms_of(item.title, item.summary, item.content);
  return made;
}

}  // namespace

// The stored item this one is: same identity (GUID, else link...), or the
// same canonical URL (a new GUID, tracking parameters, http/https/www variants).
Result<std::optional<Archive::KnownItem>> Archive::find_item(std::int64_t feed_id, const ItemRecord& item,
                                                             const std::optional<std::string>& canonical) {
  // Two index searches merged, not one OR: SQLite, without statistics, would
  // walk all of the feed's items by feed_id, a cost growing with the archive.
  auto cached = db_.cached(
      "SELECT id, content_hash FROM items WHERE feed_id = ?1 AND identity = ?2"
      " UNION ALL SELECT id, content_hash FROM items WHERE feed_id = ?1 AND canonical_url = ?3"
      " ORDER BY 1 LIMIT 1");
  if (!cached) return cached.error();
  auto& stmt = **cached;
  stmt.bind(1, feed_id).bind(2, item_identity(item)).bind(3, canonical);
  auto row = stmt.step();
  if (!row) return row.error();
  if (!*row) return std::optional<KnownItem>{};
  return std::optional<KnownItem>{KnownItem{stmt.integer(0), stmt.optional_text(1)}};
}

// An edited item is updated in place; what it said before is kept, with when
// it changed: outlets under pressure rewrite reports.
Status Archive::update_edited(const KnownItem& known, const ItemRecord& item, const std::string& hash, UnixTime now,
                              IngestResult& result) {
  auto keep = db_.prepare(
      "INSERT INTO item_versions (item_id, title, summary, content_hash, replaced_at)"
      " SELECT id, title, summary, content_hash, ?2 FROM items WHERE id = ?1");
  if (!keep) return keep.error();
  if (auto status = keep->bind(1, known.id).bind(2, now).run(); !status) return status;
  auto update = db_.prepare(
      "UPDATE items SET title = ?2, summary = ?3, content = COALESCE(?4, content), content_hash = ?5, updated_at = ?6,"
      " article_fetched_at = COALESCE(?7, article_fetched_at), article_error = ?8 WHERE id = ?1");
  if (!update) return update.error();
  update->bind(1, known.id).bind(2, item.title).bind(3, item.summary).bind(4, item.content).bind(5, hash).bind(6, now);
  update->bind(7, item.article_fetched_at).bind(8, item.article_error);
  if (auto status = update->run(); !status) return status;
  ++result.edited_items;
  IndexForms made;
  const auto& words = index_forms(item, made);
  // An item new in this batch has its search row waiting: edit that.
  if (const auto waiting = waiting_search_rows_.find(known.id); waiting != waiting_search_rows_.end()) {
    waiting->second.title = words.title;
    waiting->second.summary = words.summary;
    if (item.content) waiting->second.content = words.content;
    return Status::success();
  }
  auto index =
      db_.prepare("UPDATE item_search SET title = ?2, summary = ?3, content = COALESCE(?4, content) WHERE rowid = ?1");
  if (!index) return index.error();
  index->bind(1, known.id).bind(2, words.title).bind(3, words.summary);
  index->bind(4, item.content ? std::optional<std::string>(words.content) : std::nullopt);
  return index->run();
}

Status Archive::load_recent_stories(UnixTime now) {
  // Each story with its first item's event time (an edited story may have
  // lost its first item: then its arrival).
  auto stmt = db_.prepare(
      "SELECT s.id, s.signature, s.first_seen, i.published, i.fetched FROM stories s"
      " LEFT JOIN items i ON i.id = (SELECT MIN(id) FROM items WHERE story_id = s.id)"
      " WHERE s.first_seen >= ?1 ORDER BY s.id");
  if (!stmt) return stmt.error();
  stmt->bind(1, now - kNearCopyWindow);
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    ItemRecord first;
    first.published = stmt->optional_integer(3);
    const auto first_seen = stmt->integer(2);
    recent_stories_.add(stmt->integer(0), static_cast<std::uint64_t>(stmt->integer(1)), first_seen,
                        event_time(first, stmt->optional_integer(4).value_or(first_seen)));
  }
  auto items = db_.prepare(
      "SELECT id, story_id, published, fetched, story_keys FROM items WHERE fetched >= ?1 AND story_keys IS NOT NULL"
      " AND story_id IS NOT NULL");
  if (!items) return items.error();
  items->bind(1, now - kStoryWindow);
  while (true) {
    auto row = items->step();
    if (!row) return row.error();
    if (!*row) break;
    ItemRecord item;
    item.published = items->optional_integer(2);
    story_index_.add(items->integer(0), items->integer(1), event_time(item, items->integer(3)),
                     keys_from_text(items->text(4)), items->integer(3));
  }
  stories_loaded_ = true;
  return Status::success();
}

// The story a new item belongs to: the nearest recent story within the
// SimHash distance whose first report happened within days of this one (a
// near-copy; as regrouping decides), else a recent item's story about the same
// event (names, numbers, kind, country, time: across languages), else a new one.
Result<std::int64_t> Archive::story_for(const ItemRecord& item, std::uint64_t signature, UnixTime now) {
  if (!stories_loaded_) {
    if (auto status = load_recent_stories(now); !status) return status.error();
  }
  recent_stories_.forget_before(now - kNearCopyWindow);
  story_index_.forget_before(now - kStoryWindow);
  if (signature != 0) {
    if (auto nearest = recent_stories_.nearest_around(signature, event_time(item, now), kNearCopyWindow))
      return *nearest;
  }
  if (auto same_event = story_index_.story_for(item.story_keys, event_time(item, now))) return *same_event;
  auto insert = db_.cached("INSERT INTO stories (signature, first_seen) VALUES (?1, ?2)");
  if (!insert) return insert.error();
  if (auto status = (*insert)->bind(1, static_cast<std::int64_t>(signature)).bind(2, now).run(); !status)
    return status.error();
  const auto id = db_.last_insert_id();
  recent_stories_.add(id, signature, now, event_time(item, now));
  return id;
}

Result<std::optional<std::int64_t>> Archive::insert_item(std::int64_t feed_id, const ItemRecord& item,
                                                         const std::optional<std::string>& canonical, UnixTime now) {
  IndexForms made;
  const auto& words = index_forms(item, made);
  const auto signature =
      words.signature ? *words.signature : story_signature_of_index_forms(words.title, words.summary);
  auto story = story_for(item, signature, now);
  if (!story) return story.error();
  auto cached_insert = db_.cached(
      "INSERT INTO items (feed_id, identity, guid, link, title, summary, content, author, language, published, "
      "fetched, canonical_url, content_hash, story_id, article_fetched_at, article_error, story_keys)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
      " ON CONFLICT (feed_id, identity) DO NOTHING");
  if (!cached_insert) return cached_insert.error();
  auto& insert = **cached_insert;
  insert.bind(1, feed_id).bind(2, item_identity(item)).bind(3, item.guid).bind(4, item.link).bind(5, item.title);
  insert.bind(6, item.summary).bind(7, item.content).bind(8, item.author).bind(9, item.language);
  insert.bind(10, item.published).bind(11, now);
  insert.bind(12, canonical);
  insert.bind(13, content_hash(item)).bind(14, *story).bind(15, item.article_fetched_at).bind(16, item.article_error);
  insert.bind(17, item.story_keys.empty() ? std::nullopt : std::optional<std::string>(keys_text(item.story_keys)));
  if (auto status = insert.run(); !status) return status.error();
  if (db_.changes() == 0) return std::optional<std::int64_t>{};
  const auto item_id = db_.last_insert_id();
  story_index_.add(item_id, *story, event_time(item, now), item.story_keys, now);
  if (batch_) {
    waiting_search_rows_[item_id] = {words.title, words.summary, words.content};
    return std::optional<std::int64_t>{item_id};
  }
  auto cached_index = db_.cached("INSERT INTO item_search (rowid, title, summary, content) VALUES (?1, ?2, ?3, ?4)");
  if (!cached_index) return cached_index.error();
  auto& index = **cached_index;
  index.bind(1, item_id).bind(2, words.title).bind(3, words.summary).bind(4, words.content);
  if (auto status = index.run(); !status) return status.error();
  return std::optional<std::int64_t>{item_id};
}

Status Archive::begin_batch() {
  if (batch_) return make_error(ErrorKind::kInvalidInput, "a batch is already open");
  auto batch = std::make_unique<Transaction>(db_);
  if (!batch->begin_status()) return batch->begin_status();
  batch_ = std::move(batch);
  waiting_search_rows_.clear();
  return Status::success();
}

Status Archive::commit_batch() {
  if (!batch_) return Status::success();
  auto batch = std::move(batch_);  // rolled back when it leaves, unless committed
  auto rows = std::move(waiting_search_rows_);
  waiting_search_rows_.clear();
  // Only for items the batch kept: a row whose item a rolled-back savepoint
  // took away is skipped. One plain INSERT per row: an INSERT ... SELECT
  // would open a statement savepoint, at which FTS5 writes out a segment.
  auto exists = db_.cached("SELECT 1 FROM items WHERE id = ?1");
  auto index = db_.cached("INSERT INTO item_search (rowid, title, summary, content) VALUES (?1, ?2, ?3, ?4)");
  if (!exists) return exists.error();
  if (!index) return index.error();
  for (const auto& [id, row] : rows) {
    (*exists)->reset();
    auto kept = (*exists)->bind(1, id).step();
    if (!kept) return kept.error();
    if (!*kept) continue;
    (*index)->reset();
    (*index)->bind(1, id).bind(2, row.title).bind(3, row.summary).bind(4, row.content);
    if (auto status = (*index)->run(); !status) return status;
  }
  return batch->commit();
}

Result<int> Archive::prune(UnixTime now, int keep_days, int keep_matched_days) {
  if (keep_days <= 0) return 0;
  Transaction transaction(db_);
  if (!transaction.begin_status()) return transaction.begin_status().error();
  const std::string doomed =
      "SELECT id FROM items WHERE fetched < ?1 AND (NOT EXISTS (SELECT 1 FROM matches m WHERE m.item_id = items.id)"
      " OR (?2 > 0 AND fetched < ?3))";
  auto index = db_.prepare("DELETE FROM item_search WHERE rowid IN (" + doomed + ")");
  auto items = db_.prepare("DELETE FROM items WHERE id IN (" + doomed + ")");
  if (!index) return index.error();
  if (!items) return items.error();
  const UnixTime cutoff = now - static_cast<UnixTime>(keep_days) * 86400;
  const UnixTime matched_cutoff = now - static_cast<UnixTime>(keep_matched_days) * 86400;
  for (auto* stmt : {&*index, &*items}) {
    stmt->bind(1, cutoff).bind(2, std::int64_t{keep_matched_days}).bind(3, matched_cutoff);
    if (auto status = stmt->run(); !status) return status.error();
  }
  const int deleted = db_.changes();
  if (auto status = transaction.commit(); !status) return status.error();
  return deleted;
}

Status Archive::check_writable(int wait_ms) {
  if (sqlite3_db_readonly(db_.handle(), "main") == 1) {
    return make_error(ErrorKind::kIo, "the archive is read-only (check the file's owner and mode)");
  }
  sqlite3_busy_timeout(db_.handle(), wait_ms);
  auto begun = db_.exec("BEGIN IMMEDIATE");
  sqlite3_busy_timeout(db_.handle(), Database::kBusyTimeoutMs);
  if (!begun) return make_error(ErrorKind::kIo, "the archive cannot be written: " + begun.error().message);
  return db_.exec("ROLLBACK");
}

Status Archive::backup(const std::string& path) {
  if (std::filesystem::exists(path)) return make_error(ErrorKind::kIo, path + " exists: not overwriting it");
  auto stmt = db_.prepare("VACUUM INTO ?1");
  if (!stmt) return stmt.error();
  return stmt->bind(1, path).run();
}

Status Archive::for_each_item(UnixTime since, const std::function<void(const SearchHit&)>& visit) {
  auto stmt = db_.prepare(std::string("SELECT i.id, f.name, i.fetched, i.story_id, ") + kItemColumns +
                          " FROM items i JOIN feeds f ON f.id = i.feed_id WHERE COALESCE(i.published, i.fetched) >= ?1"
                          " ORDER BY COALESCE(i.published, i.fetched), i.id");
  if (!stmt) return stmt.error();
  stmt->bind(1, since);
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return Status::success();
    visit({stmt->integer(0), stmt->text(1), read_item(*stmt, 4), stmt->integer(2), stmt->optional_integer(3)});
  }
}

Result<std::vector<Archive::ItemVersion>> Archive::item_versions(std::int64_t item_id) {
  auto stmt = db_.prepare("SELECT title, summary, replaced_at FROM item_versions WHERE item_id = ?1 ORDER BY id");
  if (!stmt) return stmt.error();
  stmt->bind(1, item_id);
  std::vector<ItemVersion> out;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back({stmt->optional_text(0), stmt->optional_text(1), stmt->integer(2)});
  }
}

Status Archive::insert_match(std::int64_t item_id, const MatchRecord& match, UnixTime now, IngestResult& result) {
  auto stmt = db_.cached(
      "INSERT INTO matches (item_id, rule, terms, matched_at, glosses) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO "
      "NOTHING");
  if (!stmt) return stmt.error();
  auto status = (*stmt)
                    ->bind(1, item_id)
                    .bind(2, match.rule)
                    .bind(3, terms_json(match.terms))
                    .bind(4, now)
                    .bind(5, glosses_json(match.glosses))
                    .run();
  (*stmt)->reset();
  if (!status) return status;
  ++result.new_matches;
  return Status::success();
}

// One alert per channel, however many rules matched: under the first rule
// (in rule order) that routes the item there; the alert lists them all.
Status Archive::alert_channels(std::int64_t item_id, const std::vector<MatchRecord>& matches, UnixTime now,
                               IngestResult& result) {
  std::vector<std::string> alerted;
  for (const auto& match : matches) {
    for (const auto& channel : match.channels) {
      if (std::find(alerted.begin(), alerted.end(), channel) != alerted.end()) continue;
      alerted.push_back(channel);
      auto alerts = outbox().enqueue(item_id, match.rule, {channel}, now);
      if (!alerts) return alerts.error();
      result.new_alerts += *alerts;
    }
  }
  return Status::success();
}

Result<std::vector<bool>> Archive::new_or_changed(std::int64_t feed_id, const std::vector<ItemRecord>& items) {
  Transaction transaction(db_);  // ending it resets the cached statements, releasing the read snapshot
  if (!transaction.begin_status()) return transaction.begin_status().error();
  std::vector<bool> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    auto known = find_item(feed_id, item, canonical_of(item));
    if (!known) return known.error();
    out.push_back(!*known || ((*known)->content_hash && *(*known)->content_hash != content_hash(item)));
  }
  if (auto status = transaction.commit(); !status) return status.error();
  return out;
}

Result<IngestResult> Archive::ingest(std::int64_t feed_id, const std::vector<ItemRecord>& items, UnixTime now,
                                     const MatchFunction& match) {
  Transaction transaction(db_);
  if (!transaction.begin_status()) return transaction.begin_status().error();
  IngestResult result;
  std::vector<std::int64_t> listed;
  std::optional<UnixTime> window_start;
  for (const ItemRecord& item : oldest_first(items, now)) {
    // An implausible date (before 1990, days ahead) never widens the window.
    if (item.published && event_time(item, now) == *item.published) {
      window_start = std::min(window_start.value_or(*item.published), *item.published);
    }
    const auto canonical = canonical_of(item);
    auto known = find_item(feed_id, item, canonical);
    if (!known) return known.error();
    if (*known) {
      listed.push_back((*known)->id);
      const auto hash = content_hash(item);
      if ((*known)->content_hash && *(*known)->content_hash != hash) {
        if (auto status = update_edited(**known, item, hash, now, result); !status) return status.error();
      }
      continue;
    }
    auto item_id = insert_item(feed_id, item, canonical, now);
    if (!item_id) return item_id.error();
    if (!*item_id) continue;
    listed.push_back(**item_id);
    ++result.new_items;
    const auto matches = match(item);
    for (const auto& m : matches) {
      if (auto status = insert_match(**item_id, m, now, result); !status) return status.error();
    }
    if (auto status = alert_channels(**item_id, matches, now, result); !status) return status.error();
  }
  if (window_start && !items.empty()) {
    if (auto status = mark_removed(feed_id, listed, *window_start, now, result); !status) return status.error();
  }
  if (auto status = transaction.commit(); !status) return status.error();
  return result;
}

// Stored items of the feed, published within the window the feed still
// lists, that it no longer lists: removed. Listed ones are unmarked.
Status Archive::mark_removed(std::int64_t feed_id, const std::vector<std::int64_t>& listed, UnixTime window_start,
                             UnixTime now, IngestResult& result) {
  // Created again if a rolled-back transaction took it away; cached, as
  // every poll runs these.
  for (const char* sql :
       {"CREATE TEMP TABLE IF NOT EXISTS listed_items (id INTEGER PRIMARY KEY)", "DELETE FROM listed_items"}) {
    auto scratch = db_.cached(sql);
    if (!scratch) return scratch.error();
    if (auto status = (*scratch)->run(); !status) return status;
  }
  auto add = db_.cached("INSERT OR IGNORE INTO listed_items (id) VALUES (?1)");
  if (!add) return add.error();
  for (const auto id : listed) {
    (*add)->reset();
    if (auto status = (*add)->bind(1, id).run(); !status) return status;
  }
  // Each statement names the index it needs (the listed ids; the feed's
  // items by date): the feed's whole history is never walked.
  auto back = db_.cached(
      "UPDATE items SET removed_at = NULL WHERE id IN (SELECT id FROM listed_items) AND +feed_id = ?1"
      " AND removed_at IS NOT NULL");
  if (!back) return back.error();
  if (auto status = (*back)->bind(1, feed_id).run(); !status) return status;
  auto gone = db_.cached(
      "UPDATE items SET removed_at = ?3 WHERE feed_id = ?1 AND COALESCE(published, fetched) >= ?2"
      " AND published IS NOT NULL AND removed_at IS NULL AND id NOT IN (SELECT id FROM listed_items)");
  if (!gone) return gone.error();
  if (auto status = (*gone)->bind(1, feed_id).bind(2, window_start).bind(3, now).run(); !status) return status;
  result.removed_items += db_.changes();
  return Status::success();
}

namespace {

// The search's FROM and WHERE over `items i` (and `item_search s` with
// words), parameters ?1 and ?3 to ?12 as bind_search binds them.
std::string search_where(bool words, const SearchFilters& f) {
  return std::string(words ? " FROM item_search s JOIN items i ON i.id = s.rowid" : " FROM items i") +
         " JOIN feeds f ON f.id = i.feed_id WHERE " + (words ? "item_search MATCH ?1" : "?1 = ''") +
         " AND (?3 IS NULL OR COALESCE(i.published, i.fetched) >= ?3) AND (?4 IS NULL OR COALESCE(i.published, "
         "i.fetched) < ?4)"
         " AND (?5 IS NULL OR i.language = ?5 OR i.language LIKE ?5 || '-%') AND (?6 IS NULL OR f.name = ?6)"
         " AND (?7 IS NULL OR EXISTS (SELECT 1 FROM matches m WHERE m.item_id = i.id AND m.rule = ?7))"
         " AND (?8 IS NULL OR i.story_id = ?8) AND (?9 IS NULL OR f.country = ?9)"
         " AND (?10 IS NULL OR (?10 = 'unlabelled' AND " +
         kEffectiveLabel + " IS NULL) OR " + kEffectiveLabel + " = ?10)" +
         // A label narrows to the few labelled items: the search starts from them.
         std::string(f.triage && *f.triage != "unlabelled" ? kLabelledItems : "") +
         // Ids grow with fetch time: the date's lower bound on ids stops FTS5's walk early.
         std::string(words ? " AND (?11 IS NULL OR s.rowid < ?11) AND s.rowid >= ?12"
                           : " AND (?11 IS NULL OR i.id < ?11) AND i.id >= ?12");
}

std::string search_order(bool words, const SearchFilters& f) {
  if (f.by_publication) return " ORDER BY COALESCE(i.published, i.fetched) DESC, i.id DESC";
  return words ? " ORDER BY s.rowid DESC" : " ORDER BY i.id DESC";
}

void bind_search(Statement& stmt, const std::string& fts_query, const SearchFilters& f, std::int64_t lowest_id) {
  // SQLite takes a negative LIMIT for none.
  stmt.bind(1, fts_query)
      .bind(2, std::int64_t{f.limit > 0 ? f.limit : -1})
      .bind(3, f.since)
      .bind(4, f.until)
      .bind(5, f.language);
  stmt.bind(6, f.feed).bind(7, f.rule).bind(8, f.story).bind(9, f.country).bind(10, f.triage).bind(11, f.before);
  stmt.bind(12, lowest_id);
}

// Reports of the archive's first days may say they were published up to this
// long after they were fetched (a wrong time zone): they are still found.
constexpr UnixTime kFutureSlack = 2 * 86400;

}  // namespace

// The smallest id an item published or fetched since `since` can have: items
// are numbered as they are fetched, and published before that.
Result<std::int64_t> Archive::lowest_id_since(const std::optional<UnixTime>& since) {
  if (!since) return std::int64_t{0};
  auto stmt = db_.prepare("SELECT id FROM items WHERE fetched >= ?1 ORDER BY fetched LIMIT 1");
  if (!stmt) return stmt.error();
  stmt->bind(1, *since - kFutureSlack);
  auto row = stmt->step();
  if (!row) return row.error();
  return *row ? stmt->integer(0) : std::numeric_limits<std::int64_t>::max();
}

Result<std::vector<SearchHit>> Archive::search(const std::string& fts_query, const SearchFilters& f) {
  const bool words = !fts_query.empty();
  auto lowest = lowest_id_since(f.since);
  if (!lowest) return lowest.error();
  auto stmt = db_.prepare(std::string("SELECT i.id, f.name, i.fetched, i.story_id, ") + kItemColumns +
                          search_where(words, f) + search_order(words, f) + " LIMIT ?2");
  if (!stmt) return stmt.error();
  bind_search(*stmt, fts_query, f, *lowest);
  std::vector<SearchHit> out;
  while (true) {
    auto row = stmt->step();
    if (!row) return make_error(ErrorKind::kInvalidInput, "search failed: " + row.error().message);
    if (!*row) break;
    out.push_back({stmt->integer(0), stmt->text(1), read_item(*stmt, 4), stmt->integer(2), stmt->optional_integer(3)});
  }
  for (auto& hit : out) {
    if (auto status = add_translation(hit); !status) return status.error();
  }
  return out;
}

Status Archive::add_translation(SearchHit& hit) {
  auto stmt =
      db_.prepare("SELECT language, title, summary FROM translations WHERE item_id = ?1 ORDER BY language LIMIT 1");
  if (!stmt) return stmt.error();
  stmt->bind(1, hit.item_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (*row) hit.translation = StoredTranslation{stmt->text(0), stmt->optional_text(1), stmt->optional_text(2)};
  return Status::success();
}

Result<std::int64_t> Archive::count(const std::string& fts_query, const SearchFilters& f) {
  auto lowest = lowest_id_since(f.since);
  if (!lowest) return lowest.error();
  auto stmt = db_.prepare("SELECT COUNT(*)" + search_where(!fts_query.empty(), f));
  if (!stmt) return stmt.error();
  bind_search(*stmt, fts_query, f, *lowest);
  auto row = stmt->step();
  if (!row) return make_error(ErrorKind::kInvalidInput, "search failed: " + row.error().message);
  return stmt->integer(0);
}

}  // namespace khabar::store
