// `khabar replay RULE|QUERY`: what a rule would have caught in the archive.
#include <algorithm>
#include <iostream>

#include "cli/archive_query.h"
#include "cli/command_support.h"
#include "cli/commands.h"
#include "cli/search_output.h"
#include "match/matcher.h"
#include "service/rule_book.h"
#include "store/archive.h"
#include "util/suggest.h"

namespace khabar::cli {

// What a new or changed rule would have caught in the archive: nothing is sent.
int replay_command(const std::string& config_path, const ReplayArgs& args) {
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  std::string query = args.rule_or_query, name = "query";
  for (const auto& rule : loaded->config.rules) {
    if (rule.name == args.rule_or_query) query = rule.query, name = rule.name;
  }
  if (name == "query" && looks_like_a_name(args.rule_or_query)) {
    std::cerr << "replay: no rule named \"" << args.rule_or_query << "\""
              << did_you_mean(args.rule_or_query, names_of(loaded->config.rules))
              << "; to replay a query of one word, write it with a wildcard or in quotes: '\"" << args.rule_or_query
              << "\"'\n";
    return kExitUsage;
  }
  auto matcher = match::Matcher::compile({{name, query}}, service::term_lists(loaded->config));
  if (!matcher) {
    std::cerr << matcher.error().message << "\n";
    return kExitUsage;
  }
  const auto now = unix_now();
  const auto from = args.since.empty() ? std::optional<UnixTime>(0) : point_in_time(args.since, now);
  if (!from) {
    std::cerr << "replay: \"" << args.since << "\" is neither a date nor an age like 30d\n";
    return kExitUsage;
  }
  auto archive = open_archive(loaded->config);
  if (!archive) return kExitFailure;
  std::vector<Found> found;
  size_t seen = 0;
  auto status = archive->for_each_item(*from, [&](const store::SearchHit& hit) {
    ++seen;
    auto matches = matcher->match(service::match_input(hit.item, hit.feed_name));
    if (!matches.empty()) found.push_back({hit, std::move(matches.front().terms)});
  });
  if (!status) {
    std::cerr << status.error().message << "\n";
    return kExitFailure;
  }
  std::reverse(found.begin(), found.end());  // newest first, as search shows them
  const auto matched = found.size();
  const auto limit = static_cast<size_t>(default_limit(args.limit, args.format));
  const bool cut = limit > 0 && found.size() > limit;
  if (cut) found.resize(limit);
  print_found(found, cut, args.format, name == "query" ? query : "rule " + name, now);
  if (args.format == "table") {
    std::cout << matched << " of " << seen << " archived items match " << name << " (replay: no alert was sent)\n";
  }
  return kExitOk;
}

}  // namespace khabar::cli
