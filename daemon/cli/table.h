// Plain-text tables for the terminal.
#pragma once

#include <string>
#include <vector>

namespace khabar::cli {

// Cuts `text` to `width` characters (with an ellipsis) or pads it with spaces.
std::string fit(const std::string& text, size_t width);

// Rows laid out in columns as wide as their widest cell, two spaces apart;
// nothing is cut, and the last column is not padded.
std::string aligned(const std::vector<std::vector<std::string>>& rows);

}  // namespace khabar::cli
