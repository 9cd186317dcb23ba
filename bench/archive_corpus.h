// The generated archive the benchmarks share: N multilingual items (9-word
// titles, 30-word summaries from a 70-word vocabulary in the region's
// languages) from 1,000 feeds, ingested in batches of 30 as polls write
// them, one every 30 s from start_time.
#pragma once

#include <cstdio>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "store/archive.h"

namespace khabar::bench {

inline const std::vector<std::string> kWords = {
    "мигрант",   "вербовка",       "контракт",  "Минобороны",   "Кыргызстан",     "Таджикистан", "Узбекистан",
    "война",     "фронт",          "похороны",  "суд",          "приговор",       "посольство",  "рейд",
    "экономика", "курс",           "цены",      "погода",       "урожай",         "школа",       "согуш",
    "жалданма",  "кыргызстандык",  "сот",       "элчилик",      "айыл",           "өкмөт",       "баа",
    "муҳоҷир",   "ҷанг",           "Русия",     "шаҳрвандӣ",    "ҳукм",           "деҳа",        "нарх",
    "muhojir",   "urush",          "Rossiya",   "yollanma",     "oʻzbekistonlik", "sud",         "qishloq",
    "narx",      "соғыс",          "жалдамалы", "қазақстандық", "үкім",           "ауыл",        "söweş",
    "esger",     "türkmenistanly", "migrant",   "recruitment",  "contract",       "Kyrgyzstan",  "Tajikistan",
    "war",       "front",          "funeral",   "court",        "sentence",       "embassy",     "raid",
    "economy",   "prices",         "weather",   "harvest",      "school",         "village",     "region"};

inline constexpr UnixTime kStartTime = 1700000000;

inline std::string sentence(std::mt19937& rng, int words) {
  std::uniform_int_distribution<size_t> pick(0, kWords.size() - 1);
  std::string out;
  for (int i = 0; i < words; ++i) out += (i ? " " : "") + kWords[pick(rng)];
  return out + ".";
}

// Ingests `total` items into `archive`; `match` decides each new item's
// matches (the archive bench: none); `keys`, when given, sets each item's
// story keys before ingest, as the poller does. With `feeds_per_batch` > 1,
// that many feeds' polls share one archive batch, as polls stored back to
// back do in the daemon. Returns false with a message printed.
inline bool fill_archive(store::Archive& archive, long total, std::mt19937& rng,
                         const store::Archive::MatchFunction& match,
                         const std::function<std::optional<std::string>(long feed)>& country = {},
                         const std::function<void(store::ItemRecord&)>& keys = {}, int feeds_per_batch = 1) {
  const auto fail = [](const Status& status) {
    return std::fprintf(stderr, "%s\n", status.error().message.c_str()), false;
  };
  for (long n = 0, polls = 0; n < total; ++polls) {
    if (feeds_per_batch > 1 && polls % feeds_per_batch == 0) {
      if (auto status = archive.commit_batch(); !status) return fail(status);
      if (auto status = archive.begin_batch(); !status) return fail(status);
    }
    const long feed_number = (n / 30) % 1000;
    const auto feed = archive.ensure_feed("feed" + std::to_string(feed_number), "https://outlet.example/rss",
                                          country ? country(feed_number) : std::nullopt);
    if (!feed) return std::fprintf(stderr, "%s\n", feed.error().message.c_str()), false;
    std::vector<store::ItemRecord> batch;
    for (int i = 0; i < 30 && n < total; ++i, ++n) {
      store::ItemRecord item;
      item.guid = "item-" + std::to_string(n);
      item.link = "https://outlet.example/a/" + std::to_string(n) + ".html";
      item.title = sentence(rng, 9);
      item.summary = sentence(rng, 30);
      item.language = "ru";
      item.published = kStartTime + n * 30;  // one item every 30 s: a year for a million
      if (keys) keys(item);
      batch.push_back(std::move(item));
    }
    if (auto result = archive.ingest(feed->id, batch, kStartTime + n * 30, match); !result) {
      return std::fprintf(stderr, "%s\n", result.error().message.c_str()), false;
    }
  }
  if (auto status = archive.commit_batch(); !status) return fail(status);
  return true;
}

}  // namespace khabar::bench
