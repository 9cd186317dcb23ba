#include <gtest/gtest.h>

#include <fstream>

#include "config/config.h"
#include "support/temp_dir.h"

namespace khabar::config {
namespace {

class ConfigLoaderTest : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& name, const std::string& text) {
    auto path = dir_.path() / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }
  std::string error_of(const std::string& text) {
    auto config = load_config(write("khabar.toml", text));
    EXPECT_FALSE(config.ok());
    return config.ok() ? "" : config.error().message;
  }
  testing::TempDir dir_;
};

constexpr const char* kValid = R"(
[daemon]
database = "/var/lib/khabar/khabar.db"
poll_interval = "15m"

[[feed]]
url = "https://rus.azattyk.org/api/"
language = "ru"

[[feed]]
url = "https://24.kg/rss/"
name = "24kg"
poll_interval = "90s"

[[rule]]
name = "recruits"
query = '(кыргыз* OR tajik*) AND (вербов* OR recruit*)'
alerts = ["newsroom"]

[[alert]]
name = "newsroom"
type = "webhook"
url = "https://example.org/hook"
)";

TEST_F(ConfigLoaderTest, LoadsTheDocumentedKeys) {
  auto config = load_config(write("khabar.toml", kValid));
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->daemon.database, "/var/lib/khabar/khabar.db");
  ASSERT_EQ(config->feeds.size(), 2u);
  EXPECT_EQ(config->feeds[0].name, "rus.azattyk.org");  // defaults to the host
  EXPECT_EQ(config->feeds[0].poll_interval, std::chrono::minutes(15));
  EXPECT_EQ(config->feeds[0].language, "ru");
  EXPECT_EQ(config->feeds[1].poll_interval, std::chrono::seconds(90));
  ASSERT_EQ(config->rules.size(), 1u);
  EXPECT_EQ(config->rules[0].alerts, std::vector<std::string>{"newsroom"});
  EXPECT_EQ(config->alerts[0].type, "webhook");
}

TEST_F(ConfigLoaderTest, UnknownKeyNamesFileLineAndKey) {
  const auto error = error_of("[daemon]\npoll_intervall = \"15m\"\n");
  EXPECT_NE(error.find("khabar.toml:2: daemon.poll_intervall: unknown key"), std::string::npos) << error;
}

TEST_F(ConfigLoaderTest, WrongTypeIsAnError) {
  const auto error = error_of("[[feed]]\nurl = \"https://a.kg/rss\"\nenabled = \"yes\"\n");
  EXPECT_NE(error.find("khabar.toml:3: feed[0].enabled: must be true or false"), std::string::npos) << error;
}

TEST_F(ConfigLoaderTest, InvalidUrlAndDurationAreErrors) {
  const auto error = error_of("[[feed]]\nurl = \"ftp://a.kg/rss\"\npoll_interval = \"soon\"\n");
  EXPECT_NE(error.find(":2: feed[0].url: \"ftp://a.kg/rss\" is not an absolute http(s) URL"), std::string::npos)
      << error;
  EXPECT_NE(error.find(":3: feed[0].poll_interval: \"soon\" is not a duration"), std::string::npos) << error;
}

TEST_F(ConfigLoaderTest, DuplicateNamesAreErrors) {
  const auto error = error_of("[[feed]]\nurl = \"https://a.kg/rss\"\n[[feed]]\nurl = \"https://a.kg/other\"\n");
  EXPECT_NE(error.find(":3: feed.name: duplicate name \"a.kg\""), std::string::npos) << error;
}

TEST_F(ConfigLoaderTest, RuleNamingAnUnknownAlertIsAnError) {
  const auto error = error_of("[[rule]]\nname = \"r\"\nquery = \"a\"\nalerts = [\"nowhere\"]\n");
  EXPECT_NE(error.find(":1: rule \"r\".alerts: names unknown alert \"nowhere\""), std::string::npos) << error;
}

TEST_F(ConfigLoaderTest, EveryErrorIsListedInOnePass) {
  const auto error = error_of(
      "[daemon]\npoll_interval = \"often\"\n"                                         // 1-2
      "[[feed]]\nname = \"a\"\nurl = \"ftp://a.kg/\"\n"                               // 3-5
      "[[feed]]\nname = \"a\"\nurl = \"https://b.kg/\"\nenabled = 1\n"                // 6-9
      "[[rule]]\nname = \"r\"\nquery = \"x\"\nalerts = [\"nowhere\"]\nlevel = 3\n");  // 10-14
  EXPECT_NE(error.find("khabar.toml:2: daemon.poll_interval: \"often\" is not a duration"), std::string::npos) << error;
  EXPECT_NE(error.find("khabar.toml:5: feed[0].url: \"ftp://a.kg/\" is not an absolute http(s) URL"), std::string::npos)
      << error;
  EXPECT_NE(error.find("khabar.toml:9: feed[1].enabled: must be true or false"), std::string::npos) << error;
  EXPECT_NE(error.find("khabar.toml:6: feed.name: duplicate name \"a\""), std::string::npos) << error;
  EXPECT_NE(error.find("khabar.toml:14: rule[0].level: unknown key"), std::string::npos) << error;
  EXPECT_NE(error.find("khabar.toml:10: rule \"r\".alerts: names unknown alert \"nowhere\""), std::string::npos)
      << error;
}

TEST_F(ConfigLoaderTest, ReadConfigKeepsWhatItCouldRead) {
  auto report = read_config(
      write("khabar.toml", "[daemon]\npoll_interval = \"often\"\n[[rule]]\nname = \"r\"\nquery = \"(a OR\"\n"));
  ASSERT_EQ(report.errors.size(), 1u);
  ASSERT_EQ(report.config.rules.size(), 1u);
  EXPECT_EQ(report.config.rules[0].query, "(a OR");  // for the caller's query check
}

TEST_F(ConfigLoaderTest, AlertDeliveryKeys) {
  auto config = load_config(write("khabar.toml", std::string(kValid) + R"(
[[alert]]
name = "desk"
type = "webhook"
url = "https://example.org/desk"
digest = "daily"
digest_at = "06:30"
every_report = true
max_per_hour = 20
surge_countries = 3
surge_within = "4h"
)"));
  ASSERT_TRUE(config.ok()) << config.error().message;
  const auto& desk = config->alerts[1];
  EXPECT_EQ(desk.digest, "daily");
  EXPECT_EQ(desk.digest_at, std::chrono::minutes(6 * 60 + 30));
  EXPECT_TRUE(desk.every_report);
  EXPECT_EQ(desk.max_per_hour, 20);
  EXPECT_EQ(desk.surge_countries, 3);
  EXPECT_EQ(desk.surge_within, std::chrono::hours(4));
  EXPECT_EQ(config->alerts[0].digest, "");  // one message per story by default
}

TEST_F(ConfigLoaderTest, BadAlertDeliveryKeysNameTheirLine) {
  const auto error = error_of(
      "[[alert]]\nname = \"d\"\ntype = \"webhook\"\nurl = \"https://e.org/\"\ndigest = \"weekly\"\n"
      "digest_at = \"25:00\"\nmax_per_hour = 0\nsurge_countries = 1\n");
  EXPECT_NE(error.find(":5: alert[0].digest: \"weekly\" is not a digest period (hourly, daily)"), std::string::npos)
      << error;
  EXPECT_NE(error.find(":6: alert[0].digest_at: \"25:00\" is not a time of day HH:MM (UTC)"), std::string::npos)
      << error;
  EXPECT_NE(error.find(":7: alert[0].max_per_hour: must be between 1 and 1000000"), std::string::npos) << error;
  EXPECT_NE(error.find(":8: alert[0].surge_countries: must be between 2 and 50"), std::string::npos) << error;
}

TEST_F(ConfigLoaderTest, TomlSyntaxErrorNamesTheLine) {
  const auto error = error_of("[daemon]\ndatabase = \n");
  EXPECT_NE(error.find("khabar.toml:2:"), std::string::npos) << error;
}

TEST_F(ConfigLoaderTest, UnreadableFileIsAnError) {
  auto config = load_config(dir_.path() / "missing.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().kind, ErrorKind::kInvalidConfig);
  EXPECT_NE(config.error().message.find("missing.toml"), std::string::npos);
}

TEST_F(ConfigLoaderTest, IncludesFollowGlobsRelativeToTheFile) {
  write("feeds/kg.toml", "[[feed]]\nname = \"kloop\"\nurl = \"https://kloop.kg/feed/\"\ncountry = \"KG\"\n");
  write("feeds/tj.toml", "[[feed]]\nname = \"ozodi\"\nurl = \"https://www.ozodi.org/api/\"\n");
  auto config = load_config(write("khabar.toml", "include = [\"feeds/*.toml\"]\n"));
  ASSERT_TRUE(config.ok()) << config.error().message;
  ASSERT_EQ(config->feeds.size(), 2u);
  EXPECT_EQ(config->feeds[0].name, "kloop");
}

TEST_F(ConfigLoaderTest, ErrorsInIncludedFilesNameThatFile) {
  write("feeds/bad.toml", "[[feed]]\nurl = \"not a url\"\n");
  const auto error = error_of("include = [\"feeds/*.toml\"]\n");
  EXPECT_NE(error.find("bad.toml:2: feed[0].url"), std::string::npos) << error;
}

TEST_F(ConfigLoaderTest, TermListsArePlainOrWeighted) {
  auto config = load_config(write("khabar.toml", R"(
[[list]]
name = "central_asians"
terms = ["кыргыз*", "tajik*"]

[[list]]
name = "war"
weights = { "вербов*" = 3, '"груз 200"' = 5, "фронт*" = 1.5 }
)"));
  ASSERT_TRUE(config.ok()) << config.error().message;
  ASSERT_EQ(config->lists.size(), 2u);
  EXPECT_EQ(config->lists[0].terms[1], (std::pair<std::string, double>{"tajik*", 1}));
  EXPECT_EQ(config->lists[1].terms[0], (std::pair<std::string, double>{"вербов*", 3}));  // document order
  EXPECT_EQ(config->lists[1].terms[1], (std::pair<std::string, double>{"\"груз 200\"", 5}));
}

TEST_F(ConfigLoaderTest, BadTermListsAreErrors) {
  const auto error = error_of("[[list]]\nname = \"w\"\nweights = { a = -1 }\n[[list]]\nname = \"x\"\n");
  EXPECT_NE(error.find(":3: list[0].weights: weight of \"a\" must be a positive number"), std::string::npos) << error;
  EXPECT_NE(error.find(":4: list[1]: needs terms = [...] or weights"), std::string::npos) << error;
}

TEST_F(ConfigLoaderTest, ConfigPathComesFromFlagThenEnvironment) {
  ::setenv("KHABAR_CONFIG", "/tmp/from-env.toml", 1);
  EXPECT_EQ(resolve_config_path("/tmp/flag.toml"), "/tmp/flag.toml");
  EXPECT_EQ(resolve_config_path(""), "/tmp/from-env.toml");
  ::unsetenv("KHABAR_CONFIG");
  EXPECT_EQ(resolve_config_path(""), "/etc/khabar/config.toml");
}

}  // namespace
}  // namespace khabar::config

namespace khabar::config {
namespace {

class SourceKindTest : public ConfigLoaderTest {
 protected:
  Result<Config> load_feed(const std::string& feed) { return load_config(write("khabar.toml", "[[feed]]\n" + feed)); }
};

TEST_F(SourceKindTest, ATelegramAddressInAnySpellingIsItsPreviewPage) {
  for (const auto* url : {"https://t.me/kloopnews", "https://t.me/s/kloopnews", "https://telegram.me/kloopnews",
                          "https://t.me/kloopnews/4512", "https://t.me/s/kloopnews?before=10"}) {
    auto config = load_feed(std::string("url = \"") + url + "\"\n");
    ASSERT_TRUE(config.ok()) << url << ": " << config.error().message;
    const auto& feed = config->feeds[0];
    EXPECT_EQ(feed.url, "https://t.me/s/kloopnews") << url;
    EXPECT_EQ(feed.type, FeedType::kTelegram) << url;
    EXPECT_EQ(feed.name, "kloopnews") << url;
  }
}

TEST_F(SourceKindTest, TelegramChannelsArePolledEveryTenMinutesUnlessTold) {
  auto config = load_feed(
      "url = \"https://t.me/s/kloopnews\"\n[[feed]]\nurl = \"https://t.me/s/news24kg\"\npoll_interval = \"30m\"\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->feeds[0].poll_interval, std::chrono::minutes(10));
  EXPECT_EQ(config->feeds[0].backfill, 100);
  EXPECT_EQ(config->feeds[1].poll_interval, std::chrono::minutes(30));
}

TEST_F(SourceKindTest, AnExplicitTelegramTypeKeepsATestServersUrl) {
  auto config =
      load_feed("url = \"http://127.0.0.1:8080/s/kabar_test\"\ntype = \"telegram\"\nname = \"kabar\"\nbackfill = 40\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->feeds[0].url, "http://127.0.0.1:8080/s/kabar_test");
  EXPECT_EQ(config->feeds[0].type, FeedType::kTelegram);
  EXPECT_EQ(config->feeds[0].backfill, 40);
}

TEST_F(SourceKindTest, AnInvalidChannelNameIsRefused) {
  EXPECT_NE(error_of("[[feed]]\nurl = \"https://t.me/ab\"\n").find("url: \"ab\" is not a public Telegram channel name"),
            std::string::npos);
}

TEST_F(SourceKindTest, HtmlSourcesNeedItemAndLinkSelectors) {
  const auto error = error_of("[[feed]]\nurl = \"https://informburo.kz/novosti\"\ntype = \"html\"\n");
  EXPECT_NE(error.find("khabar.toml:1: feed[0].xpath_item: is required"), std::string::npos) << error;
  EXPECT_NE(error.find("feed[0].xpath_link: is required"), std::string::npos) << error;
}

TEST_F(SourceKindTest, AnXPathThatDoesNotCompileNamesFileLineAndKey) {
  const auto error = error_of(
      "[[feed]]\nurl = \"https://informburo.kz/novosti\"\ntype = \"html\"\nxpath_item = \"//li[\"\nxpath_link = "
      "\".//a/@href\"\n");
  EXPECT_NE(error.find("khabar.toml:4: feed[0].xpath_item: \"//li[\" is not an XPath 1.0 node query"),
            std::string::npos)
      << error;
}

TEST_F(SourceKindTest, HtmlSourcesLoadTheirSelectorsAndOffset) {
  auto config = load_feed(
      "url = \"https://informburo.kz/novosti\"\ntype = \"html\"\nxpath_item = \"//li\"\nxpath_link = \".//a/@href\"\n"
      "xpath_date = \".//time\"\nutc_offset = \"+05:00\"\nfetch_article = \"candidates\"\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  const auto& feed = config->feeds[0];
  EXPECT_EQ(feed.type, FeedType::kHtml);
  EXPECT_EQ(feed.selectors.item, "//li");
  EXPECT_EQ(feed.selectors.date, ".//time");
  EXPECT_EQ(feed.selectors.utc_offset, "+05:00");
  EXPECT_EQ(feed.fetch_article, ArticleFetch::kCandidates);
}

TEST_F(SourceKindTest, KeysOfOneKindAreRefusedOnAnother) {
  const auto error = error_of("[[feed]]\nurl = \"https://kloop.kg/feed/\"\nbackfill = 5\nxpath_item = \"//li\"\n");
  EXPECT_NE(error.find("backfill: applies to Telegram channels only"), std::string::npos) << error;
  EXPECT_NE(error.find("xpath_item: applies to web pages without a feed only"), std::string::npos) << error;
}

TEST_F(SourceKindTest, UnknownTypesAndFetchModesAreNamed) {
  const auto error =
      error_of("[[feed]]\nurl = \"https://kloop.kg/feed/\"\ntype = \"atom\"\nfetch_article = \"sometimes\"\n");
  EXPECT_NE(error.find("type: \"atom\" is not a source type (rss, telegram, html)"), std::string::npos) << error;
  EXPECT_NE(error.find("fetch_article: \"sometimes\" is not one of never, candidates, always"), std::string::npos);
}

TEST_F(SourceKindTest, AMistypedFeedTypeIsOneErrorWithASuggestion) {
  const auto error = error_of("[[feed]]\nurl = \"https://t.me/s/kloopnews\"\ntype = \"telegarm\"\nbackfill = 40\n");
  EXPECT_EQ(error.substr(error.find("khabar.toml")),
            "khabar.toml:3: feed[0].type: \"telegarm\" is not a source type (rss, telegram, html)"
            " (did you mean \"telegram\"?)");
}

TEST_F(ConfigLoaderTest, AMistypedAlertTypeIsOneErrorWithASuggestion) {
  const auto error = error_of(
      "[[alert]]\nname = \"desk\"\ntype = \"webhok\"\nurl = \"https://e.org/\"\n"
      "preset = \"slack\"\nsecret_env = \"K\"\n");
  EXPECT_EQ(error.substr(error.find("khabar.toml")),
            "khabar.toml:3: alert[0].type: \"webhok\" is not an alert type (webhook, email)"
            " (did you mean \"webhook\"?)");
}

TEST_F(ConfigLoaderTest, AMistypedAlertTypeStillReportsKeysNoTypeHas) {
  const auto error =
      error_of("[[alert]]\nname = \"desk\"\ntype = \"emial\"\nsmtp_url = \"smtp://m\"\nfrmo = \"a@b\"\n");
  EXPECT_NE(error.find("(did you mean \"email\"?)"), std::string::npos) << error;
  EXPECT_NE(error.find("khabar.toml:5: alert[0].frmo: unknown key"), std::string::npos) << error;
  EXPECT_EQ(error.find("smtp_url"), std::string::npos) << error;
}

TEST_F(SourceKindTest, FeedNamesWithSpacesAreRefused) {
  EXPECT_NE(error_of("[[feed]]\nurl = \"https://kloop.kg/feed/\"\nname = \"kloop ru\"\n").find("is not a feed name"),
            std::string::npos);
}

TEST_F(SourceKindTest, LanguageAndCountryCodesAreCheckedAndNormalized) {
  auto config = load_feed(
      "url = \"https://kloop.kg/feed/\"\nlanguage = \"RU\"\ncountry = \"kg\"\nlanguages = [\"KY\", \"uz-Latn\"]\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->feeds[0].language, "ru");
  EXPECT_EQ(config->feeds[0].country, "KG");
  EXPECT_EQ(config->feeds[0].languages, (std::vector<std::string>{"ky", "uz-Latn"}));
}

TEST_F(SourceKindTest, WordsForLanguagesAndCountriesAreRefused) {
  const auto error = error_of(
      "[[feed]]\nurl = \"https://kloop.kg/feed/\"\nlanguage = \"kyrgyz\"\n"
      "languages = [\"ru\", \"Russian\"]\ncountry = \"Kyrgyzstan\"\n"
      "[[alert]]\nname = \"d\"\ntype = \"webhook\"\nurl = \"https://e.org/\"\n"
      "languages = [\"kirghiz\"]\ncountries = [\"kgz\"]\n");
  EXPECT_NE(error.find(":3: feed[0].language: \"kyrgyz\" is not a language code like \"ky\""), std::string::npos)
      << error;
  EXPECT_NE(error.find(":4: feed[0].languages: \"Russian\" is not a language code"), std::string::npos) << error;
  EXPECT_NE(error.find(":5: feed[0].country: \"Kyrgyzstan\" is not a country code like \"KG\""), std::string::npos)
      << error;
  EXPECT_NE(error.find(":10: alert[0].languages: \"kirghiz\" is not a language code"), std::string::npos) << error;
  EXPECT_NE(error.find(":11: alert[0].countries: \"kgz\" is not a country code"), std::string::npos) << error;
}

TEST_F(SourceKindTest, TheSameUrlTwiceNamesBothPlacesAcrossIncludes) {
  write("feeds/kg.toml", "[[feed]]\nname = \"azattyk-ru\"\nurl = \"https://rus.azattyk.org/api/\"\n");
  const auto error =
      error_of("include = [\"feeds/*.toml\"]\n[[feed]]\nname = \"azattyk\"\nurl = \"https://rus.azattyk.org/api/\"\n");
  EXPECT_NE(error.find("\"https://rus.azattyk.org/api/\" is listed twice"), std::string::npos) << error;
  EXPECT_NE(error.find("khabar.toml:2"), std::string::npos) << error;
  EXPECT_NE(error.find("kg.toml:1"), std::string::npos) << error;
}

TEST_F(SourceKindTest, GlossesNeedBothLanguages) {
  auto config = load_config(write("khabar.toml", "[gloss]\n\"каза бол*\" = { en = \"died\", ru = \"погиб\" }\n"));
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->glosses.at("каза бол*").ru, "погиб");
  EXPECT_NE(error_of("[gloss]\n\"x\" = { en = \"died\" }\n").find("gloss.\"x\": must be { en"), std::string::npos);
}

constexpr const char* kHash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";

TEST_F(ConfigLoaderTest, WebTableWithUsers) {
  auto config = load_config(
      write("khabar.toml", std::string("[web]\nlisten = \"127.0.0.1:8080\"\nsession_idle = \"1h\"\n"
                                       "[[web.user]]\nname = \"aigul\"\nrole = \"editor\"\npassword_hash = \"") +
                               kHash + "\"\n"));
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->web.listen, "127.0.0.1:8080");
  EXPECT_EQ(config->web.session_idle, std::chrono::hours(1));
  ASSERT_EQ(config->web.users.size(), 1u);
  EXPECT_EQ(config->web.find_user("aigul")->role, "editor");
  EXPECT_EQ(config->web.find_user("nobody"), nullptr);
}

TEST_F(ConfigLoaderTest, WebErrorsNameFileLineAndKey) {
  const auto error = error_of(
      "[web]\nlisten = \"localhost\"\ntls_cert = \"absent.pem\"\n"
      "[[web.user]]\nname = \"a\"\nrole = \"admin\"\npassword_hash = \"plain\"\n");
  EXPECT_NE(error.find("khabar.toml:2: web.listen: \"localhost\" is not ADDRESS:PORT"), std::string::npos) << error;
  EXPECT_NE(error.find("khabar.toml:3: web.tls_cert: cannot read"), std::string::npos) << error;
  EXPECT_NE(error.find("web.tls_cert: give both tls_cert and tls_key"), std::string::npos) << error;
  EXPECT_NE(error.find("khabar.toml:6: web.user[0].role: \"admin\" is not a role"), std::string::npos) << error;
  EXPECT_NE(error.find("khabar.toml:7: web.user[0].password_hash: is not an Argon2id hash"), std::string::npos)
      << error;
}

TEST_F(ConfigLoaderTest, ListenAddressesAreWhatRunCanBind) {
  const auto error =
      error_of("[daemon]\nmetrics_listen = \"127.0.0.1:99999\"\n[web]\nlisten = \"news.example.org:8080\"\n");
  EXPECT_NE(error.find("khabar.toml:2: daemon.metrics_listen: \"127.0.0.1:99999\" has a port outside 1..65535"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("khabar.toml:4: web.listen: \"news.example.org:8080\" does not begin with an IP address"),
            std::string::npos)
      << error;
  auto config = load_config(write("khabar.toml", "[daemon]\nmetrics_listen = \"localhost:9464\"\n"));
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->daemon.metrics_listen, "localhost:9464");
}

TEST_F(ConfigLoaderTest, WebListenNeedsAUser) {
  EXPECT_NE(error_of("[web]\nlisten = \"127.0.0.1:8080\"\n").find("no [[web.user]] can log in"), std::string::npos);
}

}  // namespace
}  // namespace khabar::config
