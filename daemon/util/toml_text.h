// Writing TOML by hand (feeds import, probe --write): values must read back
// exactly as they were, whatever bytes an OPML file or a page carried.
#pragma once

#include <string>
#include <string_view>

namespace khabar {

// A TOML basic string: quotes, backslashes and every control character
// escaped (\n, \t, \r by name, the rest as \uXXXX), so no byte can end the
// string, the line or the document early.
std::string toml_quoted(std::string_view text);

}  // namespace khabar
