#include "store/archive.h"

#include <gtest/gtest.h>

#include "match/fts_query.h"
#include "store/schema.h"
#include "support/temp_dir.h"

namespace khabar::store {
namespace {

ItemRecord item(std::string guid, std::string title, std::string summary = "") {
  ItemRecord r;
  r.guid = std::move(guid);
  r.title = std::move(title);
  r.summary = std::move(summary);
  r.link = "https://a.kg/" + *r.guid;
  return r;
}

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Archive::open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    archive_.emplace(std::move(*opened));
    feed_ = archive_->ensure_feed("azattyk", "https://www.azattyk.org/api/")->id;
  }

  std::vector<std::string> search(const std::string& query) {
    auto parsed = match::parse_query(query);
    store::SearchFilters filters;
    filters.limit = 50;
    auto hits = archive_->search(match::to_fts5(**parsed).expression, filters);
    EXPECT_TRUE(hits.ok()) << hits.error().message;
    std::vector<std::string> titles;
    for (const auto& hit : *hits) titles.push_back(*hit.item.title);
    return titles;
  }

  static std::vector<MatchRecord> no_matches(const ItemRecord&) { return {}; }

  std::optional<Archive> archive_;
  std::int64_t feed_ = 0;
};

TEST_F(ArchiveTest, StoresEachItemOncePerFeed) {
  auto first = archive_->ingest(feed_, {item("1", "a"), item("2", "b")}, 100, no_matches);
  auto second = archive_->ingest(feed_, {item("2", "b"), item("3", "c")}, 200, no_matches);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->new_items, 2);
  EXPECT_EQ(second->new_items, 1);
  EXPECT_EQ(archive_->feeds()->front().item_count, 3);
}

TEST_F(ArchiveTest, IdentityFallsBackFromGuidToLinkToTitle) {
  ItemRecord by_link;
  by_link.link = "https://a.kg/x";
  ItemRecord by_title;
  by_title.title = "Заголовок";
  EXPECT_EQ(item_identity(item("g", "t")), "guid:g");
  EXPECT_EQ(item_identity(by_link), "link:https://a.kg/x");
  EXPECT_EQ(item_identity(by_title), "title:Заголовок|0");
}

TEST_F(ArchiveTest, MatchesAndAlertsAreWrittenWithTheItemAndOnlyOnce) {
  int calls = 0;
  auto match = [&](const ItemRecord&) {
    ++calls;
    return std::vector<MatchRecord>{{"recruits", {"вербовка"}, {"newsroom", "email"}}};
  };
  ASSERT_TRUE(archive_->ingest(feed_, {item("1", "вербовка")}, 100, match).ok());
  auto again = archive_->ingest(feed_, {item("1", "вербовка")}, 200, match);
  EXPECT_EQ(calls, 1);  // a known item is not matched again
  EXPECT_EQ(again->new_alerts, 0);
  auto pending = archive_->outbox().due_alerts(10, 1000);
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].rule, "recruits");
  EXPECT_EQ((*pending)[0].terms, std::vector<std::string>{"вербовка"});
  EXPECT_EQ((*pending)[0].feed_name, "azattyk");
}

TEST_F(ArchiveTest, SentAlertsLeaveTheOutboxAndPermanentFailuresToo) {
  auto match = [](const ItemRecord&) { return std::vector<MatchRecord>{{"r", {}, {"a", "b", "c"}}}; };
  ASSERT_TRUE(archive_->ingest(feed_, {item("1", "x")}, 100, match).ok());
  auto pending = *archive_->outbox().due_alerts(10, 1000);
  ASSERT_TRUE(archive_->outbox().mark_sent(pending[0].id, 101));
  ASSERT_TRUE(archive_->outbox().mark_failed(pending[1].id, "HTTP 500", false));
  ASSERT_TRUE(archive_->outbox().mark_failed(pending[2].id, "HTTP 404", true));
  auto left = *archive_->outbox().due_alerts(10, 1000);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, pending[1].id);
  EXPECT_EQ(left[0].attempts, 1);
}

TEST_F(ArchiveTest, SearchIsCaseInsensitiveInAnyScript) {
  ASSERT_TRUE(archive_
                  ->ingest(feed_,
                           {item("1", "КЫРГЫЗСТАНЦЕВ вербуют в Сахарово"), item("2", "Tajik migrants RECRUITED"),
                            item("3", "Курс доллара", "Ўзбекистон банки")},
                           100, no_matches)
                  .ok());
  EXPECT_EQ(search("кыргыз*"), std::vector<std::string>{"КЫРГЫЗСТАНЦЕВ вербуют в Сахарово"});
  EXPECT_EQ(search("tajik AND recruit*"), std::vector<std::string>{"Tajik migrants RECRUITED"});
  EXPECT_EQ(search("ЎЗБЕКИСТОН"), std::vector<std::string>{"Курс доллара"});
  EXPECT_EQ(search("\"вербуют в\""), std::vector<std::string>{"КЫРГЫЗСТАНЦЕВ вербуют в Сахарово"});
  EXPECT_TRUE(search("кыргыз* AND NOT сахарово").empty());
}

// Each poll's search rows are a segment of their own until merged (sixteen
// at a level since schema 12): items of forty polls are all found, newest
// first, across merged and unmerged segments.
TEST_F(ArchiveTest, SearchFindsItemsOfManyPollsNewestFirst) {
  for (int poll = 0; poll < 40; ++poll) {
    const auto title = "Вербовка мигрантов " + std::to_string(poll);
    ASSERT_TRUE(archive_->ingest(feed_, {item(std::to_string(poll), title)}, 100 + poll, no_matches).ok());
  }
  const auto found = search("вербовка AND мигрантов");
  ASSERT_EQ(found.size(), 40u);
  EXPECT_EQ(found.front(), "Вербовка мигрантов 39");
  EXPECT_EQ(found.back(), "Вербовка мигрантов 0");
}

TEST(SchemaTest, AnEarlierArchivesSearchIndexMergesSixteenSegmentsALevel) {
  auto db = std::move(*Database::open(":memory:"));
  ASSERT_TRUE(migrate(db, 11));
  ASSERT_TRUE(migrate(db));
  auto stmt = db.prepare("SELECT v FROM item_search_config WHERE k = 'automerge'");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(*stmt->step());
  EXPECT_EQ(stmt->integer(0), 16);
}

TEST_F(ArchiveTest, FetchStateIsKeptPerFeed) {
  ASSERT_TRUE(archive_->record_success(feed_, "\"etag-1\"", "Tue, 05 Mar 2024 09:30:00 GMT", 100));
  ASSERT_TRUE(archive_->record_not_modified(feed_, std::nullopt, std::nullopt, 200));
  ASSERT_TRUE(archive_->record_failure(feed_, "HTTP 503", 300));
  const auto state = archive_->feeds()->front();
  EXPECT_EQ(state.etag, "\"etag-1\"");  // a 304 keeps the validators
  EXPECT_EQ(state.last_success, 200);
  EXPECT_EQ(state.last_error, "HTTP 503");
  EXPECT_EQ(state.error_count, 1);
}

TEST_F(ArchiveTest, ARepublicationUnderANewGuidOrATrackedUrlIsTheSameItem) {
  auto first = item("guid-1", "Вербовка в Сахарово");
  first.link = "https://rus.azattyk.org/a/33000101.html";
  ASSERT_TRUE(archive_->ingest(feed_, {first}, 100, no_matches).ok());
  auto again = item("guid-2", "Вербовка в Сахарово");
  again.link = "http://www.rus.azattyk.org/a/33000101.html/?utm_source=telegram&utm_medium=social";
  const auto result = archive_->ingest(feed_, {again}, 200, no_matches);
  EXPECT_EQ(result->new_items, 0);
  EXPECT_EQ(archive_->feeds()->front().item_count, 1);
}

TEST_F(ArchiveTest, AnEditedItemIsUpdatedAndItsEarlierVersionKept) {
  ASSERT_TRUE(archive_->ingest(feed_, {item("1", "Мигранта завербовали", "первая версия")}, 100, no_matches).ok());
  const auto edited = archive_->ingest(feed_, {item("1", "Мигранта призвали", "вторая версия")}, 200, no_matches);
  EXPECT_EQ(edited->new_items, 0);
  EXPECT_EQ(edited->edited_items, 1);
  EXPECT_EQ(search("призвали"), std::vector<std::string>{"Мигранта призвали"});
  EXPECT_TRUE(search("завербовали").empty());
  const auto versions = *archive_->item_versions(1);
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].title, "Мигранта завербовали");
  EXPECT_EQ(versions[0].replaced_at, 200);
  EXPECT_EQ(archive_->ingest(feed_, {item("1", "Мигранта призвали", "вторая версия")}, 300, no_matches)->edited_items,
            0);
}

TEST_F(ArchiveTest, ABatchOfPollsIsSearchableOnceCommittedWithEditsAndWithoutRolledBackItems) {
  const auto other = archive_->ensure_feed("kaktus", "https://kaktus.media/rss")->id;
  ASSERT_TRUE(archive_->begin_batch().ok());
  ASSERT_TRUE(archive_->in_batch());
  EXPECT_FALSE(archive_->begin_batch().ok());  // one at a time
  ASSERT_TRUE(archive_->ingest(feed_, {item("1", "Мигранта завербовали")}, 100, no_matches).ok());
  {
    // A poll whose savepoint is rolled back: its item never reaches the index.
    Transaction poll(archive_->database());
    ASSERT_TRUE(archive_->ingest(other, {item("k1", "Контракт с Минобороны")}, 110, no_matches).ok());
  }
  // The rolled-back item's id is taken again, by another item.
  ASSERT_TRUE(archive_->ingest(other, {item("k2", "Похороны в Оше")}, 120, no_matches).ok());
  // Edited within the same batch: the index gets the last version only.
  const auto edited = archive_->ingest(feed_, {item("1", "Мигранта призвали")}, 130, no_matches);
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->edited_items, 1);
  ASSERT_TRUE(archive_->commit_batch().ok());
  EXPECT_FALSE(archive_->in_batch());
  EXPECT_EQ(search("призвали"), std::vector<std::string>{"Мигранта призвали"});
  EXPECT_TRUE(search("завербовали").empty());
  EXPECT_TRUE(search("контракт").empty());
  EXPECT_EQ(search("похороны"), std::vector<std::string>{"Похороны в Оше"});
  // Outside a batch the index is written as items arrive.
  ASSERT_TRUE(archive_->ingest(feed_, {item("2", "Вербовка мигрантов")}, 140, no_matches).ok());
  EXPECT_EQ(search("вербовка"), std::vector<std::string>{"Вербовка мигрантов"});
}

TEST_F(ArchiveTest, OneStoryIsAlertedOnceToAChannelWhateverOutletsReportIt) {
  const auto other_feed = archive_->ensure_feed("kloop", "https://kloop.kg/feed/")->id;
  auto match = [](const ItemRecord&) { return std::vector<MatchRecord>{{"recruits", {}, {"newsroom"}}}; };
  const std::string summary =
      "Задержанным в миграционном центре кыргызстанцам предлагали подписать контракт с Минобороны России.";
  ASSERT_TRUE(
      archive_
          ->ingest(feed_, {item("a", "В Сахарово мигрантов из Кыргызстана вербовали на войну", summary)}, 100, match)
          .ok());
  const auto syndicated = archive_->ingest(
      other_feed,
      {item("b", "В Сахарово мигрантов из Кыргызстана вербовали на войну", summary + " Подробности уточняются.")}, 200,
      match);
  EXPECT_EQ(syndicated->new_items, 1);
  EXPECT_EQ(syndicated->new_matches, 1);
  EXPECT_EQ(syndicated->new_alerts, 1);  // held for the next digest, as an update
  EXPECT_EQ(archive_->outbox().due_alerts(10, 1000)->size(), 1u);
  const auto unrelated = archive_->ingest(
      other_feed, {item("c", "Курс доллара в Бишкеке снизился", "Нацбанк сообщил о снижении.")}, 300, match);
  EXPECT_EQ(unrelated->new_alerts, 1);
  const auto due = *archive_->outbox().due_alerts(10, 1000);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[1].item.guid, "c");
}

TEST_F(ArchiveTest, PruningKeepsMatchedItemsLonger) {
  auto match_only_b = [](const ItemRecord& r) {
    return *r.guid == "b" ? std::vector<MatchRecord>{{"recruits", {}, {}}} : std::vector<MatchRecord>{};
  };
  ASSERT_TRUE(archive_->ingest(feed_, {item("a", "старое"), item("b", "вербовка")}, 1000, match_only_b).ok());
  ASSERT_TRUE(archive_->ingest(feed_, {item("c", "новое")}, 1000 + 40 * 86400, match_only_b).ok());
  const UnixTime now = 1000 + 41 * 86400;
  EXPECT_EQ(*archive_->prune(now, 30, 0), 1);  // "a": old and unmatched
  EXPECT_EQ(archive_->feeds()->front().item_count, 2);
  EXPECT_TRUE(search("старое").empty());
  EXPECT_EQ(*archive_->prune(now, 30, 35), 1);  // "b": matched, but past its own limit too
  EXPECT_EQ(*archive_->prune(now, 0, 0), 0);    // 0: keep forever
}

TEST(ArchiveBackupTest, CopiesAConsistentArchiveAndRefusesToOverwrite) {
  testing::TempDir dir;
  auto archive = Archive::open((dir.path() / "khabar.db").string());
  auto feed = archive->ensure_feed("f", "https://a.kg/")->id;
  ASSERT_TRUE(
      archive->ingest(feed, {item("1", "x")}, 1, [](const ItemRecord&) { return std::vector<MatchRecord>{}; }).ok());
  const auto copy = (dir.path() / "copy.db").string();
  ASSERT_TRUE(archive->backup(copy));
  auto reopened = Archive::open(copy);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->feeds()->front().item_count, 1);
  EXPECT_FALSE(archive->backup(copy));
}

TEST_F(ArchiveTest, AnItemTheFeedStopsListingWithinItsWindowIsMarkedRemoved) {
  // Plausible dates: a date before 1990 never widens the window (a broken feed's
  // epoch-zero dates must not mark its whole history removed).
  constexpr UnixTime t0 = 1'780'000'000;
  auto dated = [](std::string guid, UnixTime published) {
    auto r = item(std::move(guid), "Новость " + guid);
    r.published = t0 + published;
    return r;
  };
  ASSERT_TRUE(archive_->ingest(feed_, {dated("a", 100), dated("b", 200), dated("c", 300)}, t0 + 1000, no_matches).ok());
  // "b" is gone while "a", older, is still listed: deleted, not rolled off.
  auto gone = archive_->ingest(feed_, {dated("a", 100), dated("c", 300), dated("d", 400)}, t0 + 2000, no_matches);
  EXPECT_EQ(gone->removed_items, 1);
  store::SearchFilters all;
  all.feed = "azattyk";
  all.limit = 10;
  auto hits = *archive_->search("", all);
  const auto b = std::find_if(hits.begin(), hits.end(), [](const auto& h) { return *h.item.guid == "b"; });
  ASSERT_NE(b, hits.end());
  EXPECT_EQ(b->item.removed_at, t0 + 2000);
  // "a" rolling off the end of the feed is not a removal.
  EXPECT_EQ(archive_->ingest(feed_, {dated("c", 300), dated("d", 400)}, t0 + 3000, no_matches)->removed_items, 0);
  // "b" coming back is unmarked.
  ASSERT_TRUE(archive_->ingest(feed_, {dated("b", 200), dated("c", 300)}, t0 + 4000, no_matches).ok());
  hits = *archive_->search("", all);
  EXPECT_FALSE(
      std::find_if(hits.begin(), hits.end(), [](const auto& h) { return *h.item.guid == "b"; })->item.removed_at);
}

TEST(SchemaTest, ReopeningAFileKeepsDataAndRefusesANewerSchema) {
  testing::TempDir dir;
  const auto path = (dir.path() / "khabar.db").string();
  {
    auto archive = Archive::open(path);
    ASSERT_TRUE(archive.ok());
    auto feed = archive->ensure_feed("f", "https://a.kg/")->id;
    ASSERT_TRUE(
        archive->ingest(feed, {item("1", "x")}, 1, [](const ItemRecord&) { return std::vector<MatchRecord>{}; }).ok());
    ASSERT_TRUE(archive->database().exec("PRAGMA user_version = " + std::to_string(current_schema_version())));
  }
  {
    auto archive = Archive::open(path);
    ASSERT_TRUE(archive.ok());
    EXPECT_EQ(archive->feeds()->front().item_count, 1);
    ASSERT_TRUE(archive->database().exec("PRAGMA user_version = 999"));
  }
  auto newer = Archive::open(path);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.error().message.find("newer than this khabar knows"), std::string::npos);
}

}  // namespace
}  // namespace khabar::store
