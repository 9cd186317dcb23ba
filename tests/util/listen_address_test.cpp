#include "util/listen_address.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

std::string error_of(const std::string& text) {
  auto parsed = parse_listen_address(text);
  EXPECT_FALSE(parsed.ok()) << text;
  return parsed.ok() ? "" : parsed.error().message;
}

TEST(ListenAddressTest, IpLiteralsAndLocalhostWithAPort) {
  for (const auto& [text, ip, port] : {std::tuple{"127.0.0.1:9464", "127.0.0.1", 9464},
                                       {"0.0.0.0:80", "0.0.0.0", 80},
                                       {"[::1]:8080", "::1", 8080},
                                       {"[::]:65535", "::", 65535},
                                       {"localhost:1", "127.0.0.1", 1}}) {
    auto parsed = parse_listen_address(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().message;
    EXPECT_EQ(parsed->ip, ip) << text;
    EXPECT_EQ(parsed->port, port) << text;
  }
}

TEST(ListenAddressTest, PortsOutsideTheRangeAreRefused) {
  EXPECT_EQ(error_of("127.0.0.1:99999"), "has a port outside 1..65535");
  EXPECT_EQ(error_of("127.0.0.1:0"), "has a port outside 1..65535");
  EXPECT_EQ(error_of("127.0.0.1:"), "has a port outside 1..65535");
  EXPECT_EQ(error_of("127.0.0.1:80x"), "has a port outside 1..65535");
}

TEST(ListenAddressTest, HostNamesAndBareIpv6AreRefused) {
  EXPECT_NE(error_of("metrics.example.org:9464").find("does not begin with an IP address"), std::string::npos);
  EXPECT_NE(error_of("::1:8080").find("without brackets"), std::string::npos);
  EXPECT_EQ(error_of("localhost"), "is not ADDRESS:PORT");
  EXPECT_EQ(error_of("[::1]"), "is not ADDRESS:PORT");
  EXPECT_EQ(error_of(":8080"), "is not ADDRESS:PORT");
}

}  // namespace
}  // namespace khabar
