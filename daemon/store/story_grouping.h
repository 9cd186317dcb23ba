// Reports of one event across languages and outlets: beyond near-copies
// (story_signature.h), an item joins a recent item's story when they share
// rare names and numbers. Pure bookkeeping in memory; the archive feeds it
// the recent items and stores the keys.
//
// Measured on tests/data/stories (93 real reports: 18 events told in up to
// four languages, 15 groups of different events with the same vocabulary),
// ingested in publication order: pairwise precision 1.00, recall 0.784
// (tests/service/story_keys_test.cpp; 0.61 before names were loosened across
// transliterations, numbers joined across "10 000"/"10 тыс."/"10k", old and
// current place names joined, one announcement's reports grouped by their
// kinds and a shared name, and a report naming nobody grouped by its kinds
// alone within a day). The 11 pairs still missed share nothing but a kind
// and a country (a two-line post, a different count of the same dead), or
// lie 17 days apart. It
// prefers precision: a wrong merge hides a report from the alerts, a missed
// one costs a second alert. Rules that reach recall 0.75 there ("same kind
// of event, same country, within a day" or one shared town's name) merged
// the demo's 16 unrelated reports into 9 stories; a mixed stream has many
// reports of one kind from one country.
// A name in more than one recent item in fifty (and more than fifty) is a
// topic ("Россия", a president) and weighs nothing; only the items near an
// event's time that share a name able to decide, or (for an announcement)
// its kinds, are compared, so a cold poll of 30,000 items stays linear.
#pragma once

#include <boost/container/flat_map.hpp>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "util/time_format.h"

namespace khabar::store {

// What an item says that survives translation: the first letters of its
// capitalized words folded to one Latin skeleton ("Зарифулиндин" and
// "Zarifulin" → "sarifu", service/story_keys.h) and its numbers ("#338"); the kinds of event the
// rules' lists saw (death, captivity, mercenary, ...); the Central Asian
// countries it names.
struct StoryKeys {
  std::vector<std::string> names;
  std::vector<std::string> kinds;
  std::vector<std::string> countries;
  // Capitalized only where a sentence starts: perhaps a name ("Рустам
  // Зарифулиндин..."), perhaps not ("Посольство предупредило..."). Half weight.
  std::vector<std::string> weak_names;
  bool empty() const { return names.empty() && weak_names.empty() && kinds.empty() && countries.empty(); }
  // Names and weak names together.
  std::vector<std::string> all_names() const;
};

// "n:sarifu n:#338 w:rustam k:death c:KG": how the archive keeps them.
std::string keys_text(const StoryKeys& keys);
StoryKeys keys_from_text(const std::string& text);

// Reports this far apart in time are never one event.
inline constexpr UnixTime kStoryWindow = 5 * 86400;

class StoryIndex {
 public:
  StoryIndex() = default;
  // Moved, never copied: each key points at its text in key_ids_, whose
  // nodes a move hands over and a copy would not.
  StoryIndex(const StoryIndex&) = delete;
  StoryIndex& operator=(const StoryIndex&) = delete;
  StoryIndex(StoryIndex&&) = default;
  StoryIndex& operator=(StoryIndex&&) = default;

  // The story of a recent item that reports the same event, or nullopt.
  std::optional<std::int64_t> story_for(const StoryKeys& keys, UnixTime time) const;
  // `time`: when the event happened (grouping compares these); `stored`:
  // when the item arrived (what forgetting goes by, so that an old report
  // arriving late still meets its fellows for a while).
  void add(std::int64_t item, std::int64_t story, UnixTime time, const StoryKeys& keys, UnixTime stored);
  // Forgets items stored before `time`.
  void forget_before(UnixTime time);
  size_t size() const { return items_.size(); }

 private:
  // Keys are interned: an item's keys are ids into keys_, so comparing two
  // items compares integers, and each key's text is held once however many
  // items name it, not copied into every item and into the rarity window as
  // strings to compare, hash and free. A key no item uses any more gives
  // its id to the next new key.
  using KeyId = std::uint32_t;
  static constexpr KeyId kUnknownKey = ~KeyId{0};
  // An item's keys as ids, in four runs: names, weak names, kinds, countries.
  struct Interned {
    std::vector<KeyId> ids;
    std::uint32_t names = 0, weak_names = 0, kinds = 0;
    std::span<const KeyId> strong() const { return {ids.data(), names}; }
    std::span<const KeyId> weak() const { return {ids.data() + names, weak_names}; }
    std::span<const KeyId> all_names() const { return {ids.data(), names + weak_names}; }
    std::span<const KeyId> kind_ids() const { return {ids.data() + names + weak_names, kinds}; }
    std::span<const KeyId> countries() const { return std::span<const KeyId>(ids).subspan(names + weak_names + kinds); }
  };
  // Items by the time of their event: a key's items near an event's time
  // are a range, whatever else the archive received that day. With each
  // day's count: a busy key's range holds more items than a lookup takes,
  // and the days wholly inside it say so without walking the range.
  class Postings {
   public:
    void insert(UnixTime time, std::int64_t item);
    void erase(UnixTime time, std::int64_t item);
    bool empty() const { return size_ == 0; }
    size_t size() const { return size_; }
    // How many items the days wholly within [lo, hi] hold: a lower bound of
    // the items in that range.
    size_t at_least_within(UnixTime lo, UnixTime hi) const;
    // Calls visit(item) for the items of [lo, hi] in time order, until it
    // returns false.
    template <typename Visit>
    void visit_within(UnixTime lo, UnixTime hi, Visit&& visit) const;

   private:
    using Entry = std::pair<UnixTime, std::int64_t>;
    // The items in sorted runs of at most kRunLength, each run after the
    // one before, with each run's last entry in a vector of its own: an
    // insert is a binary search over that vector and a short move within one
    // run, not a walk down a tree of a node per item (3% of a cold poll's
    // CPU, cache misses nearly all of it).
    static constexpr size_t kRunLength = 64;
    size_t run_of(const Entry& entry) const;
    std::vector<std::vector<Entry>> runs_;
    std::vector<Entry> run_lasts_;
    size_t size_ = 0;
    // Day number (UTC) → items: a key's items span a few days, so a sorted
    // vector, not a tree node per day to find on every insert.
    boost::container::flat_map<std::int64_t, size_t> per_day_;
  };
  struct Key {
    const std::string* text = nullptr;  // key_ids_'s own copy
    int uses = 0;                       // in items_ and rarity_ids_; the id is freed at 0
    // How many of the last kRarityItems items name it (a name twice counts twice).
    int document_frequency = 0;
    Postings as_name, as_kind;
  };
  struct Entry {
    std::int64_t story;
    UnixTime time;
    Interned keys;
  };
  KeyId intern(const std::string& text);
  KeyId find_key(const std::string& text) const;
  void release(KeyId id);
  template <typename ToId>
  static Interned as_ids(const StoryKeys& keys, ToId&& to_id);
  double documents() const;
  double frequency(KeyId name) const;
  double rarity_bar() const;
  double topic_limit() const;
  double weight_of(const std::string& text, KeyId name) const;
  double weight(KeyId name) const;
  double shared_rarity(const Interned& a, const Interned& b) const;
  bool same_event(const Interned& keys, UnixTime time, const Entry& other) const;
  std::vector<KeyId> deciding_names(const StoryKeys& keys, const Interned& ids) const;
  std::vector<std::int64_t> candidates(const StoryKeys& keys, const Interned& ids, UnixTime time) const;

  std::vector<Key> keys_;
  std::unordered_map<std::string, KeyId> key_ids_;
  std::vector<KeyId> free_keys_;
  std::unordered_map<std::int64_t, Entry> items_;  // by item id: looked up for every candidate
  std::multimap<UnixTime, std::int64_t> by_time_;  // by arrival, for forgetting the oldest first
  // How rare a name is, over the last kRarityItems items whatever their age:
  // a sparse stream measures against its history, a busy one against its days.
  // Their names, oldest item first, and how many each item gave.
  std::deque<KeyId> rarity_ids_;
  std::deque<std::uint32_t> rarity_counts_;
};

}  // namespace khabar::store
