// `khabar stories show ID | merge A B | split ITEM | regroup [--since AGE]`:
// an editor's corrections of how reports were grouped into stories. Every
// merge and split is kept, and a regrouping applies them again.
#pragma once

#include <cstdint>
#include <string>

namespace khabar::cli {

struct StoriesArgs {
  std::string action;        // show, merge, split, regroup
  std::int64_t story = 0;    // show; merge: into this story
  std::int64_t other = 0;    // merge: this story joins `story`
  std::int64_t item = 0;     // split
  std::string since = "7d";  // regroup
  bool json = false;         // show
};

int stories_command(const std::string& config_path, const StoriesArgs& args);

}  // namespace khabar::cli
