// Rule queries as SQLite FTS5 MATCH expressions, for searching the archive
// with the same language the rules use. Only the query text is produced:
// match knows nothing of the store.
#pragma once

#include <string>

#include "match/query.h"

namespace khabar::match {

// The FTS5 expression for `query`, over text indexed in normalized form
// (text::index_form). Phrases stay phrases, prefix words become prefix
// queries, NOT becomes FTS5's binary NOT.
std::string to_fts5(const QueryNode& query);

}  // namespace khabar::match
