#include "web/sessions.h"

#include <gtest/gtest.h>

#include "web/password.h"

namespace khabar::web {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
const SteadyTime kStart{};

TEST(SessionStoreTest, ASessionEndsAfterItsIdleTime) {
  SessionStore sessions(minutes(30));
  const auto id = sessions.create("aigul", "editor", kStart).id;
  ASSERT_NE(sessions.find(id, kStart + minutes(29)), nullptr);  // use restarts the clock
  EXPECT_NE(sessions.find(id, kStart + minutes(58)), nullptr);
  EXPECT_EQ(sessions.find(id, kStart + minutes(90)), nullptr);
  EXPECT_EQ(sessions.size(), 0u);
}

TEST(SessionStoreTest, IdsAndTokensAreRandomAndDistinct) {
  SessionStore sessions(minutes(30));
  const auto& a = sessions.create("a", "viewer", kStart);
  const auto& b = sessions.create("a", "viewer", kStart);
  EXPECT_EQ(a.id.size(), 64u);
  EXPECT_NE(a.id, b.id);
  EXPECT_NE(a.csrf, b.csrf);
  EXPECT_NE(a.id, a.csrf);
}

TEST(SessionStoreTest, AFullStoreEndsTheLeastRecentlyUsed) {
  SessionStore sessions(minutes(30), 2);
  const auto old = sessions.create("a", "viewer", kStart).id;
  const auto used = sessions.create("b", "viewer", kStart + seconds(1)).id;
  sessions.create("c", "viewer", kStart + seconds(2));
  EXPECT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions.find(old, kStart + seconds(3)), nullptr);
  EXPECT_NE(sessions.find(used, kStart + seconds(3)), nullptr);
}

TEST(LoginThrottleTest, FiveFailuresWaitUntilTheWindowPasses) {
  LoginThrottle throttle(5, minutes(15));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(throttle.wait("user:a", kStart), seconds(0));
    throttle.failed("user:a", kStart);
  }
  EXPECT_EQ(throttle.wait("user:a", kStart + minutes(5)), minutes(10));
  EXPECT_EQ(throttle.wait("user:b", kStart), seconds(0));
  EXPECT_EQ(throttle.wait("user:a", kStart + minutes(15)), seconds(0));
  throttle.failed("user:b", kStart);
  throttle.succeeded("user:b");
  EXPECT_EQ(throttle.wait("user:b", kStart), seconds(0));
}

TEST(PasswordTest, HashesVerifyAndOnlyArgon2id) {
  auto hash = hash_password("correct horse", HashCost::kMinimalForTests);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(*hash, "correct horse"));
  EXPECT_FALSE(verify_password(*hash, "wrong horse"));
  EXPECT_FALSE(verify_password("$2y$10$notargon", "correct horse"));
  EXPECT_TRUE(same_secret("abc", "abc"));
  EXPECT_FALSE(same_secret("abc", "abd"));
  EXPECT_FALSE(same_secret("abc", "ab"));
}

}  // namespace
}  // namespace khabar::web
