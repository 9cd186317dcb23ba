// Secrets (webhook keys, SMTP passwords) are read from a file or an
// environment variable at the moment they are needed, never from the config
// file, and never logged.
#pragma once

#include <string>

#include "util/result.h"

namespace khabar {

// Reads the secret from `file` (a relative path is looked up in
// $CREDENTIALS_DIRECTORY, where systemd's LoadCredential puts it) or else from
// the environment variable `env`; a trailing newline is dropped. Errors name
// the file or variable, never the secret. An empty file or variable is an
// error (a key nobody can verify). Both unnamed: an empty secret, no error.
Result<std::string> read_secret(const std::string& file, const std::string& env);

}  // namespace khabar
