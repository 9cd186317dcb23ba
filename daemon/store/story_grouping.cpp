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

bool intersect(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(),
                     [&](const std::string& x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

// Both say something of a kind (or a country), and it is not the same thing.
bool disagree(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return !a.empty() && !b.empty() && !intersect(a, b);
}

size_t shared_count(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return static_cast<size_t>(std::count_if(
      a.begin(), a.end(), [&](const std::string& x) { return std::find(b.begin(), b.end(), x) != b.end(); }));
}

// At least a third of the kinds either tells are told by both.
bool mostly_same_kinds(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const size_t shared = shared_count(a, b);
  return shared > 0 && shared * 3 >= a.size() + b.size() - shared;
}

// Reports of one announcement (a decree, an official's figures) on the same
// day or the next tell the same kinds of event and name its speaker, even
// when they share no rare name: at least two kinds and half of all their
// kinds in common, and a name.
bool same_announcement(const StoryKeys& a, const StoryKeys& b, UnixTime apart) {
  if (apart > kAnnouncementWindow) return false;
  const size_t shared = shared_count(a.kinds, b.kinds);
  const size_t either = a.kinds.size() + b.kinds.size() - shared;
  return shared >= 2 && shared * 2 >= either && intersect(a.all_names(), b.all_names());
}

// A report that names nobody (a wire's short decree report: "the president
// signed a decree granting citizenship to foreign contract soldiers and their
// families") has only its kinds of event to go by: it joins a report of the
// same day or the next that tells at least three of the same kinds, and
// three quarters of all their kinds.
constexpr UnixTime kNamelessWindow = 86400;
bool same_nameless_announcement(const StoryKeys& a, const StoryKeys& b, UnixTime apart) {
  if (apart > kNamelessWindow || !(a.names.empty() || b.names.empty())) return false;
  const size_t shared = shared_count(a.kinds, b.kinds);
  const size_t either = a.kinds.size() + b.kinds.size() - shared;
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

// The items rarity is measured over, with the new one.
double StoryIndex::documents() const {
  return std::max<double>(kMinDocuments, static_cast<double>(rarity_items_.size()) + 1);
}

// How many of those name `name`, with the new item.
double StoryIndex::frequency(const std::string& name) const {
  const auto it = document_frequency_.find(name);
  return (it == document_frequency_.end() ? 0 : it->second) + 1;
}

// What shared names must weigh together for one event: ln N - 2.3.
double StoryIndex::rarity_bar() const { return std::log(documents()) - kRarityMargin; }

// More items than this naming one name make it a topic (weight()).
double StoryIndex::topic_limit() const { return std::max(kTopicItems, documents() * kTopicShare); }

double StoryIndex::rarity(const std::string& name) const { return std::log(documents() / frequency(name)); }

// A shared number of two digits (an age, a day) is weaker evidence than
// a count like 628. A name in more than one recent item in fifty (and in
// more than fifty of them) names a topic, not an event ("Россия", a
// president, an outlet's stock words): it weighs nothing, or three such
// names shared would make two reports one event, and every recent item
// would be a candidate for every new one.
double StoryIndex::weight(const std::string& key) const {
  if (frequency(key) > topic_limit()) return 0;
  const bool small_number = key[0] == '#' && key.size() <= 3;
  return rarity(key) * (small_number ? 0.5 : 1.0);
}

// The weight of what both name: their shared keys' weights. One shared key
// counts only when the two agree on a kind of event: a town or a number
// alone is a coincidence (two stories from one town, "Груз 200" and 200
// metres of road).
double StoryIndex::shared_rarity(const StoryKeys& a, const StoryKeys& b) const {
  auto has = [](const std::vector<std::string>& words, const std::string& w) {
    return std::find(words.begin(), words.end(), w) != words.end();
  };
  double sum = 0;
  int shared = 0;
  std::string only;
  for (const auto& name : a.all_names()) {
    const bool strong_in_b = has(b.names, name);
    if (!strong_in_b && !has(b.weak_names, name)) continue;
    const double certainty = strong_in_b && has(a.names, name) ? 1.0 : 0.5;
    sum += weight(name) * certainty;
    if (certainty < 1) continue;  // a feed's stock opening words recur in all its items
    ++shared;
    only = name;
  }
  if (shared > 1) return sum;
  // A count like 338 or 700 in one country is rarely a coincidence; a town's
  // name needs mostly the same kinds of event too (a captive's and a
  // funeral's reports from one province both mention contracts).
  const bool count_of_three_digits = only.size() >= 4 && only[0] == '#';
  const bool kinds_agree = count_of_three_digits ? intersect(a.kinds, b.kinds) || a.kinds.empty() || b.kinds.empty()
                                                 : mostly_same_kinds(a.kinds, b.kinds);
  return kinds_agree && intersect(a.countries, b.countries) ? sum : 0;
}

bool StoryIndex::same_event(const StoryKeys& keys, UnixTime time, const Entry& other) const {
  const auto apart = std::llabs(time - other.time);
  if (apart > kStoryWindow) return false;
  if (disagree(keys.kinds, other.keys.kinds) || disagree(keys.countries, other.keys.countries)) return false;
  return shared_rarity(keys, other.keys) >= rarity_bar() || same_announcement(keys, other.keys, apart) ||
         same_nameless_announcement(keys, other.keys, apart);
}

// The names a report of the same event must share at least one of: shared
// names weigh at most their rarities, so a recent item that shares none of
// the rarest names, only ones whose rarities together stay under the bar,
// cannot be the same event by its names. Common names (a country, a
// president, an outlet's stock words) are left out: they would make every
// recent item a candidate, and a cold poll of 30,000 items quadratic.
std::vector<std::string> StoryIndex::deciding_names(const StoryKeys& keys) const {
  auto names = keys.all_names();
  std::vector<std::pair<double, std::string>> weighted;
  double total = 0;
  for (auto& name : names) {
    const double w = weight(name);
    total += w;
    weighted.emplace_back(w, std::move(name));
  }
  std::sort(weighted.begin(), weighted.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const double bar = rarity_bar() - 1e-9;  // the margin absorbs rounding
  std::vector<std::string> deciding;
  for (auto& [w, name] : weighted) {
    if (total < bar) break;  // the names left cannot reach the bar together
    total -= w;
    deciding.push_back(std::move(name));
  }
  return deciding;
}

void StoryIndex::Postings::insert(UnixTime time, std::int64_t item) {
  if (items_.emplace(time, item).second) ++per_day_[utc_day(time)];
}

void StoryIndex::Postings::erase(UnixTime time, std::int64_t item) {
  if (items_.erase({time, item}) == 0) return;
  const auto day = per_day_.find(utc_day(time));
  if (--day->second == 0) per_day_.erase(day);
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
std::vector<std::int64_t> StoryIndex::candidates(const StoryKeys& keys, UnixTime time) const {
  std::vector<std::int64_t> found;
  // The items within `window` of the event, unless more than `cap` of them.
  auto take = [&](const Postings& postings, UnixTime window, double cap) {
    if (static_cast<double>(postings.at_least_within(time - window, time + window)) > cap) return;
    const auto& items = postings.items();
    const size_t before = found.size();
    const auto end = items.upper_bound({time + window, std::numeric_limits<std::int64_t>::max()});
    for (auto it = items.lower_bound({time - window, std::numeric_limits<std::int64_t>::min()}); it != end; ++it) {
      found.push_back(it->second);
      if (static_cast<double>(found.size() - before) > cap) {
        found.resize(before);
        return;
      }
    }
  };
  // A name that more than topic_limit() items near the event share is a
  // topic there, whatever its rarity over the last kRarityItems: it brings
  // no candidates (a cold poll of undated items puts them all at one time).
  const auto limit = topic_limit();
  for (const auto& name : deciding_names(keys)) {
    if (const auto it = by_name_.find(name); it != by_name_.end()) take(it->second, kStoryWindow, limit);
  }
  if (keys.kinds.size() >= 2) {
    std::vector<const Postings*> lists;
    for (const auto& kind : keys.kinds) {
      if (const auto it = by_kind_.find(kind); it != by_kind_.end()) lists.push_back(&it->second);
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
  std::optional<std::int64_t> best;
  double best_score = -1;
  for (const auto id : candidates(keys, time)) {
    const auto& entry = items_.at(id);
    if (!same_event(keys, time, entry)) continue;
    const double score = shared_rarity(keys, entry.keys) - static_cast<double>(std::llabs(time - entry.time)) / 1e7;
    if (score > best_score) best_score = score, best = entry.story;
  }
  return best;
}

void StoryIndex::add(std::int64_t item, std::int64_t story, UnixTime time, StoryKeys keys, UnixTime stored) {
  if (items_.count(item)) return;
  auto names = keys.all_names();
  for (const auto& name : names) {
    by_name_[name].insert(time, item);
    ++document_frequency_[name];
  }
  rarity_items_.push_back(std::move(names));
  if (rarity_items_.size() > kRarityItems) {
    for (const auto& name : rarity_items_.front()) {
      if (--document_frequency_[name] == 0) document_frequency_.erase(name);
    }
    rarity_items_.pop_front();
  }
  for (const auto& kind : keys.kinds) by_kind_[kind].insert(time, item);
  items_.emplace(item, Entry{story, time, std::move(keys)});
  by_time_.emplace(stored, item);
}

void StoryIndex::forget_before(UnixTime time) {
  while (!by_time_.empty() && by_time_.begin()->first < time) {
    const auto id = by_time_.begin()->second;
    by_time_.erase(by_time_.begin());
    const auto it = items_.find(id);
    if (it == items_.end()) continue;
    const auto time_of_event = it->second.time;
    for (const auto& name : it->second.keys.all_names()) {
      auto users = by_name_.find(name);
      if (users == by_name_.end()) continue;  // a name both strong and weak: already gone
      users->second.erase(time_of_event, id);
      if (users->second.empty()) by_name_.erase(users);
    }
    for (const auto& kind : it->second.keys.kinds) by_kind_[kind].erase(time_of_event, id);
    items_.erase(it);
  }
}

}  // namespace khabar::store
