// The `khabar parse` JSON contract.
#pragma once

#include <nlohmann/json.hpp>

#include "parse/feed.h"

namespace khabar::parse {

// {"feed": {..., "format", "version"}, "items": [...], "encoding", "bozo", "error"}; absent values
// are null; times are RFC 3339 UTC. Key order is stable.
nlohmann::ordered_json to_json(const ParsedFeed& feed);

}  // namespace khabar::parse
