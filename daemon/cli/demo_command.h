// `khabar demo`: the whole pipeline on the bundled sample feeds, served from
// a local server it starts itself; alerts shown in the terminal and written
// to a folder. No internet, no configuration.
#pragma once

#include <string>

namespace khabar::cli {

// `data` overrides where the sample feeds and rules are looked for.
int demo_command(const std::string& data);

}  // namespace khabar::cli
