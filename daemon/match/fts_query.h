// Rule queries as SQLite FTS5 MATCH expressions, for searching the archive
// with the language the rules use. Only the query text is produced: match
// knows nothing of the store.
#pragma once

#include <string>

#include "match/query.h"

namespace khabar::match {

struct FtsQuery {
  // The MATCH expression over text indexed in folded form
  // (text::index_form); empty when nothing in the query narrows the search
  // by words (a query of only lang:/feed: filters).
  std::string expression;
  // False when the expression only approximates the query (NEAR becomes AND,
  // a score becomes OR, filters are dropped): the caller must check each hit
  // with the Matcher. Every match of the query is always among the hits.
  bool exact = true;
};

FtsQuery to_fts5(const QueryNode& query);

}  // namespace khabar::match
