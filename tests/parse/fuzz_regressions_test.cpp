// Replays every input that ever crashed a fuzz target (tests/fuzz/regressions/
// TARGET/): each must now be read, or refused, without a crash or exception.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../fuzz/exercise.h"
#include "config/config.h"
#include "parse/feed_json.h"
#include "parse/feed_parser.h"
#include "parse/opml.h"
#include "util/json_text.h"

namespace khabar::parse {
namespace {

namespace fs = std::filesystem;
const fs::path kRegressions = fs::path(KHABAR_TEST_DATA) / ".." / "fuzz" / "regressions";

std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> out;
  if (!fs::is_directory(kRegressions / target)) return out;
  for (const auto& entry : fs::directory_iterator(kRegressions / target)) out.push_back(entry.path());
  return out;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(FuzzRegressionsTest, ParseFuzzerInputs) {
  const auto files = inputs("parse_fuzzer");
  EXPECT_FALSE(files.empty());
  for (const auto& file : files) {
    for (const char* content_type : {"", "text/xml; charset=windows-1251", "text/xml; charset=utf-8"}) {
      auto parsed = parse_feed(read_bytes(file), {content_type, "https://fuzz.example/feed/"});
      if (parsed) {
        EXPECT_NO_THROW((void)json_text(to_json(*parsed), 2)) << file;
      }
    }
  }
}

TEST(FuzzRegressionsTest, OpmlFuzzerInputs) {
  for (const auto& file : inputs("opml_fuzzer")) {
    if (auto document = parse_opml(read_bytes(file))) {
      EXPECT_TRUE(parse_opml(write_opml(document->title, document->feeds)).ok()) << file;
    }
  }
}

TEST(FuzzRegressionsTest, PageFuzzerInputs) {
  for (const auto& file : inputs("page_fuzzer")) EXPECT_NO_THROW(fuzz::exercise_page(read_bytes(file))) << file;
}

TEST(FuzzRegressionsTest, QueryFuzzerInputs) {
  for (const auto& file : inputs("query_fuzzer")) EXPECT_NO_THROW(fuzz::exercise_query(read_bytes(file))) << file;
}

TEST(FuzzRegressionsTest, ConfigFuzzerInputs) {
  for (const auto& file : inputs("config_fuzzer")) {
    (void)config::load_config(file);
    (void)config::load_rules(file);
  }
}

}  // namespace
}  // namespace khabar::parse
