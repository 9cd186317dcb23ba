// Output formats for `khabar search`.
#pragma once

#include <string>
#include <vector>

#include "store/archive.h"

namespace khabar::cli {

// Columns: date, feed, title, link; widths measured in characters, not bytes.
std::string search_hits_table(const std::vector<store::SearchHit>& hits);

// One JSON object per line.
std::string search_hits_json(const std::vector<store::SearchHit>& hits);

}  // namespace khabar::cli
