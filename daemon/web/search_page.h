// Search: the rule language with the CLI's filters, results paged, and the
// whole current result as CSV, JSON or Atom.
#pragma once

#include "web/export.h"
#include "web/filters.h"
#include "web/page.h"

namespace khabar::web {

struct SearchView {
  FilterValues filters;
  FilterChoices choices;
  bool searched = false;  // a query or a filter was given
  std::vector<SearchResult> results;
  std::optional<std::int64_t> older;  // `before` for the next page
  std::string error;
};

Page render(const Viewer& viewer, const SearchView& view);

}  // namespace khabar::web
