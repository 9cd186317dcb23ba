// Output formats for `khabar search`.
#pragma once

#include <string>
#include <vector>


namespace khabar::cli {

// Cuts `text` to `width` characters (with an ellipsis) or pads it with spaces.
std::string fit(const std::string& text, size_t width);

}  // namespace khabar::cli
