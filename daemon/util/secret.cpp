#include "util/secret.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace khabar {

Result<std::string> read_secret(const std::string& file, const std::string& env) {
  std::string secret;
  if (!file.empty()) {
    std::filesystem::path path(file);
    const char* credentials = std::getenv("CREDENTIALS_DIRECTORY");
    if (path.is_relative() && credentials && *credentials) path = std::filesystem::path(credentials) / path;
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorKind::kInvalidConfig, "cannot read the secret file " + path.string());
    std::ostringstream bytes;
    bytes << in.rdbuf();
    secret = bytes.str();
  } else if (!env.empty()) {
    const char* value = std::getenv(env.c_str());
    if (!value) return make_error(ErrorKind::kInvalidConfig, "the environment variable " + env + " is not set");
    secret = value;
  }
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.empty() && !file.empty())
    return make_error(ErrorKind::kInvalidConfig, "the secret file " + file + " is empty");
  if (secret.empty() && !env.empty())
    return make_error(ErrorKind::kInvalidConfig, "the environment variable " + env + " is empty");
  return secret;
}

}  // namespace khabar
