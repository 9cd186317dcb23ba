#include "cli/environment_checks.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "util/secret.h"

namespace khabar::cli {
namespace fs = std::filesystem;

namespace {

// The path khabar would have to write to create or open the database.
fs::path nearest_existing(fs::path path) {
  std::error_code error;
  while (!path.empty() && path != path.root_path() && !fs::exists(path, error)) path = path.parent_path();
  return path.empty() ? fs::path(".") : path;
}

std::string writable_problem(const fs::path& database) {
  std::error_code error;
  const bool exists = fs::exists(database, error);
  const auto target = exists ? database : nearest_existing(database.parent_path());
  if (!exists && !fs::is_directory(target, error)) return target.string() + " is not a folder";
  if (::access(target.c_str(), W_OK) != 0) return "cannot write " + target.string() + ": " + std::strerror(errno);
  return "";
}

}  // namespace

std::vector<std::string> secret_errors(const config::Config& config) {
  std::vector<std::string> errors;
  auto check = [&](const config::SecretSource& source, const config::SourceLocation& where, const std::string& what) {
    if (source.empty()) return;
    if (auto secret = read_secret(source.file, source.env); !secret) {
      errors.push_back(where.str() + ": " + what + ": " + secret.error().message);
    }
  };
  for (const auto& alert : config.alerts) {
    const auto name = "alert \"" + alert.name + "\"";
    check(alert.secret, alert.source, name + (alert.secret.file.empty() ? ".secret_env" : ".secret_file"));
    check(alert.password, alert.source, name + (alert.password.file.empty() ? ".password_env" : ".password_file"));
  }
  const auto& key = config.translate.api_key;
  check(key, config.translate.source, key.file.empty() ? "translate.api_key_env" : "translate.api_key_file");
  return errors;
}

std::vector<std::string> database_errors(const config::Config& config) {
  const auto& daemon = config.daemon;
  if (daemon.database.empty() || daemon.database == ":memory:") return {};
  const auto problem = writable_problem(daemon.database);
  if (problem.empty()) return {};
  const auto& where = daemon.database_source;
  const auto prefix = where.line > 0 ? where.str() : config.path.string();
  return {prefix + ": daemon.database: " + daemon.database + ": " + problem};
}

}  // namespace khabar::cli
