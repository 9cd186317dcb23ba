// How `khabar search` shows what it found: a table with a snippet whose
// matched words are marked, JSON (one document or one object per line), CSV, or an Atom feed (so a rule's
// matches can be followed in any feed reader).
#pragma once

#include <string>
#include <vector>

#include "store/archive.h"

namespace khabar::cli {

struct Found {
  store::SearchHit hit;
  std::vector<std::string> terms;  // the words that matched, as the matcher reports them
};

// Up to `words` words of the summary around the first matched word, matched
// words in [brackets]; the title's start when the summary has none.
std::string snippet(const Found& found, size_t words = 14);

std::string found_table(const std::vector<Found>& found);
std::string found_json(const std::vector<Found>& found);        // one document: an array
std::string found_json_lines(const std::vector<Found>& found);  // one object per line
std::string found_csv(const std::vector<Found>& found);
std::string found_atom(const std::vector<Found>& found, const std::string& query, UnixTime now);

}  // namespace khabar::cli
