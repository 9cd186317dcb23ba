// libFuzzer target: the config loader (TOML parsing with toml++, includes,
// validation) and the rules loader on arbitrary bytes. The loader reads a
// path, so each input is written to a file in a private directory first.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config.h"

namespace {

std::filesystem::path input_path() {
  char directory[] = "/tmp/khabar-config-fuzz-XXXXXX";
  if (!mkdtemp(directory)) std::abort();
  return std::filesystem::path(directory) / "config.toml";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto path = input_path();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  (void)khabar::config::load_config(path);
  (void)khabar::config::load_rules(path);
  return 0;
}
