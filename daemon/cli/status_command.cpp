// `khabar status`: each feed's health and each channel's backlog.
#include <algorithm>
#include <iostream>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "cli/status_view.h"
#include "service/schedule.h"
#include "store/archive.h"

namespace khabar::cli {

int status_command(const std::string& config_path, bool json) {
  auto loaded = load(config_path);
  if (!loaded) return kExitConfig;
  auto archive = open_archive(loaded->config);
  if (!archive) return kExitFailure;
  auto stored = archive->feeds();
  if (!stored) {
    std::cerr << stored.error().message << "\n";
    return kExitFailure;
  }
  const auto now = unix_now();
  std::vector<FeedStatus> feeds;
  for (auto& state : *stored) {
    FeedStatus feed{std::move(state), false, false};
    for (const auto& configured : loaded->config.feeds) {
      if (configured.name != feed.state.name) continue;
      feed.configured = true;
      feed.enabled = configured.enabled;
    }
    if (auto times = archive->recent_item_times(feed.state.id, 20))
      feed.quiet = service::is_unusually_quiet(*times, now);
    feeds.push_back(std::move(feed));
  }
  for (const auto& configured : loaded->config.feeds) {
    const bool stored_already =
        std::any_of(feeds.begin(), feeds.end(), [&](const FeedStatus& f) { return f.state.name == configured.name; });
    if (stored_already) continue;
    store::FeedState never_polled;
    never_polled.name = configured.name;
    never_polled.url = configured.url;
    feeds.push_back({std::move(never_polled), false, true, configured.enabled});
  }
  auto channels = archive->outbox().backlog();
  if (!channels) {
    std::cerr << channels.error().message << "\n";
    return kExitFailure;
  }
  const auto writable = archive->check_writable();
  const auto problem = writable ? std::string() : writable.error().message;
  std::cout << (json ? status_json(feeds, *channels, problem) : status_table(feeds, *channels, now, problem));
  return kExitOk;
}

}  // namespace khabar::cli
