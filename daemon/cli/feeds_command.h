// `khabar feeds list|import|export|probe`: the feed list, and OPML 2.0, the
// exchange format of every feed reader.
#pragma once

#include <string>

#include "cli/probe_command.h"

namespace khabar::cli {

struct FeedsArgs {
  std::string action;             // list, import, export
  std::string file;               // import: the OPML file
  std::string output;             // import, export: where to write ("" or "-": standard output)
  bool json = false;              // list
  bool show_credentials = false;  // export: URLs as configured, passwords and tokens included
  ProbeArgs probe;
};

int feeds_command(const std::string& config_path, const FeedsArgs& args);

}  // namespace khabar::cli
