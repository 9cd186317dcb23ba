// `khabar backup FILE`: a consistent copy of the archive while it runs.
#include <iostream>

#include "cli/command_support.h"
#include "cli/commands.h"

namespace khabar::cli {

int backup_command(const std::string& config_path, const std::string& path) {
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  auto archive = open_archive(loaded->config);
  if (!archive) return kExitFailure;
  if (auto status = archive->backup(path); !status) {
    std::cerr << "backup: " << status.error().message << "\n";
    return kExitFailure;
  }
  std::cout << "archive copied to " << path << "\n";
  return kExitOk;
}

}  // namespace khabar::cli
