// Where and how khabar logs: standard error, with timestamps on a terminal
// or in a file, and with sd-daemon priority prefixes ("<4>") and no
// timestamps under journald, which adds its own.
#pragma once

namespace khabar::cli {

void configure_logging(bool verbose);

}  // namespace khabar::cli
