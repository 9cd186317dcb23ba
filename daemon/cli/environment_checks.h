// What a valid configuration still needs from the machine it runs on:
// secrets that can be read. Checked by the commands that need them
// (check-config, run, poll), not by those that only read the archive, so
// each error joins the config's own list.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace khabar::cli {

// Every secret the channels and the translation service name (util/secret.h:
// a file, relative to $CREDENTIALS_DIRECTORY, or an environment variable)
// that is missing or empty, each "FILE:LINE: alert \"NAME\".secret_env: why".
std::vector<std::string> secret_errors(const config::Config& config);

}  // namespace khabar::cli
