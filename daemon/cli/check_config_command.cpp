// `khabar check-config`: every error of the configuration, at once.
#include <iostream>

#include "cli/command_support.h"
#include "cli/commands.h"

namespace khabar::cli {

int check_config_command(const std::string& config_path) {
  auto loaded = load(config_path, {.secrets = true, .database = true});
  if (!loaded) return kExitConfig;
  const auto& c = loaded->config;
  std::cout << c.path.string() << ": OK (" << c.feeds.size() << " feeds, " << c.rules.size() << " rules, "
            << c.alerts.size() << " alert channels)\n";
  return kExitOk;
}

}  // namespace khabar::cli
