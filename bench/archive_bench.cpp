// Archive throughput: ingests N generated multilingual items (in polls of
// 30 items, a savepoint each, 64 polls to a transaction as the daemon stores
// polls that arrive back to back; the search index and story grouping
// included), then times 200 two-term searches with a date filter and reports
// p50/p95 and the bytes per item on disk.
//   build/archive_bench [N] [RULES] [POLLS_PER_TRANSACTION]
//   defaults: N = 1,000,000, RULES = rules/mission.toml, POLLS_PER_TRANSACTION = 64
// Each item gets its story keys (names, numbers, kinds of event from RULES'
// lists) and its search index forms as the poller gives them (from one
// tokenization of the item), so the story lookup works as in a poll;
// computing them is the poller's work, done on its pool, and is timed apart.
// INDEX_FORMS_IN_ARCHIVE=1 leaves the index forms to the archive (as the
// bench did before 2026-12-07), so that they count in the ingest figure.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "archive_corpus.h"
#include "config/config.h"
#include "match/fts_query.h"
#include "match/query.h"
#include "service/rule_book.h"
#include "service/story_keys.h"
#include "store/archive.h"

using khabar::bench::kStartTime;
using khabar::bench::kWords;
using khabar::store::ItemRecord;

int main(int argc, char** argv) {
  const long total = argc > 1 ? std::atol(argv[1]) : 1000000;
  const auto path = (std::filesystem::temp_directory_path() / "khabar-archive-bench.db").string();
  for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  auto archive = khabar::store::Archive::open(path);
  if (!archive) return std::fprintf(stderr, "%s\n", archive.error().message.c_str()), 1;
  const std::string rules_path = argc > 2 ? argv[2] : "rules/mission.toml";
  auto rules = khabar::config::load_rules(rules_path);
  if (!rules) return std::fprintf(stderr, "%s\n", rules.error().message.c_str()), 1;
  auto kinds = khabar::service::story_kind_matcher(khabar::service::term_lists(*rules));
  if (!kinds) return std::fprintf(stderr, "%s\n", kinds.error().message.c_str()), 1;
  double key_seconds = 0;
  const char* in_archive = std::getenv("INDEX_FORMS_IN_ARCHIVE");
  const bool forms_in_archive = in_archive && *in_archive == '1';
  const auto add_keys = [&](ItemRecord& item) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto tokens = khabar::service::tokenize_item(item);
    item.story_keys = khabar::service::story_keys(item, *kinds, &tokens.title, &tokens.summary);
    if (!forms_in_archive) {
      item.index_forms = khabar::service::index_forms(tokens);
    }
    key_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  std::mt19937 rng(1125);
  const auto no_matches = [](const ItemRecord&) { return std::vector<khabar::store::MatchRecord>{}; };
  const khabar::UnixTime start_time = kStartTime;
  const auto started = std::chrono::steady_clock::now();
  const int polls_per_transaction = argc > 3 ? std::atoi(argv[3]) : 64;
  if (!khabar::bench::fill_archive(*archive, total, rng, no_matches, {}, add_keys, polls_per_transaction)) return 1;
  const double ingest_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() - key_seconds;
  (void)archive->database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const auto bytes = std::filesystem::file_size(path);

  std::vector<double> latencies;
  std::uniform_int_distribution<size_t> pick(0, kWords.size() - 1);
  for (int q = 0; q < 200; ++q) {
    const auto text = kWords[pick(rng)] + " " + kWords[pick(rng)];
    auto query = khabar::match::parse_query(text);
    khabar::store::SearchFilters filters;
    filters.since = start_time + (total * 30) * 3 / 4;  // the last quarter of the archive's span
    filters.limit = 20;
    const auto t0 = std::chrono::steady_clock::now();
    auto hits = archive->search(khabar::match::to_fts5(**query).expression, filters);
    latencies.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!hits) return std::fprintf(stderr, "%s\n", hits.error().message.c_str()), 1;
  }
  std::sort(latencies.begin(), latencies.end());
  std::printf("story keys%s computed apart (the poller's work): %.1f s, %.0f items/s\n",
              forms_in_archive ? "" : " and index forms", key_seconds, static_cast<double>(total) / key_seconds);
  std::printf(
      "%ld items ingested (%d polls to a transaction) in %.1f s: %.0f items/s; %.0f bytes per item on disk (%.1f MB)\n",
      total, polls_per_transaction, ingest_seconds, static_cast<double>(total) / ingest_seconds,
      static_cast<double>(bytes) / static_cast<double>(total), static_cast<double>(bytes) / 1e6);
  std::printf("two-term search with a date filter, 200 queries: p50 %.1f ms, p95 %.1f ms, max %.1f ms\n",
              latencies[latencies.size() / 2], latencies[latencies.size() * 95 / 100], latencies.back());
  // KEEP_DB=1 leaves the archive behind, to compare two builds' story grouping.
  if (const char* keep = std::getenv("KEEP_DB"); keep && *keep == '1') {
    std::printf("archive kept: %s\n", path.c_str());
    return 0;
  }
  for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return 0;
}
