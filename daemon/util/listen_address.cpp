#include "util/listen_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace khabar {
namespace {

bool is_ip_literal(const std::string& ip, int family) {
  unsigned char bytes[16];
  return ::inet_pton(family, ip.c_str(), bytes) == 1;
}

// The host part as an IP literal: brackets only (and always) around IPv6.
Result<std::string> listen_ip(std::string_view host) {
  if (host == "localhost") return std::string("127.0.0.1");
  const bool bracketed = host.size() > 2 && host.front() == '[' && host.back() == ']';
  const std::string ip(bracketed ? host.substr(1, host.size() - 2) : host);
  if (bracketed ? is_ip_literal(ip, AF_INET6) : is_ip_literal(ip, AF_INET)) return ip;
  if (!bracketed && is_ip_literal(ip, AF_INET6)) {
    return make_error(ErrorKind::kInvalidConfig, "has an IPv6 address without brackets: write it as [::1]:PORT");
  }
  return make_error(ErrorKind::kInvalidConfig,
                    "does not begin with an IP address (127.0.0.1, 0.0.0.0, [::1], [::]) or localhost");
}

Result<unsigned short> listen_port(std::string_view digits) {
  int port = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || port < 1 || port > 65535) {
    return make_error(ErrorKind::kInvalidConfig, "has a port outside 1..65535");
  }
  return static_cast<unsigned short>(port);
}

// Where the port begins: after the last colon, or after "]:" for IPv6.
size_t port_colon(std::string_view text) {
  if (text.empty() || text.front() != '[') return text.rfind(':');
  const auto close = text.find("]:");
  return close == std::string_view::npos ? close : close + 1;
}

}  // namespace

Result<ListenAddress> parse_listen_address(std::string_view text) {
  const auto colon = port_colon(text);
  if (colon == std::string_view::npos || colon == 0)
    return make_error(ErrorKind::kInvalidConfig, "is not ADDRESS:PORT");
  auto ip = listen_ip(text.substr(0, colon));
  if (!ip) return ip.error();
  auto port = listen_port(text.substr(colon + 1));
  if (!port) return port.error();
  return ListenAddress{std::move(*ip), *port};
}

}  // namespace khabar
