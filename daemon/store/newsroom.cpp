#include "store/newsroom.h"

#include <algorithm>
#include <cstdio>

namespace khabar::store {
namespace {

// A report's columns for lists: the content is left out (item() reads it).
const std::string kReportColumns =
    std::string("i.id, f.name, f.country, i.fetched, i.story_id, ") + kItemColumns + ", t.label, t.note, t.user, t.at";
constexpr int kReportItemColumn = 5;
constexpr int kReportMarkColumn = kReportItemColumn + kItemColumnCount;
constexpr int kReportColumnCount = kReportMarkColumn + 4;
constexpr const char* kReportSource =
    " FROM items i JOIN feeds f ON f.id = i.feed_id LEFT JOIN item_triage t ON t.item_id = i.id";

std::optional<TriageMark> read_mark(const Statement& row, int first) {
  if (!row.optional_text(first)) return std::nullopt;
  return TriageMark{row.text(first), row.optional_text(first + 1), row.text(first + 2), row.integer(first + 3)};
}

ReportView read_report(const Statement& row) {
  ReportView r;
  r.id = row.integer(0);
  r.feed = row.text(1);
  r.country = row.optional_text(2);
  r.fetched = row.integer(3);
  r.story = row.optional_integer(4);
  r.item = read_item(row, kReportItemColumn);
  r.triage = read_mark(row, kReportMarkColumn);
  return r;
}

template <typename Read>
auto collect(Statement& stmt, Read read) -> Result<std::vector<decltype(read(stmt))>> {
  std::vector<decltype(read(stmt))> out;
  while (true) {
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(read(stmt));
  }
}

bool is_date(const std::string& text) {
  unsigned year = 0, month = 0, day = 0;
  char tail = 0;
  return text.size() == 10 && std::sscanf(text.c_str(), "%4u-%2u-%2u%c", &year, &month, &day, &tail) == 3 &&
         year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

bool is_triage_label(const std::string& label) {
  return std::find(kTriageLabels.begin(), kTriageLabels.end(), label) != kTriageLabels.end();
}

bool is_case_kind(const std::string& kind) {
  return std::find(kCaseKinds.begin(), kCaseKinds.end(), kind) != kCaseKinds.end();
}

std::optional<double> RuleCounts::precision() const {
  if (relevant + irrelevant == 0) return std::nullopt;
  return static_cast<double>(relevant) / static_cast<double>(relevant + irrelevant);
}

Result<Newsroom> Newsroom::open(const std::string& path) {
  auto archive = Archive::open(path);
  if (!archive) return archive.error();
  // Pages read much of the archive: a larger cache and reads through mmap.
  if (auto status = archive->database().exec("PRAGMA cache_size = -32768; PRAGMA mmap_size = 1073741824"); !status) {
    return status.error();
  }
  return Newsroom(std::move(*archive));
}

namespace {

// The stories page's filters over `matches m`, `items i` and `feeds f`.
constexpr const char* kStoryWhere =
    " AND i.story_id IS NOT NULL AND (?1 IS NULL OR i.story_id < ?1)"
    " AND (?2 IS NULL OR m.rule = ?2) AND (?3 IS NULL OR f.country = ?3)"
    " AND (?4 IS NULL OR i.language = ?4 OR i.language LIKE ?4 || '-%')"
    " AND (?5 IS NULL OR COALESCE(i.published, i.fetched) >= ?5)"
    " AND (?6 IS NULL OR COALESCE(i.published, i.fetched) < ?6)";

}  // namespace

// Without words, the candidates are driven from the matches (far fewer than
// items) and sorted by story. With words, from FTS5's hits, newest first
// (each checked for a match): a common word finds its stories among the
// first hits, a rare one has few hits; either way nothing sorts every hit.
Result<StoryPage> Newsroom::stories(const StoryFilters& f, const Accept& accept) {
  const std::string label = std::string(" AND (?7 IS NULL OR (?7 = 'unlabelled' AND ") + kEffectiveLabel +
                            " IS NULL) OR " + kEffectiveLabel + " = ?7)";
  const std::string sql = f.fts.empty()
                              ? std::string(
                                    "SELECT i.story_id, i.id FROM matches m CROSS JOIN items i ON i.id = m.item_id"
                                    " JOIN feeds f ON f.id = i.feed_id WHERE 1") +
                                    kStoryWhere + label + " ORDER BY i.story_id DESC, i.id DESC"
                              : std::string(
                                    "SELECT i.story_id, i.id FROM item_search s JOIN items i ON i.id = s.rowid"
                                    " JOIN feeds f ON f.id = i.feed_id JOIN matches m ON m.item_id = i.id"
                                    " WHERE item_search MATCH ?8") +
                                    kStoryWhere + label + " ORDER BY s.rowid DESC";
  auto stmt = database().prepare(sql);
  if (!stmt) return stmt.error();
  stmt->bind(1, f.before).bind(2, f.rule).bind(3, f.country).bind(4, f.language).bind(5, f.since).bind(6, f.until);
  stmt->bind(7, f.triage);
  if (!f.fts.empty()) stmt->bind(8, f.fts);
  std::vector<std::int64_t> ids;
  while (static_cast<int>(ids.size()) <= f.limit) {
    auto row = stmt->step();
    if (!row) return make_error(ErrorKind::kInvalidInput, "stories: " + row.error().message);
    if (!*row) break;
    const auto story_id = stmt->integer(0);
    if (std::find(ids.begin(), ids.end(), story_id) != ids.end()) continue;
    if (accept) {
      auto candidate = hit(stmt->integer(1));
      if (!candidate) return candidate.error();
      if (!*candidate || !accept(**candidate)) continue;
    }
    ids.push_back(story_id);
  }
  std::sort(ids.begin(), ids.end(), std::greater<>());
  StoryPage page;
  if (static_cast<int>(ids.size()) > f.limit) {
    ids.pop_back();
    page.older = ids.back();
  }
  for (const auto id : ids) {
    auto one = story(id);
    if (!one) return one.error();
    if (*one) page.stories.push_back(std::move(**one));
  }
  return page;
}

Result<std::optional<SearchHit>> Newsroom::hit(std::int64_t id) {
  auto stmt = database().prepare(std::string("SELECT i.id, f.name, i.fetched, i.story_id, ") + kItemColumns +
                                 " FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<SearchHit>{};
  return std::optional<SearchHit>{
      SearchHit{stmt->integer(0), stmt->text(1), read_item(*stmt, 4), stmt->integer(2), stmt->optional_integer(3)}};
}

Result<std::optional<StoryView>> Newsroom::story(std::int64_t id) {
  auto stmt = database().prepare(
      "SELECT s.id, s.first_seen, t.label, t.note, t.user, t.at FROM stories s"
      " LEFT JOIN story_triage t ON t.story_id = s.id WHERE s.id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<StoryView>{};
  StoryView view;
  view.id = stmt->integer(0);
  view.first_seen = stmt->integer(1);
  view.triage = read_mark(*stmt, 2);
  auto reports = story_reports(id, view.report_count);
  if (!reports) return reports.error();
  view.reports = std::move(*reports);
  for (auto& report : view.reports) report.story_triage = view.triage;
  auto cases = read_cases("c.story_id = ?1", id);
  if (!cases) return cases.error();
  view.cases = std::move(*cases);
  return std::optional<StoryView>{std::move(view)};
}

Result<std::vector<ReportView>> Newsroom::story_reports(std::int64_t story_id, std::int64_t& count) {
  auto counted = database().prepare("SELECT COUNT(*) FROM items WHERE story_id = ?1");
  if (!counted) return counted.error();
  counted->bind(1, story_id);
  if (auto row = counted->step(); !row) return row.error();
  count = counted->integer(0);
  auto stmt = database().prepare(std::string("SELECT ") + kReportColumns + kReportSource +
                                 " WHERE i.story_id = ?1 ORDER BY COALESCE(i.published, i.fetched), i.id LIMIT ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, story_id).bind(2, std::int64_t{kMaxReportsShown});
  auto reports = collect(*stmt, read_report);
  if (!reports) return reports.error();
  for (auto& report : *reports) {
    if (auto status = fill_report(report); !status) return status.error();
  }
  return reports;
}

// A report's matches, and its translation where the database keeps one.
Status Newsroom::fill_report(ReportView& report) {
  auto stmt = database().prepare("SELECT rule, terms FROM matches WHERE item_id = ?1 ORDER BY rule");
  if (!stmt) return stmt.error();
  stmt->bind(1, report.id);
  auto matches = collect(*stmt, [](const Statement& row) {
    return MatchView{row.text(0), terms_from_json(row.text(1))};
  });
  if (!matches) return matches.error();
  report.matches = std::move(*matches);
  if (!has_translations_) {
    auto probe = database().prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'translations'");
    if (!probe) return probe.error();
    auto row = probe->step();
    has_translations_ = row && *row;
  }
  if (!*has_translations_) return Status::success();
  // The translations cache belongs to another change; its columns are read
  // by name here, and a different shape leaves the place empty.
  auto translated = database().prepare("SELECT title, summary, language FROM translations WHERE item_id = ?1 LIMIT 1");
  if (!translated) return Status::success();
  translated->bind(1, report.id);
  if (auto row = translated->step(); row && *row) {
    report.translated_title = translated->optional_text(0);
    report.translated_summary = translated->optional_text(1);
    report.translation_language = translated->optional_text(2);
  }
  return Status::success();
}

Result<std::optional<ItemDetail>> Newsroom::item(std::int64_t id) {
  auto stmt =
      database().prepare(std::string("SELECT ") + kReportColumns + ", i.feed_id" + kReportSource + " WHERE i.id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<ItemDetail>{};
  ItemDetail detail;
  detail.report = read_report(*stmt);
  const auto feed_id = stmt->integer(kReportColumnCount);
  if (auto status = fill_report(detail.report); !status) return status.error();
  auto versions = archive_.item_versions(id);
  if (!versions) return versions.error();
  detail.versions = std::move(*versions);
  if (detail.report.story) {
    auto story_view = story(*detail.report.story);
    if (!story_view) return story_view.error();
    detail.story = std::move(*story_view);
    if (detail.story) detail.report.story_triage = detail.story->triage;
  }
  auto sources = read_sources(feed_id);
  if (!sources) return sources.error();
  if (!sources->empty()) detail.source = std::move(sources->front());
  return std::optional<ItemDetail>{std::move(detail)};
}

// Feeds as `status` shows them, without counting their items (a walk over
// the whole archive): the newest item comes from the index by feed and time.
Result<std::vector<FeedState>> Newsroom::read_sources(std::optional<std::int64_t> feed_id) {
  auto stmt = database().prepare(
      "SELECT f.id, f.name, f.url, f.last_success, f.last_error, f.error_count, f.consecutive_errors, f.last_status,"
      " f.next_poll, (SELECT MAX(COALESCE(i.published, i.fetched)) FROM items i WHERE i.feed_id = f.id), f.probed_at,"
      " f.probe_verdict, f.probe_detail FROM feeds f WHERE ?1 IS NULL OR f.id = ?1 ORDER BY f.name");
  if (!stmt) return stmt.error();
  stmt->bind(1, feed_id);
  return collect(*stmt, [](const Statement& row) {
    FeedState feed;
    feed.id = row.integer(0);
    feed.name = row.text(1);
    feed.url = row.text(2);
    feed.last_success = row.optional_integer(3);
    feed.last_error = row.optional_text(4);
    feed.error_count = row.integer(5);
    feed.item_count = -1;  // not counted
    feed.consecutive_errors = row.integer(6);
    feed.last_status = row.optional_text(7);
    feed.next_poll = row.optional_integer(8);
    feed.newest_item = row.optional_integer(9);
    feed.probed_at = row.optional_integer(10);
    feed.probe_verdict = row.optional_text(11);
    feed.probe_detail = row.optional_text(12);
    return feed;
  });
}

Result<std::int64_t> Newsroom::count_fetched_since(const std::string& fts, UnixTime since) {
  auto first = database().prepare("SELECT id FROM items WHERE fetched >= ?1 ORDER BY fetched LIMIT 1");
  if (!first) return first.error();
  first->bind(1, since);
  auto row = first->step();
  if (!row) return row.error();
  if (!*row) return std::int64_t{0};
  auto stmt = database().prepare("SELECT COUNT(*) FROM item_search WHERE item_search MATCH ?1 AND rowid >= ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, fts).bind(2, first->integer(0));
  if (auto counted = stmt->step(); !counted) return make_error(ErrorKind::kInvalidInput, counted.error().message);
  return stmt->integer(0);
}

Result<std::int64_t> Newsroom::fetched_since(UnixTime since) {
  auto stmt = database().prepare("SELECT COUNT(*) FROM items WHERE fetched >= ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, since);
  if (auto row = stmt->step(); !row) return row.error();
  return stmt->integer(0);
}

Result<std::vector<UnixTime>> Newsroom::recent_item_times(std::int64_t feed_id, int limit) {
  auto stmt = database().cached(
      "SELECT COALESCE(published, fetched) FROM items WHERE feed_id = ?1 ORDER BY COALESCE(published, fetched) DESC"
      " LIMIT ?2");
  if (!stmt) return stmt.error();
  (*stmt)->bind(1, feed_id).bind(2, std::int64_t{limit});
  auto times = collect(**stmt, [](const Statement& row) { return row.integer(0); });
  (*stmt)->reset();  // no read snapshot left open
  return times;
}

Result<std::map<std::int64_t, std::string>> Newsroom::labels_of(const std::vector<std::int64_t>& item_ids) {
  auto stmt = database().prepare(std::string("SELECT ") + kEffectiveLabel + " FROM items i WHERE i.id = ?1");
  if (!stmt) return stmt.error();
  std::map<std::int64_t, std::string> out;
  for (const auto id : item_ids) {
    stmt->reset();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row) return row.error();
    if (*row && stmt->optional_text(0)) out[id] = stmt->text(0);
  }
  return out;
}

// Counts from the index of matches by rule and time; labels from the label
// tables (a report's own, else its story's), which are small.
Result<std::vector<RuleCounts>> Newsroom::rule_counts(const std::vector<std::string>& rules, UnixTime now) {
  auto counted = database().prepare(
      "SELECT rule, SUM(matched_at >= ?1), SUM(matched_at >= ?2), COUNT(*) FROM matches GROUP BY rule");
  if (!counted) return counted.error();
  counted->bind(1, now - 7 * 86400).bind(2, now - 30 * 86400);
  std::map<std::string, RuleCounts> by_rule;
  while (true) {
    auto row = counted->step();
    if (!row) return row.error();
    if (!*row) break;
    by_rule[counted->text(0)] =
        RuleCounts{counted->text(0), counted->integer(1), counted->integer(2), counted->integer(3)};
  }
  auto labels = database().prepare(
      "SELECT m.rule, t.label, COUNT(*) FROM item_triage t JOIN matches m ON m.item_id = t.item_id GROUP BY 1, 2"
      " UNION ALL SELECT m.rule, t.label, COUNT(*) FROM story_triage t CROSS JOIN items i ON i.story_id = t.story_id"
      " JOIN matches m ON m.item_id = i.id WHERE NOT EXISTS (SELECT 1 FROM item_triage o WHERE o.item_id = i.id)"
      " GROUP BY 1, 2");
  if (!labels) return labels.error();
  while (true) {
    auto row = labels->step();
    if (!row) return row.error();
    if (!*row) break;
    auto& counts = by_rule[labels->text(0)];
    const auto label = labels->text(1);
    auto& slot = label == "relevant" ? counts.relevant : label == "irrelevant" ? counts.irrelevant : counts.duplicate;
    slot += labels->integer(2);
  }
  std::vector<RuleCounts> out;
  for (const auto& rule : rules) {
    auto counts = by_rule.count(rule) ? by_rule[rule] : RuleCounts{};
    counts.rule = rule;
    out.push_back(counts);
  }
  return out;
}

Result<std::vector<LabelledReport>> Newsroom::labelled_reports(int limit) {
  auto stmt = database().prepare(
      std::string("SELECT i.id, f.name, i.fetched, i.story_id, ") + kItemColumns + ", l.label" +
      " FROM (SELECT i.id AS id, " + kEffectiveLabel +
      " AS label FROM items i WHERE i.id IN (SELECT item_id FROM item_triage UNION"
      " SELECT j.id FROM story_triage t CROSS JOIN items j ON j.story_id = t.story_id)) l JOIN items i ON i.id = l.id"
      " JOIN feeds f ON f.id = i.feed_id WHERE l.label IN ('relevant', 'irrelevant') ORDER BY i.id DESC LIMIT ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, std::int64_t{limit});
  return collect(*stmt, [](const Statement& row) {
    return LabelledReport{
        SearchHit{row.integer(0), row.text(1), read_item(row, 4), row.integer(2), row.optional_integer(3)},
        row.text(4 + kItemColumnCount)};
  });
}

Status Newsroom::mark_item(std::int64_t item_id, const std::string& label, const std::optional<std::string>& note,
                           const std::string& user, UnixTime now) {
  if (!label.empty() && !is_triage_label(label)) return make_error(ErrorKind::kInvalidInput, "unknown label " + label);
  auto stmt = database().prepare(
      label.empty() ? "DELETE FROM item_triage WHERE item_id = ?1"
                    : "INSERT INTO item_triage (item_id, label, note, user, at) VALUES (?1, ?2, ?3, ?4, ?5)"
                      " ON CONFLICT (item_id) DO UPDATE SET label = excluded.label, note = excluded.note,"
                      " user = excluded.user, at = excluded.at");
  if (!stmt) return stmt.error();
  stmt->bind(1, item_id);
  if (!label.empty()) stmt->bind(2, label).bind(3, note).bind(4, user).bind(5, now);
  if (auto status = stmt->run(); !status) {
    return make_error(ErrorKind::kInvalidInput,
                      "cannot mark report " + std::to_string(item_id) + ": " + status.error().message);
  }
  return Status::success();
}

Status Newsroom::mark_story(std::int64_t story_id, const std::string& label, const std::optional<std::string>& note,
                            const std::string& user, UnixTime now) {
  if (!label.empty() && !is_triage_label(label)) return make_error(ErrorKind::kInvalidInput, "unknown label " + label);
  auto stmt = database().prepare(
      label.empty() ? "DELETE FROM story_triage WHERE story_id = ?1"
                    : "INSERT INTO story_triage (story_id, label, note, user, at) VALUES (?1, ?2, ?3, ?4, ?5)"
                      " ON CONFLICT (story_id) DO UPDATE SET label = excluded.label, note = excluded.note,"
                      " user = excluded.user, at = excluded.at");
  if (!stmt) return stmt.error();
  stmt->bind(1, story_id);
  if (!label.empty()) stmt->bind(2, label).bind(3, note).bind(4, user).bind(5, now);
  if (auto status = stmt->run(); !status) {
    return make_error(ErrorKind::kInvalidInput,
                      "cannot mark story " + std::to_string(story_id) + ": " + status.error().message);
  }
  return Status::success();
}

Result<std::int64_t> Newsroom::record_case(const CaseRecord& c, UnixTime now) {
  if (!is_case_kind(c.kind)) return make_error(ErrorKind::kInvalidInput, "unknown kind of case \"" + c.kind + "\"");
  if (!is_date(c.date)) return make_error(ErrorKind::kInvalidInput, "the date must be YYYY-MM-DD");
  if (c.country.empty()) return make_error(ErrorKind::kInvalidInput, "the country is required");
  if (c.people < 0) return make_error(ErrorKind::kInvalidInput, "the number of people cannot be negative");
  auto stmt = database().prepare(
      "INSERT INTO cases (story_id, kind, date, country, region, people, note, user, created_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!stmt) return stmt.error();
  stmt->bind(1, c.story).bind(2, c.kind).bind(3, c.date).bind(4, c.country).bind(5, c.region).bind(6, c.people);
  stmt->bind(7, c.note).bind(8, c.user).bind(9, now);
  if (auto status = stmt->run(); !status) {
    return make_error(ErrorKind::kInvalidInput, "cannot record the case: " + status.error().message);
  }
  return database().last_insert_id();
}

Result<std::vector<CaseRecord>> Newsroom::read_cases(const std::string& where, std::optional<std::int64_t> story) {
  auto stmt = database().prepare(
      "SELECT c.id, c.story_id, c.kind, c.date, c.country, c.region, c.people, c.note, c.user, c.created_at"
      " FROM cases c WHERE " +
      where + " ORDER BY c.date DESC, c.id DESC");
  if (!stmt) return stmt.error();
  if (story) stmt->bind(1, *story);
  return collect(*stmt, [](const Statement& row) {
    return CaseRecord{row.integer(0),       row.optional_integer(1), row.text(2),          row.text(3), row.text(4),
                      row.optional_text(5), row.integer(6),          row.optional_text(7), row.text(8), row.integer(9)};
  });
}

Result<std::vector<CaseRecord>> Newsroom::cases() { return read_cases("1", std::nullopt); }

Result<std::vector<CaseCount>> Newsroom::case_counts() {
  auto stmt = database().prepare(
      "SELECT substr(date, 1, 7) AS month, kind, country, SUM(people), COUNT(*) FROM cases"
      " GROUP BY month, kind, country ORDER BY month, kind, country");
  if (!stmt) return stmt.error();
  return collect(*stmt, [](const Statement& row) {
    return CaseCount{row.text(0), row.text(1), row.text(2), row.integer(3), row.integer(4)};
  });
}

}  // namespace khabar::store
