// What the page and query fuzz targets do with one input, shared with the
// unit suite's replay of their regression inputs (tests/parse/
// fuzz_regressions_test.cpp), so a crash found once stays tested.
#pragma once

#include <string>
#include <string_view>

#include "match/fts_query.h"
#include "match/matcher.h"
#include "match/query.h"
#include "parse/article_extractor.h"
#include "parse/feed_json.h"
#include "parse/feed_parser.h"
#include "parse/html_dom.h"
#include "util/json_text.h"

namespace khabar::fuzz {

// A web page as khabar reads one: a Telegram channel's preview (recognized
// from its content), a news list through XPath selectors, and the article
// extractor's main text.
inline void exercise_page(std::string_view bytes) {
  parse::ParseOptions telegram;
  telegram.url = "https://t.me/s/fuzz";
  telegram.max_bytes = 1 << 20;
  if (auto parsed = parse::parse_feed(bytes, telegram)) (void)json_text(parse::to_json(*parsed), 2);

  parse::ParseOptions html = telegram;
  html.url = "https://fuzz.example/news";
  html.kind = parse::SourceKind::kHtml;
  html.selectors.item = "//li[" + parse::has_class("news-item") + "] | //article";
  html.selectors.link = ".//a/@href";
  html.selectors.title = ".//a";
  html.selectors.date = ".//time/@datetime | .//*[" + parse::has_class("date") + "]";
  html.selectors.summary = ".//p";
  html.selectors.utc_offset = "+05:00";
  if (auto parsed = parse::parse_feed(bytes, html)) (void)json_text(parse::to_json(*parsed), 2);

  (void)parse::extract_article(bytes);
  (void)parse::extract_article(bytes, "//article");
}

// A rule as a user writes one: the first line is the query (with @lists
// from a small fixed book), the rest is the text it is matched against in
// each field, and the FTS5 translation that search runs.
inline void exercise_query(std::string_view bytes) {
  const auto newline = bytes.find('\n');
  const auto query = bytes.substr(0, newline);
  const auto text = newline == std::string_view::npos ? std::string_view() : bytes.substr(newline + 1);
  match::TermLists lists;
  lists["people"].terms = {{"кыргыз*", 1.0}, {"\"орто азия\"", 1.0}, {"tajik*", 2.0}};
  lists["war"].terms = {{"вербов*", 1.0}, {"контракт NEAR/3 минобороны", 1.0}};
  // A big list: its candidate children come from the item's words through
  // the matcher's index by word (more than 16 children with trigger words).
  static const auto big = [] {
    std::vector<std::pair<std::string, double>> terms;
    for (const char* word : {"слово", "word", "сөз", "калима", "soz"}) {
      terms.push_back({std::string(word) + "*", 1.0});
      terms.push_back({"\"" + std::string(word) + " 200\"", 2.0});
      terms.push_back({std::string(word) + "~", 1.0});
      terms.push_back({std::string(word) + " NEAR/2 @people", 3.0});
    }
    return terms;
  }();
  lists["many"].terms = big;
  auto parsed = match::parse_query(query, lists);
  if (!parsed) return;
  (void)match::to_string(**parsed);
  (void)match::to_fts5(**parsed);
  auto matcher = match::Matcher::compile({{"fuzz", std::string(query)}}, lists);
  if (!matcher) return;
  (void)matcher->match({text, text, text, "ru", "fuzz"});
}

}  // namespace khabar::fuzz
