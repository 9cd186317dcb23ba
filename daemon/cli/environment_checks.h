// What a valid configuration still needs from the machine it runs on:
// secrets that can be read, a database folder that can be written. Checked
// by the commands that need them (check-config, run, poll), not by those
// that only read the archive, so each error joins the config's own list.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace khabar::cli {

// Every secret the channels and the translation service name (util/secret.h:
// a file, relative to $CREDENTIALS_DIRECTORY, or an environment variable)
// that is missing or empty, each "FILE:LINE: alert \"NAME\".secret_env: why".
std::vector<std::string> secret_errors(const config::Config& config);

// Whether khabar can create or write its database: the file, if it exists;
// else its folder, if it exists; else the nearest existing ancestor, since
// systemd's StateDirectory creates /var/lib/khabar only when the service
// starts. Empty when all is well or the database is ":memory:".
std::vector<std::string> database_errors(const config::Config& config);

}  // namespace khabar::cli
