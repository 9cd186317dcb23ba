// Reading fixtures from tests/data.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace khabar::testing {

inline std::filesystem::path test_data(const std::string& relative) {
  return std::filesystem::path(KHABAR_TEST_DATA) / relative;
}

// The whole file as bytes; empty when it cannot be read.
inline std::string read_test_data(const std::string& relative) {
  std::ifstream in(test_data(relative), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace khabar::testing
