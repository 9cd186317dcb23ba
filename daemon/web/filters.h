// The filters the stories and search pages share, as the request gives them
// (to show them back in the form), as the store takes them, and the form.
// The query is the rule language: FTS5 narrows, and a matcher decides where
// FTS5 only approximates (as `khabar search` does).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "match/matcher.h"
#include "match/query.h"
#include "store/newsroom.h"
#include "web/form.h"
#include "web/html.h"

namespace khabar::web {

// As typed: each empty when not given.
struct FilterValues {
  std::string query, rule, country, language, feed, since, until, triage;
  static FilterValues from(const Params& params);
  Params params() const;  // back to parameters, for links and exports
};

// What the selects offer.
struct FilterChoices {
  std::vector<std::string> rules, countries, languages, feeds;
};

struct ParsedFilters {
  store::SearchFilters search;            // also used for the stories page's fields
  std::string fts;                        // FTS5 expression; empty: any words
  bool exact = true;                      // false: check each hit with `matcher`
  std::optional<match::Matcher> matcher;  // when a query was given
  std::string error;                      // what is wrong with the input, for the page
  store::StoryFilters stories() const;
  // Whether the hit passes the query (always true without one), and the words that did.
  bool accepts(const store::SearchHit& hit, std::vector<std::string>* terms = nullptr) const;
};

ParsedFilters parse_filters(const FilterValues& values, const match::TermLists& lists, UnixTime now);

// A labelled form (GET) with every filter; `with_feed` adds the feed select.
void filter_form(Html& html, const FilterValues& values, const FilterChoices& choices, const std::string& action,
                 bool with_feed);

}  // namespace khabar::web
