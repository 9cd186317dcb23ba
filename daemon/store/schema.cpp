#include "store/schema.h"

#include <algorithm>
#include <array>

namespace khabar::store {
namespace {

// Append only: a released migration is never edited.
constexpr std::array<const char*, 12> kMigrations{
    // 1: feeds, items with a search index, matches, and the alert outbox.
    R"sql(
CREATE TABLE feeds (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  last_success INTEGER,
  last_error TEXT,
  last_error_at INTEGER,
  error_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  identity TEXT NOT NULL,
  guid TEXT,
  link TEXT,
  title TEXT,
  summary TEXT,
  content TEXT,
  author TEXT,
  language TEXT,
  published INTEGER,
  fetched INTEGER NOT NULL,
  UNIQUE (feed_id, identity)
);
CREATE INDEX items_by_time ON items (COALESCE(published, fetched));
-- Normalized words (text::index_form) separated by spaces, so only spaces split tokens.
CREATE VIRTUAL TABLE item_search USING fts5 (
  title, summary,
  tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'"
);
CREATE TABLE matches (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  rule TEXT NOT NULL,
  terms TEXT NOT NULL,
  matched_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, rule)
);
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  rule TEXT NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  UNIQUE (item_id, rule, channel)
);
CREATE INDEX alerts_pending ON alerts (state) WHERE state = 'pending';
)sql",
    // 2: the fetch loop's bookkeeping: when the next poll is due, errors in a
    // row (error_count stays the running total), what the last poll gave,
    // and where a permanent redirect moved the feed from.
    R"sql(
ALTER TABLE feeds ADD COLUMN next_poll INTEGER;
ALTER TABLE feeds ADD COLUMN consecutive_errors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN last_status TEXT;
ALTER TABLE feeds ADD COLUMN moved_from TEXT;
CREATE INDEX items_by_feed_time ON items (feed_id, COALESCE(published, fetched));
)sql",
    // 3: the outbox retries with backoff: when an alert may be tried again.
    R"sql(
ALTER TABLE alerts ADD COLUMN next_attempt INTEGER;
)sql",
    // 4: one item under its canonical URL, its earlier versions kept as
    // evidence, and stories grouping reports of one event across outlets.
    R"sql(
CREATE TABLE stories (
  id INTEGER PRIMARY KEY,
  signature INTEGER NOT NULL,
  first_seen INTEGER NOT NULL
);
CREATE INDEX stories_by_time ON stories (first_seen);
ALTER TABLE items ADD COLUMN canonical_url TEXT;
ALTER TABLE items ADD COLUMN content_hash TEXT;
ALTER TABLE items ADD COLUMN story_id INTEGER REFERENCES stories(id);
ALTER TABLE items ADD COLUMN updated_at INTEGER;
CREATE INDEX items_by_canonical_url ON items (feed_id, canonical_url);
CREATE INDEX items_by_story ON items (story_id);
CREATE TABLE item_versions (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  title TEXT,
  summary TEXT,
  content_hash TEXT,
  replaced_at INTEGER NOT NULL
);
CREATE INDEX item_versions_by_item ON item_versions (item_id);
)sql",
    // 5: items their feed stopped listing while they were still within its
    // window: outlets under pressure delete reports.
    R"sql(
ALTER TABLE items ADD COLUMN removed_at INTEGER;
)sql",
    // 6: alerts of three kinds (sent alone, held for the channel's digest,
    // surge), digests that bundle held alerts, and the feed's country for
    // surges. The alerts table is rebuilt: its uniqueness now includes the kind.
    R"sql(
ALTER TABLE feeds ADD COLUMN country TEXT;
CREATE TABLE digests (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt INTEGER,
  sent_at INTEGER
);
CREATE INDEX digests_pending ON digests (state) WHERE state = 'pending';
CREATE TABLE alerts_v6 (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  rule TEXT NOT NULL,
  channel TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'alert' CHECK (kind IN ('alert', 'held', 'surge')),
  held_reason TEXT,
  digest_id INTEGER REFERENCES digests(id),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  next_attempt INTEGER,
  UNIQUE (item_id, rule, channel, kind)
);
INSERT INTO alerts_v6 (id, item_id, rule, channel, state, attempts, last_error, created_at, sent_at, next_attempt)
  SELECT id, item_id, rule, channel, state, attempts, last_error, created_at, sent_at, next_attempt FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_v6 RENAME TO alerts;
CREATE INDEX alerts_pending ON alerts (state) WHERE state = 'pending';
CREATE INDEX alerts_by_channel_time ON alerts (channel, created_at);
CREATE INDEX alerts_held ON alerts (channel, digest_id) WHERE kind = 'held';
CREATE INDEX alerts_by_digest ON alerts (digest_id) WHERE digest_id IS NOT NULL;
)sql",
    // 7: sources beyond feeds. A paged source's cursor (a Telegram channel's
    // newest post number, to find gaps to walk back over), and the last
    // probe of each source (`khabar feeds probe --write`).
    R"sql(
ALTER TABLE feeds ADD COLUMN cursor TEXT;
ALTER TABLE feeds ADD COLUMN probed_at INTEGER;
ALTER TABLE feeds ADD COLUMN probe_verdict TEXT;
ALTER TABLE feeds ADD COLUMN probe_detail TEXT;
)sql",
    // 8: the whole text. The search index gains the content (the feed's full
    // text or the article behind the item; items stored before keep an empty
    // one), and articles fetched for items are recorded: when, and why one
    // failed, per item and per feed.
    R"sql(
CREATE VIRTUAL TABLE item_search_v8 USING fts5 (
  title, summary, content,
  tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'"
);
INSERT INTO item_search_v8 (rowid, title, summary, content) SELECT rowid, title, summary, '' FROM item_search;
DROP TABLE item_search;
ALTER TABLE item_search_v8 RENAME TO item_search;
ALTER TABLE items ADD COLUMN article_fetched_at INTEGER;
ALTER TABLE items ADD COLUMN article_error TEXT;
ALTER TABLE feeds ADD COLUMN article_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN last_article_error TEXT;
)sql",
    // 9: alerts an editor can act on. Each match keeps its terms' glosses
    // (JSON [{"term", "en", "ru"}]); translations of items are cached per
    // language.
    R"sql(
ALTER TABLE matches ADD COLUMN glosses TEXT;
CREATE TABLE translations (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  language TEXT NOT NULL,
  title TEXT,
  summary TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, language)
);
)sql",
    // 10: stories across languages. Each item keeps the keys that group it
    // (names, numbers, kinds of event, countries: store/story_grouping.h),
    // and editors' corrections are kept: an item moved into another's story
    // (merge) or set apart (split), reapplied whenever stories are regrouped.
    R"sql(
ALTER TABLE items ADD COLUMN story_keys TEXT;
CREATE TABLE story_edits (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  with_item_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
  created_at INTEGER NOT NULL
);
CREATE INDEX story_edits_by_item ON story_edits (item_id);
CREATE INDEX items_by_time_fetched ON items (fetched);
)sql",
    // 11: the newsroom (daemon/web/). Editors' triage labels on reports and
    // on stories (one current label each: who set it, when, with a note),
    // cases recorded from stories (what happened to how many people, where
    // and when), and the indexes its pages filter by (items by fetch time, from migration 10:
    // ids grow with it, so a date bounds a search's walk over the index).
    R"sql(
CREATE TABLE item_triage (
  item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  label TEXT NOT NULL CHECK (label IN ('relevant', 'irrelevant', 'duplicate')),
  note TEXT,
  user TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE story_triage (
  story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
  label TEXT NOT NULL CHECK (label IN ('relevant', 'irrelevant', 'duplicate')),
  note TEXT,
  user TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('recruitment', 'death', 'capture', 'prosecution', 'return', 'missing', 'other')),
  date TEXT NOT NULL,
  country TEXT NOT NULL,
  region TEXT,
  people INTEGER NOT NULL DEFAULT 1 CHECK (people >= 0),
  note TEXT,
  user TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX cases_by_date ON cases (date);
CREATE INDEX cases_by_story ON cases (story_id);
CREATE INDEX matches_by_rule ON matches (rule, matched_at);
CREATE INDEX matches_by_time ON matches (matched_at);
)sql",
    // 12: the search index merges its segments sixteen at a level, not four.
    // Each merge rewrites what it merges, so at four a row was rewritten at
    // about twice as many levels; at a million items the merges were a good
    // part of what ingest wrote (7% more bytes, and 5-8% more time, than at
    // sixteen). A search reads a few more segments: p95 stayed under 1.5 ms.
    R"sql(
INSERT INTO item_search (item_search, rank) VALUES ('automerge', 16);
)sql",
};

Result<int> user_version(Database& db) {
  auto stmt = db.prepare("PRAGMA user_version");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  return static_cast<int>(stmt->integer(0));
}

}  // namespace

int current_schema_version() { return static_cast<int>(kMigrations.size()); }

Status migrate(Database& db, int target) {
  auto version = user_version(db);
  if (!version) return version.error();
  if (*version > current_schema_version()) {
    return make_error(ErrorKind::kIo, "the database has schema version " + std::to_string(*version) +
                                          ", newer than this khabar knows (" +
                                          std::to_string(current_schema_version()) + "); upgrade khabar");
  }
  for (int next = *version; next < std::min(target, current_schema_version()); ++next) {
    Transaction transaction(db);
    if (!transaction.begin_status()) return transaction.begin_status();
    if (auto status = db.exec(kMigrations[static_cast<size_t>(next)]); !status) {
      return make_error(ErrorKind::kIo, "migration " + std::to_string(next + 1) + ": " + status.error().message);
    }
    if (auto status = db.exec("PRAGMA user_version = " + std::to_string(next + 1)); !status) return status;
    if (auto status = transaction.commit(); !status) return status;
  }
  return Status::success();
}

}  // namespace khabar::store
