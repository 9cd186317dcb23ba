// Matching throughput: loads JSON lines {"title", "summary", "content", "lang"} into
// memory, compiles a rules file, then matches every item on one thread
// (normalization, tokenization and script folding included) and prints
// MB/s, items/s and the compiled rules' memory.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/config.h"
#include "service/rule_book.h"

namespace {

struct Item {
  std::string title, summary, content, lang;
};

std::vector<Item> load_items(const char* path) {
  std::ifstream in(path);
  std::vector<Item> items;
  for (std::string line; std::getline(in, line);) {
    const auto json = nlohmann::json::parse(line);
    items.push_back(
        {json.value("title", ""), json.value("summary", ""), json.value("content", ""), json.value("lang", "")});
  }
  return items;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s ITEMS.jsonl RULES.toml [ROUNDS]\n", argv[0]);
    return 64;
  }
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
  const auto items = load_items(argv[1]);
  auto rules = khabar::config::load_rules(argv[2]);
  if (!rules) {
    std::fprintf(stderr, "%s\n", rules.error().message.c_str());
    return 78;
  }
  const auto compile_start = std::chrono::steady_clock::now();
  auto book = khabar::service::RuleBook::build(*rules);
  const double compile_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - compile_start).count();
  if (!book) {
    std::fprintf(stderr, "%s\n", book.error().message.c_str());
    return 78;
  }
  size_t bytes = 0;
  for (const auto& item : items) bytes += item.title.size() + item.summary.size() + item.content.size();
  double best = 1e9;
  size_t matches = 0;
  for (int round = 0; round < rounds; ++round) {
    const auto start = std::chrono::steady_clock::now();
    size_t round_matches = 0;
    for (const auto& item : items) {
      round_matches +=
          book->matcher()
              .match({.title = item.title, .summary = item.summary, .content = item.content, .language = item.lang})
              .size();
    }
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    matches = round_matches;
  }
  const auto megabytes = static_cast<double>(bytes) / 1e6;
  std::printf(
      "%zu rules (%zu dictionary words, compiled in %.3f s, ~%.1f KiB): %zu items, %.1f MB, %zu matches; "
      "best of %d: %.3f s, %.1f MB/s, %.0f items/s\n",
      book->matcher().rule_count(), book->matcher().word_count(), compile_seconds,
      static_cast<double>(book->matcher().memory_bytes()) / 1024.0, items.size(), megabytes, matches, rounds, best,
      megabytes / best, static_cast<double>(items.size()) / best);
  return 0;
}
