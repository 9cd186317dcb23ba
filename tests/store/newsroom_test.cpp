#include "store/newsroom.h"

#include <gtest/gtest.h>

#include <set>

namespace khabar::store {
namespace {

ItemRecord item(const std::string& guid, const std::string& title, const std::string& language = "ru") {
  ItemRecord r;
  r.guid = guid;
  r.title = title;
  r.summary = title + " — подробности сообщения номер " + guid;
  r.link = "https://a.kg/" + guid;
  r.language = language;
  r.published = 1'700'000'000;
  return r;
}

std::vector<MatchRecord> recruits(const ItemRecord& i) {
  if (i.title->find("вербов") == std::string::npos) return {};
  return {{"recruits", {"вербовка"}, {}}};
}

class NewsroomTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Archive::open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    newsroom_.emplace(Newsroom::over(std::move(*opened)));
    auto* archive = &newsroom_->archive();
    const auto kg = archive->ensure_feed("azattyk", "https://a.kg/rss", std::string("KG"))->id;
    const auto tj = archive->ensure_feed("ozodi", "https://o.tj/rss", std::string("TJ"))->id;
    ASSERT_TRUE(
        archive->ingest(kg, {item("1", "вербовка мигрантов в Москве"), item("2", "погода в Бишкеке")}, 100, recruits)
            .ok());
    ASSERT_TRUE(archive->ingest(tj, {item("3", "вербовка на стройке в Сургуте", "tg")}, 200, recruits).ok());
  }

  std::vector<std::string> story_titles(const StoryFilters& filters) {
    auto page = newsroom_->stories(filters);
    EXPECT_TRUE(page.ok()) << page.error().message;
    std::vector<std::string> titles;
    for (const auto& story : page->stories) titles.push_back(*story.reports.front().item.title);
    return titles;
  }

  std::optional<Newsroom> newsroom_;
};

TEST_F(NewsroomTest, StoriesAreThoseWithMatchedReportsNewestFirst) {
  auto page = newsroom_->stories({});
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->stories.size(), 2u);
  const auto& newest = page->stories.front().reports.front();
  EXPECT_EQ(*newest.item.title, "вербовка на стройке в Сургуте");
  EXPECT_EQ(newest.feed, "ozodi");
  EXPECT_EQ(newest.country, std::optional<std::string>("TJ"));
  ASSERT_EQ(newest.matches.size(), 1u);
  EXPECT_EQ(newest.matches[0].rule, "recruits");
  EXPECT_EQ(newest.matches[0].terms, std::vector<std::string>{"вербовка"});
  EXPECT_FALSE(page->older);
}

TEST_F(NewsroomTest, StoriesPageOnwardsFromTheCursor) {
  StoryFilters first;
  first.limit = 1;
  auto page = newsroom_->stories(first);
  ASSERT_TRUE(page.ok() && page->older);
  StoryFilters next;
  next.before = page->older;
  EXPECT_EQ(story_titles(next), std::vector<std::string>{"вербовка мигрантов в Москве"});
}

TEST_F(NewsroomTest, StoriesFilterByCountryLanguageRuleAndWords) {
  StoryFilters kg;
  kg.country = "KG";
  EXPECT_EQ(story_titles(kg), std::vector<std::string>{"вербовка мигрантов в Москве"});
  StoryFilters tajik;
  tajik.language = "tg";
  EXPECT_EQ(story_titles(tajik), std::vector<std::string>{"вербовка на стройке в Сургуте"});
  StoryFilters other_rule;
  other_rule.rule = "deaths";
  EXPECT_TRUE(story_titles(other_rule).empty());
  StoryFilters words;
  words.fts = "surgute";  // the index's folded form
  EXPECT_EQ(story_titles(words), std::vector<std::string>{"вербовка на стройке в Сургуте"});
}

TEST_F(NewsroomTest, AnAcceptFunctionNarrowsTheCandidates) {
  auto page = newsroom_->stories({}, [](const SearchHit& hit) { return hit.feed_name == "azattyk"; });
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->stories.size(), 1u);
  EXPECT_EQ(page->stories[0].reports[0].feed, "azattyk");
}

TEST_F(NewsroomTest, AReportTakesItsStorysLabelUnlessItHasItsOwn) {
  auto page = newsroom_->stories({});
  const auto tj_story = page->stories[0].id;
  const auto kg_item = page->stories[1].reports[0].id;
  ASSERT_TRUE(newsroom_->mark_story(tj_story, "relevant", std::nullopt, "aigul", 300).ok());
  ASSERT_TRUE(newsroom_->mark_item(kg_item, "irrelevant", std::string("sport"), "aigul", 300).ok());
  StoryFilters relevant;
  relevant.triage = "relevant";
  EXPECT_EQ(story_titles(relevant), std::vector<std::string>{"вербовка на стройке в Сургуте"});
  StoryFilters unlabelled;
  unlabelled.triage = "unlabelled";
  EXPECT_TRUE(story_titles(unlabelled).empty());

  SearchFilters search;
  search.triage = "irrelevant";
  auto hits = newsroom_->search("", search);
  ASSERT_TRUE(hits.ok()) << hits.error().message;
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->front().item_id, kg_item);
  search.triage = "unlabelled";
  EXPECT_EQ(newsroom_->search("", search)->size(), 1u);  // the weather report

  auto detail = newsroom_->item(kg_item);
  ASSERT_TRUE(detail.ok() && *detail);
  ASSERT_TRUE((*detail)->report.triage);
  EXPECT_EQ((*detail)->report.triage->note, std::optional<std::string>("sport"));
  EXPECT_EQ((*detail)->report.triage->user, "aigul");
  ASSERT_TRUE(newsroom_->mark_item(kg_item, "", std::nullopt, "aigul", 400).ok());
  EXPECT_FALSE((*newsroom_->item(kg_item))->report.triage);
}

TEST_F(NewsroomTest, MarkingRefusesUnknownLabelsAndMissingReports) {
  EXPECT_EQ(newsroom_->mark_item(1, "maybe", std::nullopt, "a", 1).error().kind, ErrorKind::kInvalidInput);
  EXPECT_FALSE(newsroom_->mark_item(999, "relevant", std::nullopt, "a", 1).ok());
  EXPECT_FALSE(newsroom_->mark_story(999, "relevant", std::nullopt, "a", 1).ok());
}

TEST_F(NewsroomTest, RuleCountsGivePrecisionFromLabels) {
  auto page = newsroom_->stories({});
  ASSERT_TRUE(newsroom_->mark_item(page->stories[0].reports[0].id, "relevant", std::nullopt, "a", 1).ok());
  ASSERT_TRUE(newsroom_->mark_item(page->stories[1].reports[0].id, "irrelevant", std::nullopt, "a", 1).ok());
  auto counts = newsroom_->rule_counts({"recruits", "deaths"}, 250);
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  ASSERT_EQ(counts->size(), 2u);
  EXPECT_EQ((*counts)[0].last_7d, 2);
  EXPECT_EQ((*counts)[0].relevant, 1);
  EXPECT_EQ((*counts)[0].irrelevant, 1);
  EXPECT_DOUBLE_EQ(*(*counts)[0].precision(), 0.5);
  EXPECT_EQ((*counts)[1].total, 0);
  EXPECT_FALSE((*counts)[1].precision());
  auto labelled = newsroom_->labelled_reports(10);
  ASSERT_TRUE(labelled.ok()) << labelled.error().message;
  ASSERT_EQ(labelled->size(), 2u);
  std::multiset<std::string> labels{(*labelled)[0].label, (*labelled)[1].label};
  EXPECT_EQ(labels, (std::multiset<std::string>{"irrelevant", "relevant"}));
}

TEST_F(NewsroomTest, CasesAreValidatedListedAndCountedByMonth) {
  const auto story = newsroom_->stories({})->stories[0].id;
  CaseRecord death{0, story, "death", "2026-11-03", "KG", std::string("Osh"), 1, std::nullopt, "aigul", 0};
  ASSERT_TRUE(newsroom_->record_case(death, 500).ok());
  death.date = "2026-11-20";
  death.people = 2;
  ASSERT_TRUE(newsroom_->record_case(death, 500).ok());
  auto bad = death;
  bad.kind = "rumour";
  EXPECT_FALSE(newsroom_->record_case(bad, 500).ok());
  bad = death;
  bad.date = "20.11.2026";
  EXPECT_FALSE(newsroom_->record_case(bad, 500).ok());
  auto counts = newsroom_->case_counts();
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ((*counts)[0].month, "2026-11");
  EXPECT_EQ((*counts)[0].people, 3);
  EXPECT_EQ((*counts)[0].cases, 2);
  EXPECT_EQ(newsroom_->cases()->size(), 2u);
  EXPECT_EQ((*newsroom_->story(story))->cases.size(), 2u);
}

TEST_F(NewsroomTest, AnItemShowsItsVersionsStoryAndSource) {
  auto* archive = &newsroom_->archive();
  auto edited = item("1", "вербовка мигрантов в Москве");
  edited.summary = "исправленный текст";
  edited.content = "Полный текст статьи";
  const auto kg = archive->ensure_feed("azattyk", "https://a.kg/rss", std::string("KG"))->id;
  ASSERT_TRUE(archive->ingest(kg, {edited}, 900, recruits).ok());
  const auto id = newsroom_->stories({})->stories[1].reports[0].id;
  ASSERT_TRUE(newsroom_->mark_item(id, "relevant", std::nullopt, "a", 1).ok());
  auto detail = newsroom_->item(id);
  ASSERT_TRUE(detail.ok() && *detail) << detail.error().message;
  ASSERT_EQ((*detail)->versions.size(), 1u);
  EXPECT_EQ((*detail)->versions[0].replaced_at, 900);
  EXPECT_EQ((*detail)->report.item.summary, std::optional<std::string>("исправленный текст"));
  EXPECT_EQ((*detail)->report.item.content, std::optional<std::string>("Полный текст статьи"));
  ASSERT_TRUE((*detail)->report.triage);  // the label read from its own columns, after the item's
  EXPECT_EQ((*detail)->report.triage->label, "relevant");
  ASSERT_TRUE((*detail)->story);
  EXPECT_EQ((*detail)->source.name, "azattyk");
  EXPECT_FALSE((*detail)->report.translated_title);  // nothing translated
  EXPECT_FALSE(newsroom_->item(12345)->has_value());
}

TEST_F(NewsroomTest, CountsWhatASearchFindsAndWhatWasFetchedSince) {
  SearchFilters filters;
  EXPECT_EQ(*newsroom_->count("", filters), 3);
  filters.since = 150;  // published long before: found by fetch time
  EXPECT_EQ(*newsroom_->count("", filters), 3);
  EXPECT_EQ(*newsroom_->fetched_since(150), 1);
  EXPECT_EQ(*newsroom_->count_fetched_since("verbovka", 150), 1);
  EXPECT_EQ(*newsroom_->count_fetched_since("verbovka", 0), 2);
  EXPECT_EQ(*newsroom_->count_fetched_since("verbovka", 1000), 0);
  filters.since = 1'700'000'001;  // after every publication: a date bounds the walk
  EXPECT_EQ(*newsroom_->count("", filters), 0);
  EXPECT_TRUE(newsroom_->search("verbovka", filters)->empty());
}

}  // namespace
}  // namespace khabar::store
