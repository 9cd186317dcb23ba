// A search's whole result as a file: CSV, JSON (an array) or an Atom feed.
#pragma once

#include <string>
#include <vector>

#include "store/archive.h"

namespace khabar::web {

struct SearchResult {
  store::SearchHit hit;
  std::vector<std::string> terms;  // the words the query matched
  std::string label;               // triage: its own, else its story's; empty: unlabelled
};

std::string results_csv(const std::vector<SearchResult>& results);
std::string results_json(const std::vector<SearchResult>& results);
std::string results_atom(const std::vector<SearchResult>& results, const std::string& title, UnixTime now);

}  // namespace khabar::web
