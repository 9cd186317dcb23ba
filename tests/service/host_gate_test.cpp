#include "service/host_gate.h"

#include <gtest/gtest.h>

namespace khabar::service {
namespace {

using std::chrono::milliseconds;

TEST(HostGateTest, CapsFetchesInFlightPerHost) {
  HostGate gate(2, milliseconds(0));
  const auto now = HostGate::Clock::now();
  gate.started("24.kg", now);
  gate.started("24.kg", now);
  EXPECT_FALSE(gate.may_start("24.kg", now));
  EXPECT_TRUE(gate.may_start("kloop.kg", now));
  gate.finished("24.kg");
  EXPECT_TRUE(gate.may_start("24.kg", now));
}

TEST(HostGateTest, KeepsAMinimumDelayBetweenStartsOnOneHost) {
  HostGate gate(4, milliseconds(1000));
  const auto now = HostGate::Clock::now();
  gate.started("24.kg", now);
  gate.finished("24.kg");
  EXPECT_FALSE(gate.may_start("24.kg", now + milliseconds(500)));
  EXPECT_EQ(gate.earliest_start("24.kg"), now + milliseconds(1000));
  EXPECT_TRUE(gate.may_start("24.kg", now + milliseconds(1000)));
}

}  // namespace
}  // namespace khabar::service
