// Parser throughput: loads every file of a directory into memory, then parses
// them all on one thread, several rounds, and prints MB/s and items/s, for the
// whole corpus and for its UTF-8 RSS documents alone.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "parse/feed_parser.h"

namespace {

struct Document {
  std::string bytes;
  bool utf8_rss = false;
};

std::vector<Document> load(const std::filesystem::path& dir) {
  std::vector<Document> docs;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    Document doc{bytes.str(), false};
    const auto head = doc.bytes.substr(0, 200);
    doc.utf8_rss = head.find("utf-8") != std::string::npos && head.find("<rss") != std::string::npos;
    docs.push_back(std::move(doc));
  }
  return docs;
}

void measure(const char* label, const std::vector<const Document*>& docs, int rounds) {
  size_t bytes = 0, items = 0, failures = 0;
  double best = 1e9;
  for (int round = 0; round < rounds; ++round) {
    const auto start = std::chrono::steady_clock::now();
    size_t round_items = 0;
    for (const auto* doc : docs) {
      auto parsed = khabar::parse::parse_feed(doc->bytes);
      if (parsed)
        round_items += parsed->items.size();
      else
        ++failures;
    }
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    items = round_items;
  }
  for (const auto* doc : docs) bytes += doc->bytes.size();
  const auto megabytes = static_cast<double>(bytes) / 1e6;
  std::printf("%-10s %5zu docs %8.1f MB %8zu items  best of %d: %.3f s  %7.1f MB/s  %9.0f items/s  %zu failed\n", label,
              docs.size(), megabytes, items, rounds, best, megabytes / best, static_cast<double>(items) / best,
              failures / static_cast<size_t>(rounds));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [ROUNDS]\n", argv[0]);
    return 64;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  const auto docs = load(argv[1]);
  std::vector<const Document*> all, utf8_rss;
  for (const auto& doc : docs) {
    all.push_back(&doc);
    if (doc.utf8_rss) utf8_rss.push_back(&doc);
  }
  measure("all", all, rounds);
  measure("utf8-rss", utf8_rss, rounds);
  return 0;
}
