// Runs every document in tests/data/feeds against its expected JSON. The
// expectation is a subset of `khabar parse` output: only keys present are
// compared; an "items" array must match in length and element by element.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "parse/feed_json.h"
#include "parse/feed_parser.h"

namespace khabar::parse {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const fs::path kCorpus = fs::path(KHABAR_TEST_DATA) / "feeds";

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    const auto name = entry.path().filename().string();
    const auto suffix = name.find(".expected.json");
    if (suffix != std::string::npos) names.push_back(name.substr(0, suffix));
  }
  std::sort(names.begin(), names.end());
  return names;
}

fs::path input_of(const std::string& name) {
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    const auto file = entry.path().filename().string();
    if (entry.path().stem().string() == name && file.find(".expected.") == std::string::npos &&
        file.find(".meta.") == std::string::npos) {
      return entry.path();
    }
  }
  return {};
}

// Appends a line per difference between `expected` (a subset) and `actual`.
void compare(const Json& expected, const Json& actual, const std::string& path, std::vector<std::string>& diffs) {
  if (expected.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      if (!actual.is_object() || !actual.contains(key)) {
        diffs.push_back(path + "." + key + ": missing");
      } else {
        compare(value, actual[key], path + "." + key, diffs);
      }
    }
  } else if (expected.is_array() && path.size() >= 6 && path.substr(path.size() - 6) == ".items") {
    if (!actual.is_array() || actual.size() != expected.size()) {
      diffs.push_back(path + ": expected " + std::to_string(expected.size()) + " items, got " +
                      std::to_string(actual.is_array() ? actual.size() : 0));
      return;
    }
    for (size_t i = 0; i < expected.size(); ++i)
      compare(expected[i], actual[i], path + "[" + std::to_string(i) + "]", diffs);
  } else if (expected != actual) {
    diffs.push_back(path + ": expected " + expected.dump() + ", got " + actual.dump());
  }
}

class FeedCorpusTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FeedCorpusTest, MatchesExpectedJson) {
  const auto& name = GetParam();
  auto expected = Json::parse(read_bytes(kCorpus / (name + ".expected.json")));
  ParseOptions options;
  if (fs::exists(kCorpus / (name + ".meta.json"))) {
    const auto meta = Json::parse(read_bytes(kCorpus / (name + ".meta.json")));
    options.content_type = meta.value("content_type", "");
    options.url = meta.value("url", "");
  }
  const auto input = input_of(name);
  ASSERT_FALSE(input.empty()) << "no input document for " << name;
  auto parsed = parse_feed(read_bytes(input), options);
  if (expected.value("fail", false)) {
    ASSERT_FALSE(parsed.ok()) << name << " should fail";
    if (expected.contains("error_contains")) {
      auto message = parsed.error().message, wanted = expected["error_contains"].get<std::string>();
      std::transform(message.begin(), message.end(), message.begin(), ::tolower);
      std::transform(wanted.begin(), wanted.end(), wanted.begin(), ::tolower);
      EXPECT_NE(message.find(wanted), std::string::npos) << parsed.error().message;
    }
    return;
  }
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  expected.erase("error_contains");
  std::vector<std::string> diffs;
  compare(expected, to_json(*parsed), "", diffs);
  for (const auto& diff : diffs) ADD_FAILURE() << name << diff;
}

std::string case_name(const ::testing::TestParamInfo<std::string>& param) { return param.param; }

INSTANTIATE_TEST_SUITE_P(Corpus, FeedCorpusTest, ::testing::ValuesIn(case_names()), case_name);

}  // namespace
}  // namespace khabar::parse
