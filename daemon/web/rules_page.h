// Rules: each configured rule with its matches over 7 and 30 days and its
// precision from the triage labels; and the workbench, where a draft query
// is tried over the archive before it goes into the configuration.
#pragma once

#include "web/export.h"
#include "web/page.h"

namespace khabar::web {

struct RuleRow {
  std::string name;
  std::string query;
  store::RuleCounts counts;
};

struct RulesView {
  std::vector<RuleRow> rules;
};

Page render(const Viewer& viewer, const RulesView& view);

// What a draft query catches: among every report since `since`, and among
// the labelled ones (relevant caught: hits; relevant not caught: misses;
// irrelevant caught: false alarms).
struct WorkbenchView {
  std::string draft;
  std::string since;  // as typed
  std::string error;
  bool tried = false;
  std::int64_t scanned = 0;  // reports fetched since then
  std::int64_t caught = 0;
  bool caught_at_least = false;      // the matcher stopped before the end of the candidates
  std::vector<SearchResult> newest;  // the newest caught, at most kWorkbenchShown
  std::vector<SearchResult> hits, misses, false_alarms;
  std::int64_t labelled = 0;  // labelled reports compared
};
inline constexpr size_t kWorkbenchShown = 50;

Page render(const Viewer& viewer, const WorkbenchView& view);

}  // namespace khabar::web
