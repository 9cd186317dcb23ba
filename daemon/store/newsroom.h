// What the newsroom's pages (daemon/web/) read and write: stories with their
// reports, one report with its versions and source, rules' counts and
// precision from the triage labels, cases, and the labels and cases
// themselves. Every function returns a view struct, so no page holds SQL.
// A Newsroom owns its own connection (WAL: it reads beside the ingest, and
// its few writes wait on the busy timeout). Not thread-safe: use it from one
// thread or strand.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/archive.h"

namespace khabar::store {

inline constexpr std::array<const char*, 3> kTriageLabels{"relevant", "irrelevant", "duplicate"};
inline constexpr std::array<const char*, 7> kCaseKinds{"recruitment", "death",   "capture", "prosecution",
                                                       "return",      "missing", "other"};
bool is_triage_label(const std::string& label);
bool is_case_kind(const std::string& kind);

// An editor's current label on a report or a story.
struct TriageMark {
  std::string label;  // one of kTriageLabels
  std::optional<std::string> note;
  std::string user;
  UnixTime at = 0;
};

struct MatchView {
  std::string rule;
  std::vector<std::string> terms;  // the words that matched, as written
};

// One report (an item) as pages list it. `item.content` is filled only by item().
struct ReportView {
  std::int64_t id = 0;
  std::string feed;
  std::optional<std::string> country;  // the feed's, from the catalogue
  ItemRecord item;
  UnixTime fetched = 0;
  std::optional<std::int64_t> story;
  std::vector<MatchView> matches;
  std::optional<TriageMark> triage;        // the report's own label
  std::optional<TriageMark> story_triage;  // its story's label, which a report without its own follows
  // --- Translation: a place kept for the translations cache another change
  // adds. Filled from a `translations` table when the database has one;
  // absent until then. ---
  std::optional<std::string> translated_title;
  std::optional<std::string> translated_summary;
  std::optional<std::string> translation_language;
};

struct CaseRecord {
  std::int64_t id = 0;
  std::optional<std::int64_t> story;
  std::string kind;     // one of kCaseKinds
  std::string date;     // YYYY-MM-DD
  std::string country;  // as the editor wrote it, e.g. "KG"
  std::optional<std::string> region;
  std::int64_t people = 1;
  std::optional<std::string> note;
  std::string user;
  UnixTime created_at = 0;
};

struct StoryView {
  std::int64_t id = 0;
  UnixTime first_seen = 0;
  std::vector<ReportView> reports;  // oldest first, at most kMaxReportsShown
  std::int64_t report_count = 0;    // all of them
  std::optional<TriageMark> triage;
  std::vector<CaseRecord> cases;
};
inline constexpr int kMaxReportsShown = 50;

// What narrows the stories page. A story is listed when one of its reports
// matched a rule and passes every filter; "unlabelled" finds reports with
// neither a label of their own nor their story's.
struct StoryFilters {
  std::optional<std::string> rule;
  std::optional<std::string> country;
  std::optional<std::string> language;  // "uz" also finds uz-Latn and uz-Cyrl
  std::optional<UnixTime> since;
  std::optional<UnixTime> until;
  std::optional<std::string> triage;   // relevant, irrelevant, duplicate, unlabelled
  std::string fts;                     // an FTS5 expression (match::to_fts5), empty: any words
  std::optional<std::int64_t> before;  // stories older than this one (paging)
  int limit = 20;
};

struct StoryPage {
  std::vector<StoryView> stories;     // newest first
  std::optional<std::int64_t> older;  // `before` for the next page; none at the end
};

struct ItemDetail {
  ReportView report;
  std::vector<Archive::ItemVersion> versions;  // oldest first
  std::optional<StoryView> story;
  FeedState source;
};

// One rule's matches and what editors said of them.
struct RuleCounts {
  std::string rule;
  std::int64_t last_7d = 0;
  std::int64_t last_30d = 0;
  std::int64_t total = 0;
  std::int64_t relevant = 0;
  std::int64_t irrelevant = 0;
  std::int64_t duplicate = 0;
  // relevant / (relevant + irrelevant); none before any such label.
  std::optional<double> precision() const;
};

// People in cases of one kind and country in one month ("2026-11").
struct CaseCount {
  std::string month;
  std::string kind;
  std::string country;
  std::int64_t people = 0;
  std::int64_t cases = 0;
};

// A labelled report, for the rule workbench.
struct LabelledReport {
  SearchHit hit;
  std::string label;  // its own, else its story's
};

class Newsroom {
 public:
  // Opens its own connection to the archive at `path`.
  static Result<Newsroom> open(const std::string& path);
  // Over an archive already open (tests: ":memory:").
  static Newsroom over(Archive archive) { return Newsroom(std::move(archive)); }
  Archive& archive() { return archive_; }

  // Stories newest first. `accept`, when given, must hold for one of the
  // story's matching reports (a query the FTS5 expression only approximates).
  using Accept = std::function<bool(const SearchHit&)>;
  Result<StoryPage> stories(const StoryFilters& filters, const Accept& accept = {});
  Result<std::optional<StoryView>> story(std::int64_t id);
  Result<std::optional<ItemDetail>> item(std::int64_t id);
  // Search with the archive's filters (triage, country and paging included).
  Result<std::vector<SearchHit>> search(const std::string& fts, const SearchFilters& filters) {
    return archive_.search(fts, filters);
  }
  Result<std::int64_t> count(const std::string& fts, const SearchFilters& filters) {
    return archive_.count(fts, filters);
  }
  // Triage labels of the hits, by item id: their own, else their story's.
  Result<std::map<std::int64_t, std::string>> labels_of(const std::vector<std::int64_t>& item_ids);
  // Counts for `rules` (in that order; rules without matches give zeros).
  Result<std::vector<RuleCounts>> rule_counts(const std::vector<std::string>& rules, UnixTime now);
  // How many items fetched since `since` hold the FTS5 expression `fts`
  // (ids grow with fetch time: a range of FTS5's rowids).
  Result<std::int64_t> count_fetched_since(const std::string& fts, UnixTime since);
  // How many items were fetched since `since` (from the index by fetch time).
  Result<std::int64_t> fetched_since(UnixTime since);
  // Every labelled report (relevant or irrelevant), newest first, at most `limit`.
  Result<std::vector<LabelledReport>> labelled_reports(int limit);
  // Every feed's state, by name; item_count is not counted (-1) and
  // newest_item is the newest publication (else fetch) time.
  Result<std::vector<FeedState>> sources() { return read_sources(std::nullopt); }
  // Publication (else fetch) times of the feed's newest items, newest first.
  Result<std::vector<UnixTime>> recent_item_times(std::int64_t feed_id, int limit);
  Status for_each_item(UnixTime since, const std::function<void(const SearchHit&)>& visit) {
    return archive_.for_each_item(since, visit);
  }

  // Sets the current label (an empty `label` removes it). kInvalidInput for
  // an unknown label or a missing report or story.
  Status mark_item(std::int64_t item_id, const std::string& label, const std::optional<std::string>& note,
                   const std::string& user, UnixTime now);
  Status mark_story(std::int64_t story_id, const std::string& label, const std::optional<std::string>& note,
                    const std::string& user, UnixTime now);
  // Records a case; returns its id. kInvalidInput for an unknown kind, a bad
  // date, an empty country or a negative number of people.
  Result<std::int64_t> record_case(const CaseRecord& record, UnixTime now);
  Result<std::vector<CaseRecord>> cases();
  Result<std::vector<CaseCount>> case_counts();

  Database& database() { return archive_.database(); }

 private:
  explicit Newsroom(Archive archive) : archive_(std::move(archive)) {}
  Result<std::vector<ReportView>> story_reports(std::int64_t story_id, std::int64_t& count);
  Status fill_report(ReportView& report);
  Result<std::optional<SearchHit>> hit(std::int64_t id);
  Result<std::vector<FeedState>> read_sources(std::optional<std::int64_t> feed_id);
  Result<std::vector<CaseRecord>> read_cases(const std::string& where, std::optional<std::int64_t> story);

  Archive archive_;
  std::optional<bool> has_translations_;
};

}  // namespace khabar::store
