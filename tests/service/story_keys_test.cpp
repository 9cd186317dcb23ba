#include "service/story_keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "config/config.h"
#include "parse/date_parser.h"
#include "service/rule_book.h"
#include "store/archive.h"
#include "support/test_data.h"

namespace khabar::service {
namespace {

TEST(StoryKeysTest, NamesMeetAcrossScriptsAndCases) {
  const auto ky = names_and_numbers("Рустам Зарифулиндин сөөгү Кара-Балтага коюлду, 26 жаштагы");
  const auto en = names_and_numbers("Rustam Zarifulin, 26, was buried in Kara-Balta");
  for (const char* key : {"rustam", "sarifu", "kara-bal", "#26"}) {
    EXPECT_NE(std::find(ky.begin(), ky.end(), key), ky.end()) << key;
    EXPECT_NE(std::find(en.begin(), en.end(), key), en.end()) << key;
  }
  EXPECT_EQ(std::find(ky.begin(), ky.end(), "СВО"), ky.end());
  EXPECT_TRUE(names_and_numbers("в зоне СВО и ВСУ").empty());  // acronyms and lower-case words are no names
}

bool has_key(const std::vector<std::string>& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

TEST(StoryKeysTest, SpellingsOfOneNameMeet) {
  // Transliterations trade zh/j, kh/x, z/s, y/i and doubled letters; a possessive is the name.
  const auto ru = names_and_numbers("Мухаммад Джураев и Хуршед Зиёев");
  const auto en = names_and_numbers("Muhamad Juraev's brother and Khurshed Ziyoev's");
  for (const char* key : {"muhama", "juraev", "hurshe", "siev"}) {
    EXPECT_TRUE(has_key(ru, key)) << key << ::testing::PrintToString(ru);
    EXPECT_TRUE(has_key(en, key)) << key << ::testing::PrintToString(en);
  }
  // Two towns that share a first part stay two keys.
  EXPECT_NE(names_and_numbers("в Кара-Балте"), names_and_numbers("в Кара-Суу"));
}

TEST(StoryKeysTest, OldAndCurrentPlaceNamesMeet) {
  const auto old_names = names_and_numbers("из Молдавии, Белоруссии и Луганска, под Артемовском, Moldawiýa");
  const auto new_names = names_and_numbers("from Moldova, Belarus and Luhansk, near Bakhmut");
  for (const char* key : {"moldov", "belaru", "luhans", "bahmut"}) {
    EXPECT_TRUE(has_key(old_names, key)) << key << ::testing::PrintToString(old_names);
    EXPECT_TRUE(has_key(new_names, key)) << key << ::testing::PrintToString(new_names);
  }
  // Kazakhstan in Uzbek and Turkmen is a country, not a clue to the event.
  EXPECT_TRUE(names_and_numbers("в Қозоғистон и Gazagystan").empty());
}

TEST(StoryKeysTest, NumbersMeetWhateverTheirGroupingOrUnit) {
  for (const char* text : {"на 10 000 рублей", "10,000 roubles", "на 10 тыс. рублей", "a 10k bonus", "10 thousand",
                           "10 мың рубль", "10 ming so'm"}) {
    EXPECT_TRUE(has_key(names_and_numbers(text), "#10000")) << text;
  }
  EXPECT_TRUE(has_key(names_and_numbers("15 млн рублей"), "#15000000"));
  EXPECT_TRUE(has_key(names_and_numbers("1 200 000 рублей"), "#1200000"));
  // Years, "груз 200" and the mercenarism articles say nothing of which event it is.
  EXPECT_TRUE(names_and_numbers("в 2024 году груз 200 по статье 359").empty());
  // Two numbers in a list stay two numbers.
  const auto listed = names_and_numbers("возраст 25, 31 и 40");
  EXPECT_TRUE(has_key(listed, "#25") && has_key(listed, "#31") && has_key(listed, "#40"));
}

struct Labelled {
  std::string id, story, outlet;
  store::ItemRecord record;
};

std::vector<Labelled> story_set() {
  std::vector<Labelled> out;
  std::istringstream lines(testing::read_test_data("stories/stories.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    Labelled item{j["id"], j["story"], j["outlet"], {}};
    item.record.guid = item.id;
    item.record.title = j["title"].get<std::string>();
    item.record.summary = j["summary"].get<std::string>();
    item.record.published = parse::parse_date(j["published"].get<std::string>());
    out.push_back(std::move(item));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Labelled& a, const Labelled& b) { return *a.record.published < *b.record.published; });
  return out;
}

using Pairs = std::set<std::pair<std::string, std::string>>;

Pairs same_pairs(const std::map<std::string, std::string>& label_of) {
  Pairs out;
  for (const auto& [a, la] : label_of) {
    for (const auto& [b, lb] : label_of) {
      if (a < b && la == lb) out.insert({a, b});
    }
  }
  return out;
}

// tests/data/stories: real reports of 18 events in up to four languages and
// 15 groups of different events with the same vocabulary, ingested in the
// order they were published. Pairwise precision and recall of the grouping.
TEST(StoryGroupingTest, GroupsOneEventAcrossLanguagesAndKeepsDifferentEventsApart) {
  auto rules = config::load_rules(std::string(KHABAR_SOURCE_DIR) + "/rules/mission.toml");
  ASSERT_TRUE(rules.ok()) << rules.error().message;
  auto kinds = story_kind_matcher(term_lists(*rules));
  ASSERT_TRUE(kinds.ok()) << kinds.error().message;
  auto archive = store::Archive::open(":memory:");
  ASSERT_TRUE(archive.ok());
  std::map<std::string, std::string> gold, predicted, keys_of;
  for (auto& item : story_set()) {
    item.record.story_keys = story_keys(item.record, *kinds);
    const auto feed = archive->ensure_feed(item.outlet, "https://" + item.outlet + ".example/rss")->id;
    ASSERT_TRUE(archive
                    ->ingest(feed, {item.record}, *item.record.published,
                             [](const store::ItemRecord&) { return std::vector<store::MatchRecord>{}; })
                    .ok());
    gold[item.id] = item.story;
    keys_of[item.id] = store::keys_text(item.record.story_keys);
  }
  auto stmt = archive->database().prepare("SELECT guid, story_id FROM items");
  while (*stmt->step()) predicted[stmt->text(0)] = std::to_string(stmt->integer(1));
  const auto want = same_pairs(gold), got = same_pairs(predicted);
  size_t both = 0;
  for (const auto& pair : got) both += want.count(pair);
  const double precision = got.empty() ? 1 : static_cast<double>(both) / static_cast<double>(got.size());
  const double recall = static_cast<double>(both) / static_cast<double>(want.size());
  std::cout << "story grouping on tests/data/stories: pairwise precision " << precision << ", recall " << recall << " ("
            << both << " of " << want.size() << " pairs found, " << got.size() << " predicted)\n";
  for (const auto& pair : got) {
    if (!want.count(pair)) {
      std::cout << "  merged wrongly: " << pair.first << " " << pair.second << ": " << keys_of[pair.first] << "  |  "
                << keys_of[pair.second] << "\n";
    }
  }
  if (std::getenv("KHABAR_DEBUG")) {
    for (const auto& pair : want) {
      if (!got.count(pair)) {
        std::cout << "  missed " << gold[pair.first] << ": " << keys_of[pair.first] << "  |  " << keys_of[pair.second]
                  << "\n";
      }
    }
  }
  // The goal is 0.9 each; grouping prefers precision (story_grouping.h says
  // why): these hold it where it stands.
  EXPECT_GE(precision, 0.95);
  EXPECT_GE(recall, 0.75);
}

}  // namespace
}  // namespace khabar::service
