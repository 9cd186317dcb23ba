// Stories as editors see and correct them: the reports of one story, a
// merge of two stories, an item split off into a story of its own, and a
// regrouping of recent items that keeps every correction. A view over the
// archive's connection (same thread rules as the Archive).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite.h"
#include "util/result.h"
#include "util/time_format.h"

namespace khabar::store {

struct StoryMember {
  std::int64_t item_id = 0;
  std::string feed;
  std::optional<std::string> country;
  std::optional<std::string> language;
  std::optional<std::string> title;
  std::optional<std::string> link;
  UnixTime when = 0;  // published, else fetched
};

struct StoryMembers {
  std::int64_t id = 0;
  std::vector<StoryMember> reports;  // oldest first
};

class Stories {
 public:
  explicit Stories(Database& db) : db_(db) {}

  // The story and its reports; fails (kInvalidInput) for an unknown story.
  Result<StoryMembers> show(std::int64_t story);
  // Story `from` joins story `into`: its items move, and each is recorded as
  // merged with `into`'s first item. Returns how many items moved.
  Result<int> merge(std::int64_t into, std::int64_t from, UnixTime now);
  // The item leaves its story for a new one of its own, recorded as split.
  // Returns the new story.
  Result<std::int64_t> split(std::int64_t item, UnixTime now);
  // Groups again the items published (else fetched) since `since`, in time
  // order, by near-copies and by their keys (story_grouping.h), then
  // reapplies every merge and split. Returns how many items changed story.
  Result<int> regroup(UnixTime since, UnixTime now);

 private:
  Result<std::int64_t> new_story(std::uint64_t signature, UnixTime now);
  Status move(std::int64_t item, std::int64_t story);
  Status reapply_edits(UnixTime since, UnixTime now, int& changed);

  Database& db_;
};

}  // namespace khabar::store
