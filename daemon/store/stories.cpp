#include "store/stories.h"

#include <map>
#include <set>

#include "store/story_grouping.h"
#include "store/story_signature.h"

namespace khabar::store {
namespace {

constexpr UnixTime kNearCopyWindow = 3 * 86400;

struct Regrouped {
  std::int64_t item;
  std::int64_t old_story;
  UnixTime when;
  std::uint64_t signature;
  StoryKeys keys;
};

}  // namespace

Result<StoryMembers> Stories::show(std::int64_t story) {
  auto stmt = db_.prepare(
      "SELECT i.id, f.name, f.country, i.language, i.title, i.link, COALESCE(i.published, i.fetched) FROM items i"
      " JOIN feeds f ON f.id = i.feed_id WHERE i.story_id = ?1 ORDER BY COALESCE(i.published, i.fetched), i.id");
  if (!stmt) return stmt.error();
  stmt->bind(1, story);
  StoryMembers view{story, {}};
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    view.reports.push_back({stmt->integer(0), stmt->text(1), stmt->optional_text(2), stmt->optional_text(3),
                            stmt->optional_text(4), stmt->optional_text(5), stmt->integer(6)});
  }
  if (view.reports.empty()) return make_error(ErrorKind::kInvalidInput, "no story " + std::to_string(story));
  return view;
}

Status Stories::move(std::int64_t item, std::int64_t story) {
  auto stmt = db_.cached("UPDATE items SET story_id = ?2 WHERE id = ?1");
  if (!stmt) return stmt.error();
  auto status = (*stmt)->bind(1, item).bind(2, story).run();
  (*stmt)->reset();
  return status;
}

Result<int> Stories::merge(std::int64_t into, std::int64_t from, UnixTime now) {
  if (into == from) return make_error(ErrorKind::kInvalidInput, "a story cannot be merged with itself");
  auto target = show(into);
  if (!target) return target.error();
  auto source = show(from);
  if (!source) return source.error();
  Transaction transaction(db_);
  if (!transaction.begin_status()) return transaction.begin_status().error();
  auto record =
      db_.prepare("INSERT INTO story_edits (item_id, with_item_id, kind, created_at) VALUES (?1, ?2, 'merge', ?3)");
  if (!record) return record.error();
  for (const auto& report : source->reports) {
    if (auto status = move(report.item_id, into); !status) return status.error();
    record->reset();
    if (auto status = record->bind(1, report.item_id).bind(2, target->reports.front().item_id).bind(3, now).run();
        !status) {
      return status.error();
    }
  }
  if (auto status = transaction.commit(); !status) return status.error();
  return static_cast<int>(source->reports.size());
}

Result<std::int64_t> Stories::new_story(std::uint64_t signature, UnixTime now) {
  auto insert = db_.prepare("INSERT INTO stories (signature, first_seen) VALUES (?1, ?2)");
  if (!insert) return insert.error();
  if (auto status = insert->bind(1, static_cast<std::int64_t>(signature)).bind(2, now).run(); !status)
    return status.error();
  return db_.last_insert_id();
}

Result<std::int64_t> Stories::split(std::int64_t item, UnixTime now) {
  auto found = db_.prepare("SELECT title, summary FROM items WHERE id = ?1");
  if (!found) return found.error();
  found->bind(1, item);
  auto row = found->step();
  if (!row) return row.error();
  if (!*row) return make_error(ErrorKind::kInvalidInput, "no item " + std::to_string(item));
  const auto signature = story_signature(found->optional_text(0).value_or(""), found->optional_text(1).value_or(""));
  Transaction transaction(db_);
  if (!transaction.begin_status()) return transaction.begin_status().error();
  auto story = new_story(signature, now);
  if (!story) return story.error();
  if (auto status = move(item, *story); !status) return status.error();
  auto record = db_.prepare("INSERT INTO story_edits (item_id, kind, created_at) VALUES (?1, 'split', ?2)");
  if (!record) return record.error();
  if (auto status = record->bind(1, item).bind(2, now).run(); !status) return status.error();
  if (auto status = transaction.commit(); !status) return status.error();
  return *story;
}

// Every correction, oldest first, for the items regrouped: a split item
// alone again, a merged item back with the item it was merged with.
Status Stories::reapply_edits(UnixTime since, UnixTime now, int& changed) {
  auto edits = db_.prepare(
      "SELECT e.item_id, e.with_item_id, e.kind, i.title, i.summary FROM story_edits e JOIN items i ON i.id = e.item_id"
      " WHERE COALESCE(i.published, i.fetched) >= ?1 ORDER BY e.id");
  if (!edits) return edits.error();
  edits->bind(1, since);
  while (true) {
    auto row = edits->step();
    if (!row) return row.error();
    if (!*row) return Status::success();
    const auto item = edits->integer(0);
    std::optional<std::int64_t> story;
    if (edits->text(2) == "split") {
      auto created =
          new_story(story_signature(edits->optional_text(3).value_or(""), edits->optional_text(4).value_or("")), now);
      if (!created) return created.error();
      story = *created;
    } else {
      auto with = db_.prepare("SELECT story_id FROM items WHERE id = ?1");
      if (!with) return with.error();
      with->bind(1, edits->integer(1));
      auto found = with->step();
      if (!found) return found.error();
      if (*found) story = with->integer(0);
    }
    if (!story) continue;
    if (auto status = move(item, *story); !status) return status;
    ++changed;
  }
}

Result<int> Stories::regroup(UnixTime since, UnixTime now) {
  auto stmt = db_.prepare(
      "SELECT id, story_id, COALESCE(published, fetched), title, summary, story_keys FROM items"
      " WHERE COALESCE(published, fetched) >= ?1 ORDER BY COALESCE(published, fetched), id");
  if (!stmt) return stmt.error();
  stmt->bind(1, since);
  std::vector<Regrouped> items;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    items.push_back({stmt->integer(0), stmt->optional_integer(1).value_or(0), stmt->integer(2),
                     story_signature(stmt->optional_text(3).value_or(""), stmt->optional_text(4).value_or("")),
                     keys_from_text(stmt->optional_text(5).value_or(""))});
  }
  Transaction transaction(db_);
  if (!transaction.begin_status()) return transaction.begin_status().error();
  StoryIndex index;
  std::vector<std::pair<std::uint64_t, std::pair<std::int64_t, UnixTime>>> near;  // signature → story, time
  int changed = 0;
  std::set<std::int64_t> started;  // stories a group of this regrouping has taken
  for (const auto& item : items) {
    index.forget_before(item.when - kStoryWindow);
    std::optional<std::int64_t> story;
    for (const auto& [signature, placed] : near) {
      if (item.when - placed.second <= kNearCopyWindow && signature != 0 && same_story(signature, item.signature))
        story = placed.first;
    }
    if (!story) story = index.story_for(item.keys, item.when);
    if (!story) {
      // An item that starts a story keeps its number, unless another group took it.
      if (item.old_story != 0 && started.insert(item.old_story).second) {
        story = item.old_story;
      } else {
        auto created = new_story(item.signature, now);
        if (!created) return created.error();
        story = *created;
        started.insert(*story);
      }
      near.push_back({item.signature, {*story, item.when}});
    }
    if (*story != item.old_story) {
      if (auto status = move(item.item, *story); !status) return status.error();
      ++changed;
    }
    index.add(item.item, *story, item.when, item.keys, item.when);
  }
  if (auto status = reapply_edits(since, now, changed); !status) return status.error();
  if (auto status = transaction.commit(); !status) return status.error();
  return changed;
}

}  // namespace khabar::store
