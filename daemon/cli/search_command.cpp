// `khabar search QUERY`: the archive searched in the rule language.
#include <iostream>

#include "cli/archive_query.h"
#include "cli/command_support.h"
#include "cli/commands.h"
#include "cli/search_output.h"
#include "match/fts_query.h"
#include "match/matcher.h"
#include "match/query.h"
#include "service/rule_book.h"
#include "store/archive.h"
#include "util/locale_codes.h"

namespace khabar::cli {

int search_command(const std::string& config_path, const SearchArgs& args) {
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  const auto& config = loaded->config;
  if (!known_name("feed", args.feed, names_of(config.feeds)) ||
      !known_name("rule", args.rule, names_of(config.rules))) {
    return kExitUsage;
  }
  if (!args.language.empty() && !is_language_code(args.language)) {
    std::cerr << "search: \"" << args.language << "\" is not a language code (ky, kk, uz, uz-Latn, tg, tk, ru, en)\n";
    return kExitUsage;
  }
  const auto lists = service::term_lists(config);
  const auto now = unix_now();
  const auto format = args.json ? std::string("json") : args.jsonl ? std::string("jsonl") : args.format;
  const int limit = default_limit(args.limit, format);
  store::SearchFilters filters;
  filters.by_publication = args.sort == "published";
  for (const auto& [text, slot] : {std::pair{&args.since, &filters.since}, std::pair{&args.until, &filters.until}}) {
    if (text->empty()) continue;
    *slot = point_in_time(*text, now);
    if (!*slot) {
      std::cerr << "search: \"" << *text << "\" is neither a date nor an age like 7d\n";
      return kExitUsage;
    }
  }
  if (!args.language.empty()) filters.language = normalize_language(args.language);
  if (!args.feed.empty()) filters.feed = args.feed;
  if (!args.rule.empty()) filters.rule = args.rule;
  if (args.story) filters.story = args.story;
  if (!args.triage.empty()) filters.triage = args.triage;

  std::optional<match::Matcher> matcher;
  match::FtsQuery fts{"", true};
  if (!args.query.empty()) {
    auto query = match::parse_query(args.query, lists);
    if (!query) {
      std::cerr << "query: " << query.error().message << "\n";
      return kExitUsage;
    }
    fts = match::to_fts5(**query);
    matcher.emplace(std::move(*match::Matcher::compile({{"query", args.query}}, lists)));
  }
  if (fts.expression.empty() && !filters.since && !filters.until && !filters.rule && !filters.story && !filters.feed &&
      !filters.language && !filters.triage) {
    std::cerr << "search: give words to search for, or a filter (--since, --until, --rule, --story, --feed, --lang, "
                 "--triage)\n";
    return kExitUsage;
  }
  auto archive = open_archive(config);
  if (!archive) return kExitFailure;
  // One more than shown tells whether the limit cut the result. Where FTS5
  // only approximates the query, fetch more and let the matcher, which knows
  // the whole language, decide; it also names the matched words.
  filters.limit = limit == 0 ? 0 : (limit + 1) * (fts.exact ? 1 : 20);
  auto hits = archive->search(fts.expression, filters);
  if (!hits) {
    std::cerr << hits.error().message << "\n";
    return kExitFailure;
  }
  std::vector<Found> found;
  for (auto& hit : *hits) {
    std::vector<std::string> terms;
    if (matcher) {
      auto matches = matcher->match(service::match_input(hit.item, hit.feed_name));
      if (matches.empty()) continue;  // FTS5's widening, or a field/filter the index cannot see
      terms = std::move(matches.front().terms);
    }
    found.push_back({std::move(hit), std::move(terms)});
  }
  const bool cut = limit > 0 && found.size() > static_cast<size_t>(limit);
  if (cut) found.resize(static_cast<size_t>(limit));
  print_found(found, cut, format, args.query.empty() ? "rule " + args.rule : args.query, now);
  return kExitOk;
}

}  // namespace khabar::cli
