// Cases: every recorded case in a table, a CSV export, and the monthly
// charts by kind and by country (SVG drawn here; a table of the same counts
// follows each, for screen readers and for copying).
#pragma once

#include "web/page.h"

namespace khabar::web {

struct CasesView {
  std::vector<store::CaseRecord> cases;
  std::vector<store::CaseCount> counts;
};

Page render(const Viewer& viewer, const CasesView& view);
std::string cases_csv(const std::vector<store::CaseRecord>& cases);

}  // namespace khabar::web
