#include "service/rule_book.h"

#include <gtest/gtest.h>

namespace khabar::service {
namespace {

// One feed, one rule, one channel with routing filters: what the rule
// book says to alert for an item of that feed.
class RuleBookTest : public ::testing::Test {
 protected:
  std::vector<std::string> channels_for(const std::string& language) {
    config::FeedConfig feed;
    feed.name = "kloop";
    feed.country = feed_country_;
    config_.feeds = {feed};
    config::RuleConfig rule;
    rule.name = "recruits";
    rule.query = "вербов*";
    rule.alerts = {"desk"};
    config_.rules = {rule};
    channel_.name = "desk";
    channel_.type = "webhook";
    config_.alerts = {channel_};
    auto book = RuleBook::build(config_);
    EXPECT_TRUE(book.ok()) << book.error().message;
    store::ItemRecord item;
    item.title = "Мигрантов вербовали на войну";
    item.language = language;
    const auto matches = book->match(item, "kloop");
    return matches.empty() ? std::vector<std::string>{"(no match)"} : matches.front().channels;
  }

  config::Config config_;
  config::AlertConfig channel_;
  std::string feed_country_ = "KG";
};

TEST_F(RuleBookTest, CountryCodesCompareWithoutRegardToCase) {
  feed_country_ = "kg";
  channel_.countries = {"KG"};
  EXPECT_EQ(channels_for("ru"), std::vector<std::string>{"desk"});
}

TEST_F(RuleBookTest, AChannelOfOtherCountriesGetsNothing) {
  channel_.countries = {"KZ"};
  EXPECT_EQ(channels_for("ru"), std::vector<std::string>{});
}

TEST_F(RuleBookTest, LanguageCodesCompareWithoutRegardToCaseAndAdmitScripts) {
  channel_.languages = {"UZ"};
  EXPECT_EQ(channels_for("uz-Latn"), std::vector<std::string>{"desk"});
  channel_.languages = {"ru"};
  EXPECT_EQ(channels_for("uz-Latn"), std::vector<std::string>{});
}

}  // namespace
}  // namespace khabar::service
