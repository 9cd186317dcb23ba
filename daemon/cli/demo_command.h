// `khabar demo`: the whole pipeline on the bundled sample feeds, served from
// a local server it starts itself; alerts shown in the terminal and written
// to a folder, and the newsroom page to click through its stories. No
// internet, no configuration.
#pragma once

#include <string>

namespace khabar::cli {

// `data` overrides where the sample feeds and rules are looked for. The
// newsroom page then stays up for `serve` ("10m"), or until Ctrl-C when
// standard input and output are a terminal; otherwise the demo ends there.
// The config, archive and alerts go to `dir` (kept), or to a temporary
// folder removed at the end.
int demo_command(const std::string& data, const std::string& serve = "", const std::string& dir = "");

}  // namespace khabar::cli
