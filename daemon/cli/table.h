// Output formats for `khabar search`.
#pragma once

#include <string>
#include <vector>

#include "store/archive.h"

namespace khabar::cli {

// Cuts `text` to `width` characters (with an ellipsis) or pads it with spaces.
std::string fit(const std::string& text, size_t width);

// Columns: date, feed, title, link; widths measured in characters, not bytes.
std::string search_hits_table(const std::vector<store::SearchHit>& hits);

// One JSON object per line.
std::string search_hits_json(const std::vector<store::SearchHit>& hits);

}  // namespace khabar::cli
