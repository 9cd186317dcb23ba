// Turns the XML that feeds really publish into well-formed XML, the way
// lenient feed readers do: HTML entities decoded, bare ampersands escaped,
// characters illegal in XML dropped, unclosed and truncated elements closed.
// Entities declared in an internal DTD are expanded within a budget; external
// entities are never loaded. Pure: no I/O.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace khabar::parse {

struct RepairLimits {
  std::size_t max_entity_expansion = 1 << 20;  // bytes produced by DTD entities, in all
  int max_entity_depth = 8;                    // entities referring to entities
  std::size_t max_element_depth = 512;
  std::size_t max_problems = 16;  // kinds of problem listed; the rest are counted as one
};

struct RepairedXml {
  std::string xml;                    // well-formed, without DOCTYPE or comments
  std::vector<std::string> problems;  // what was repaired, once per kind, at most max_problems + 1
};

// Fails (kInvalidInput) only when a limit is exceeded.
Result<RepairedXml> repair_xml(std::string_view utf8, const RepairLimits& limits = {});

}  // namespace khabar::parse
