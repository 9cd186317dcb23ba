#include "cli/environment_checks.h"

#include "util/secret.h"

namespace khabar::cli {

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

}  // namespace khabar::cli
