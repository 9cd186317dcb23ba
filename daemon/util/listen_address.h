// The "ADDRESS:PORT" a listener of the daemon (metrics, newsroom) binds:
// one parser, so check-config refuses exactly what `run` could not bind.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace khabar {

struct ListenAddress {
  std::string ip;  // an IP literal, without brackets
  unsigned short port = 0;
};

// "127.0.0.1:9464", "0.0.0.0:80", "[::1]:8080", "[::]:8080", "localhost:9464"
// (which is 127.0.0.1: no name lookup at bind time). The port is 1..65535.
// Fails with kInvalidConfig saying what is wrong, without the text itself.
Result<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace khabar
