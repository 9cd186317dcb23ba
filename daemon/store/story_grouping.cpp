#include "store/story_grouping.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace khabar::store {
namespace {

// Rarity is measured against at least this many documents, so that a young
// archive does not find every name rare.
constexpr double kMinDocuments = 200;
// Shared names and numbers must weigh at least ln N - 1.8 (N: the items
// rarity is measured over): one name shared by a sixth of them never
// suffices; one name seen in only the two reports does.
constexpr double kRarityMargin = 2.3;
constexpr size_t kRarityItems = 5000;
constexpr UnixTime kAnnouncementWindow = 2 * 86400;
constexpr double kTopicShare = 1.0 / 50;
constexpr double kTopicItems = 50;
// A kind of event told by more items than this within kAnnouncementWindow
// is the news of those days, not one announcement's: it brings no
// candidates (each would cost a comparison, for every new item).
constexpr double kKindCandidates = 200;

using KeySpan = std::span<const std::uint32_t>;

bool contains(KeySpan keys, std::uint32_t key) { return std::find(keys.begin(), keys.end(), key) != keys.end(); }

bool intersect(KeySpan a, KeySpan b) {
  return std::any_of(a.begin(), a.end(), [&](std::uint32_t x) { return contains(b, x); });
}

// Both say something of a kind (or a country), and it is not the same thing.
bool disagree(KeySpan a, KeySpan b) { return !a.empty() && !b.empty() && !intersect(a, b); }

size_t shared_count(KeySpan a, KeySpan b) {
  return static_cast<size_t>(std::count_if(a.begin(), a.end(), [&](std::uint32_t x) { return contains(b, x); }));
}

// At least a third of the kinds either tells are told by both.
bool mostly_same_kinds(KeySpan a, KeySpan b) {
  const size_t shared = shared_count(a, b);
  return shared > 0 && shared * 3 >= a.size() + b.size() - shared;
}

// Reports of one announcement (a decree, an official's figures) on the same
// day or the next tell the same kinds of event and name its speaker, even
// when they share no rare name: at least two kinds and half of all their
// kinds in common, and a name.
bool same_announcement(KeySpan a_kinds, KeySpan a_names, KeySpan b_kinds, KeySpan b_names, UnixTime apart) {
  if (apart > kAnnouncementWindow) return false;
  const size_t shared = shared_count(a_kinds, b_kinds);
  const size_t either = a_kinds.size() + b_kinds.size() - shared;
  return shared >= 2 && shared * 2 >= either && intersect(a_names, b_names);
}

// A report that names nobody (a wire's short decree report: "the president
// signed a decree granting citizenship to foreign contract soldiers and their
// families") has only its kinds of event to go by: it joins a report of the
// same day or the next that tells at least three of the same kinds, and
// three quarters of all their kinds.
constexpr UnixTime kNamelessWindow = 86400;
bool same_nameless_announcement(KeySpan a_kinds, bool a_named, KeySpan b_kinds, bool b_named, UnixTime apart) {
  if (apart > kNamelessWindow || (a_named && b_named)) return false;
  const size_t shared = shared_count(a_kinds, b_kinds);
  const size_t either = a_kinds.size() + b_kinds.size() - shared;
  return shared >= 3 && shared * 4 >= either * 3;
}

void append(std::vector<std::string>& out, const std::string& word) {
  if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(word);
}

}  // namespace

std::vector<std::string> StoryKeys::all_names() const {
  auto all = names;
  all.insert(all.end(), weak_names.begin(), weak_names.end());
  return all;
}

std::string keys_text(const StoryKeys& keys) {
  std::string out;
  auto add = [&](const char* prefix, const std::vector<std::string>& words) {
    for (const auto& w : words) out += (out.empty() ? "" : " ") + std::string(prefix) + w;
  };
  add("n:", keys.names);
  add("w:", keys.weak_names);
  add("k:", keys.kinds);
  add("c:", keys.countries);
  return out;
}

StoryKeys keys_from_text(const std::string& text) {
  StoryKeys keys;
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    if (word.size() < 3 || word[1] != ':') continue;
    const auto value = word.substr(2);
    if (word[0] == 'n')
      append(keys.names, value);
    else if (word[0] == 'w')
      append(keys.weak_names, value);
    else if (word[0] == 'k')
      append(keys.kinds, value);
    else if (word[0] == 'c')
      append(keys.countries, value);
  }
  return keys;
}

StoryIndex::KeyId StoryIndex::intern(const std::string& text) {
  const auto [it, inserted] = key_ids_.try_emplace(text, kUnknownKey);
  if (inserted) {
    if (free_keys_.empty()) {
      it->second = static_cast<KeyId>(keys_.size());
      keys_.emplace_back();
    } else {
      it->second = free_keys_.back();
      free_keys_.pop_back();
    }
    keys_[it->second].text = &it->first;
  }
  ++keys_[it->second].uses;
  return it->second;
}

StoryIndex::KeyId StoryIndex::find_key(const std::string& text) const {
  const auto it = key_ids_.find(text);
  return it == key_ids_.end() ? kUnknownKey : it->second;
}

// One use of the key fewer; a key no item and no rarity count uses is forgotten.
void StoryIndex::release(KeyId id) {
  auto& key = keys_[id];
  if (--key.uses > 0) return;
  key_ids_.erase(key_ids_.find(*key.text));
  key = Key{};
  free_keys_.push_back(id);
}

// The keys as ids, in Interned's four runs.
template <typename ToId>
StoryIndex::Interned StoryIndex::as_ids(const StoryKeys& keys, ToId&& to_id) {
  Interned out;
  out.ids.reserve(keys.names.size() + keys.weak_names.size() + keys.kinds.size() + keys.countries.size());
  for (const auto* run : {&keys.names, &keys.weak_names, &keys.kinds, &keys.countries}) {
    for (const auto& text : *run) out.ids.push_back(to_id(text));
  }
  out.names = static_cast<std::uint32_t>(keys.names.size());
  out.weak_names = static_cast<std::uint32_t>(keys.weak_names.size());
  out.kinds = static_cast<std::uint32_t>(keys.kinds.size());
  return out;
}

// The items rarity is measured over, with the new one.
double StoryIndex::documents() const {
  return std::max<double>(kMinDocuments, static_cast<double>(rarity_counts_.size()) + 1);
}

// How many of those name `name`, with the new item.
double StoryIndex::frequency(KeyId name) const {
  return (name == kUnknownKey ? 0 : keys_[name].document_frequency) + 1;
}

// What shared names must weigh together for one event: ln N - 2.3.
double StoryIndex::rarity_bar() const { return std::log(documents()) - kRarityMargin; }

// More items than this naming one name make it a topic (weight()).
double StoryIndex::topic_limit() const { return std::max(kTopicItems, documents() * kTopicShare); }

// How rare a name is, from its text and its count.
double StoryIndex::weight_of(const std::string& text, KeyId name) const {
  if (frequency(name) > topic_limit()) return 0;
  const bool small_number = text[0] == '#' && text.size() <= 3;
  return std::log(documents() / frequency(name)) * (small_number ? 0.5 : 1.0);
}

// A shared number of two digits (an age, a day) is weaker evidence than
// a count like 628. A name in more than one recent item in fifty (and in
// more than fifty of them) names a topic, not an event ("Россия", a
// president, an outlet's stock words): it weighs nothing, or three such
// names shared would make two reports one event, and every recent item
// would be a candidate for every new one.
double StoryIndex::weight(KeyId name) const { return weight_of(*keys_[name].text, name); }

// The weight of what both name: their shared keys' weights. One shared key
// counts only when the two agree on a kind of event: a town or a number
// alone is a coincidence (two stories from one town, "Груз 200" and 200
// metres of road).
double StoryIndex::shared_rarity(const Interned& a, const Interned& b) const {
  double sum = 0;
  int shared = 0;
  KeyId only = kUnknownKey;
  for (const KeyId name : a.all_names()) {
    const bool strong_in_b = contains(b.strong(), name);
    if (!strong_in_b && !contains(b.weak(), name)) continue;
    const double certainty = strong_in_b && contains(a.strong(), name) ? 1.0 : 0.5;
    sum += weight(name) * certainty;
    if (certainty < 1) continue;  // a feed's stock opening words recur in all its items
    ++shared;
    only = name;
  }
  if (shared > 1) return sum;
  // A count like 338 or 700 in one country is rarely a coincidence; a town's
  // name needs mostly the same kinds of event too (a captive's and a
  // funeral's reports from one province both mention contracts).
  const std::string_view only_text = only == kUnknownKey ? "" : std::string_view(*keys_[only].text);
  const bool count_of_three_digits = only_text.size() >= 4 && only_text[0] == '#';
  const bool kinds_agree = count_of_three_digits ? intersect(a.kind_ids(), b.kind_ids()) || a.kinds == 0 || b.kinds == 0
                                                 : mostly_same_kinds(a.kind_ids(), b.kind_ids());
  return kinds_agree && intersect(a.countries(), b.countries()) ? sum : 0;
}

bool StoryIndex::same_event(const Interned& keys, UnixTime time, const Entry& other) const {
  const auto apart = std::llabs(time - other.time);
  if (apart > kStoryWindow) return false;
  if (disagree(keys.kind_ids(), other.keys.kind_ids()) || disagree(keys.countries(), other.keys.countries()))
    return false;
  return shared_rarity(keys, other.keys) >= rarity_bar() ||
         same_announcement(keys.kind_ids(), keys.all_names(), other.keys.kind_ids(), other.keys.all_names(), apart) ||
         same_nameless_announcement(keys.kind_ids(), keys.names > 0, other.keys.kind_ids(), other.keys.names > 0,
                                    apart);
}

// The names a report of the same event must share at least one of: shared
// names weigh at most their rarities, so a recent item that shares none of
// the rarest names, only ones whose rarities together stay under the bar,
// cannot be the same event by its names. Common names (a country, a
// president, an outlet's stock words) are left out: they would make every
// recent item a candidate, and a cold poll of 30,000 items quadratic.
std::vector<StoryIndex::KeyId> StoryIndex::deciding_names(const StoryKeys& keys, const Interned& ids) const {
  const auto names = keys.all_names();
  const auto name_ids = ids.all_names();
  std::vector<std::pair<double, KeyId>> weighted;
  double total = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    const double w = weight_of(names[i], name_ids[i]);
    total += w;
    weighted.emplace_back(w, name_ids[i]);
  }
  std::sort(weighted.begin(), weighted.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const double bar = rarity_bar() - 1e-9;  // the margin absorbs rounding
  std::vector<KeyId> deciding;
  for (const auto& [w, name] : weighted) {
    if (total < bar) break;  // the names left cannot reach the bar together
    total -= w;
    deciding.push_back(name);
  }
  return deciding;
}

// The run an entry belongs in: the first whose last entry is not before it
// (the last run for an entry after every other). runs_ is not empty.
size_t StoryIndex::Postings::run_of(const Entry& entry) const {
  const auto run = std::lower_bound(run_lasts_.begin(), run_lasts_.end(), entry);
  return std::min(static_cast<size_t>(run - run_lasts_.begin()), runs_.size() - 1);
}

void StoryIndex::Postings::insert(UnixTime time, std::int64_t item) {
  const Entry entry{time, item};
  if (runs_.empty()) {
    runs_.push_back({entry});
    run_lasts_.push_back(entry);
  } else {
    const size_t r = run_of(entry);
    auto& run = runs_[r];
    const auto place = std::lower_bound(run.begin(), run.end(), entry);
    if (place != run.end() && *place == entry) return;
    run.insert(place, entry);
    run_lasts_[r] = run.back();
    if (run.size() > kRunLength) {  // split in halves
      std::vector<Entry> upper(run.begin() + static_cast<std::ptrdiff_t>(run.size() / 2), run.end());
      run.resize(run.size() / 2);
      run_lasts_[r] = run.back();
      run_lasts_.insert(run_lasts_.begin() + static_cast<std::ptrdiff_t>(r) + 1, upper.back());
      runs_.insert(runs_.begin() + static_cast<std::ptrdiff_t>(r) + 1, std::move(upper));
    }
  }
  ++size_;
  ++per_day_[utc_day(time)];
}

void StoryIndex::Postings::erase(UnixTime time, std::int64_t item) {
  const Entry entry{time, item};
  if (runs_.empty()) return;
  const size_t r = run_of(entry);
  auto& run = runs_[r];
  const auto place = std::lower_bound(run.begin(), run.end(), entry);
  if (place == run.end() || *place != entry) return;
  run.erase(place);
  if (run.empty()) {
    runs_.erase(runs_.begin() + static_cast<std::ptrdiff_t>(r));
    run_lasts_.erase(run_lasts_.begin() + static_cast<std::ptrdiff_t>(r));
  } else {
    run_lasts_[r] = run.back();
  }
  --size_;
  const auto day = per_day_.find(utc_day(time));
  if (--day->second == 0) per_day_.erase(day);
}

template <typename Visit>
void StoryIndex::Postings::visit_within(UnixTime lo, UnixTime hi, Visit&& visit) const {
  const Entry first{lo, std::numeric_limits<std::int64_t>::min()};
  const auto start =
      static_cast<size_t>(std::lower_bound(run_lasts_.begin(), run_lasts_.end(), first) - run_lasts_.begin());
  for (size_t r = start; r < runs_.size(); ++r) {
    const auto& run = runs_[r];
    // Only the first run can hold entries before lo.
    for (auto it = r == start ? std::lower_bound(run.begin(), run.end(), first) : run.begin(); it != run.end(); ++it) {
      if (it->first > hi || !visit(it->second)) return;
    }
  }
}

size_t StoryIndex::Postings::at_least_within(UnixTime lo, UnixTime hi) const {
  const auto first = utc_day(lo - 1) + 1;  // the first day starting at or after lo
  const auto last = utc_day(hi + 1) - 1;   // the last day ending at or before hi
  size_t count = 0;
  for (auto it = per_day_.lower_bound(first); it != per_day_.end() && it->first <= last; ++it) count += it->second;
  return count;
}

// Recent items that may report the same event: those sharing a deciding
// name, within kStoryWindow of `time`; and, for an item telling two kinds
// of event or more (an announcement's reports share at least two kinds,
// within kAnnouncementWindow), those sharing one of its kinds other than
// the most common one (two shared kinds include one of those).
std::vector<std::int64_t> StoryIndex::candidates(const StoryKeys& keys, const Interned& ids, UnixTime time) const {
  std::vector<std::int64_t> found;
  // The items within `window` of the event, unless more than `cap` of them.
  auto take = [&](const Postings& postings, UnixTime window, double cap) {
    if (static_cast<double>(postings.at_least_within(time - window, time + window)) > cap) return;
    const size_t before = found.size();
    bool over = false;
    postings.visit_within(time - window, time + window, [&](std::int64_t item) {
      found.push_back(item);
      over = static_cast<double>(found.size() - before) > cap;
      return !over;
    });
    if (over) found.resize(before);
  };
  // A name that more than topic_limit() items near the event share is a
  // topic there, whatever its rarity over the last kRarityItems: it brings
  // no candidates (a cold poll of undated items puts them all at one time).
  const auto limit = topic_limit();
  for (const KeyId name : deciding_names(keys, ids)) {
    if (name != kUnknownKey) take(keys_[name].as_name, kStoryWindow, limit);
  }
  if (ids.kinds >= 2) {
    std::vector<const Postings*> lists;
    for (const KeyId kind : ids.kind_ids()) {
      if (kind != kUnknownKey) lists.push_back(&keys_[kind].as_kind);
    }
    std::sort(lists.begin(), lists.end(), [](const auto* a, const auto* b) { return a->size() < b->size(); });
    if (!lists.empty()) lists.pop_back();
    for (const auto* list : lists) take(*list, kAnnouncementWindow, kKindCandidates);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

std::optional<std::int64_t> StoryIndex::story_for(const StoryKeys& keys, UnixTime time) const {
  // A key no recent item has is kUnknownKey: it can match nothing.
  const auto ids = as_ids(keys, [this](const std::string& text) { return find_key(text); });
  std::optional<std::int64_t> best;
  double best_score = -1;
  for (const auto id : candidates(keys, ids, time)) {
    const auto& entry = items_.at(id);
    if (!same_event(ids, time, entry)) continue;
    const double score = shared_rarity(ids, entry.keys) - static_cast<double>(std::llabs(time - entry.time)) / 1e7;
    if (score > best_score) best_score = score, best = entry.story;
  }
  return best;
}

void StoryIndex::add(std::int64_t item, std::int64_t story, UnixTime time, const StoryKeys& keys, UnixTime stored) {
  if (items_.count(item)) return;
  auto ids = as_ids(keys, [this](const std::string& text) { return intern(text); });
  for (const KeyId name : ids.all_names()) {
    auto& key = keys_[name];
    key.as_name.insert(time, item);
    ++key.document_frequency;
    ++key.uses;  // the rarity count's
    rarity_ids_.push_back(name);
  }
  rarity_counts_.push_back(ids.names + ids.weak_names);
  if (rarity_counts_.size() > kRarityItems) {
    for (auto n = rarity_counts_.front(); n > 0; --n) {
      const auto name = rarity_ids_.front();
      rarity_ids_.pop_front();
      --keys_[name].document_frequency;
      release(name);
    }
    rarity_counts_.pop_front();
  }
  for (const KeyId kind : ids.kind_ids()) keys_[kind].as_kind.insert(time, item);
  items_.emplace(item, Entry{story, time, std::move(ids)});
  by_time_.emplace(stored, item);
}

void StoryIndex::forget_before(UnixTime time) {
  while (!by_time_.empty() && by_time_.begin()->first < time) {
    const auto id = by_time_.begin()->second;
    by_time_.erase(by_time_.begin());
    const auto it = items_.find(id);
    if (it == items_.end()) continue;
    const auto& entry = it->second;
    for (const KeyId name : entry.keys.all_names()) keys_[name].as_name.erase(entry.time, id);
    for (const KeyId kind : entry.keys.kind_ids()) keys_[kind].as_kind.erase(entry.time, id);
    for (const KeyId key : entry.keys.ids) release(key);
    items_.erase(it);
  }
}

}  // namespace khabar::store
