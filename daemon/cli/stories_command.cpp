#include "cli/stories_command.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/table.h"
#include "config/config.h"
#include "store/archive.h"
#include "util/duration.h"
#include "util/json_nullable.h"
#include "util/json_text.h"

namespace khabar::cli {
namespace {

int show(store::Archive& archive, const StoriesArgs& args) {
  auto story = archive.stories().show(args.story);
  if (!story) {
    std::cerr << "stories show: " << story.error().message << "\n";
    return kExitUsage;
  }
  if (args.json) {
    auto reports = nlohmann::ordered_json::array();
    for (const auto& r : story->reports) {
      reports.push_back({{"item", r.item_id},
                         {"feed", r.feed},
                         {"country", nullable(r.country)},
                         {"language", nullable(r.language)},
                         {"date", format_rfc3339(r.when)},
                         {"title", nullable(r.title)},
                         {"link", nullable(r.link)}});
    }
    std::cout << json_text(nlohmann::ordered_json{{"story", story->id}, {"reports", reports}}, 2) << "\n";
    return kExitOk;
  }
  std::cout << "story " << story->id << ": " << story->reports.size() << " reports\n";
  std::cout << fit("ITEM", 8) << "  " << fit("DATE", 10) << "  " << fit("FEED", 18) << "  " << fit("CC", 2) << "  "
            << fit("LANG", 7) << "  TITLE\n";
  for (const auto& r : story->reports) {
    std::cout << fit(std::to_string(r.item_id), 8) << "  " << format_rfc3339(r.when).substr(0, 10) << "  "
              << fit(r.feed, 18) << "  " << fit(r.country.value_or("-"), 2) << "  " << fit(r.language.value_or("-"), 7)
              << "  " << r.title.value_or("(untitled)") << "\n"
              << std::string(10, ' ') << r.link.value_or("") << "\n";
  }
  return kExitOk;
}

int report(const char* what, const Result<int>& done, const std::string& success) {
  if (!done) {
    std::cerr << "stories " << what << ": " << done.error().message << "\n";
    return done.error().kind == ErrorKind::kInvalidInput ? kExitUsage : kExitFailure;
  }
  std::cout << success << "\n";
  return kExitOk;
}

}  // namespace

int stories_command(const std::string& config_path, const StoriesArgs& args) {
  auto config = config::load_config(config::resolve_config_path(config_path));
  if (!config) {
    std::cerr << config.error().message << "\n";
    return kExitConfig;
  }
  auto archive = store::Archive::open(config->daemon.database);
  if (!archive) {
    std::cerr << archive.error().message << "\n";
    return kExitFailure;
  }
  const auto now = unix_now();
  if (args.action == "show") return show(*archive, args);
  if (args.action == "merge") {
    auto moved = archive->stories().merge(args.story, args.other, now);
    return report("merge", moved,
                  moved ? "story " + std::to_string(args.other) + " merged into story " + std::to_string(args.story) +
                              " (" + std::to_string(*moved) + " reports); kept through regrouping"
                        : "");
  }
  if (args.action == "split") {
    auto story = archive->stories().split(args.item, now);
    const Result<int> done = story ? Result<int>(1) : Result<int>(story.error());
    return report("split", done,
                  story ? "item " + std::to_string(args.item) + " is now story " + std::to_string(*story) +
                              "; kept through regrouping"
                        : "");
  }
  const auto age = parse_duration(args.since);
  if (!age) {
    std::cerr << "stories regroup: \"" << args.since << "\" is not an age like 7d\n";
    return kExitUsage;
  }
  auto changed = archive->stories().regroup(now - age->count(), now);
  return report("regroup", changed, changed ? std::to_string(*changed) + " reports changed story" : "");
}

}  // namespace khabar::cli
