// Sources: each feed's health (as `khabar status` tells it), its last poll
// and error, and its last probe.
#pragma once

#include "web/page.h"

namespace khabar::web {

struct SourceRow {
  store::FeedState state;
  bool configured = true;
  bool quiet = false;  // silent for much longer than its rhythm
};

struct SourcesView {
  std::vector<SourceRow> sources;
  UnixTime now = 0;
};

// "ok", "not modified", "failing", "quiet", "never polled" or "removed", as `khabar status` says.
std::string health(const SourceRow& row);

Page render(const Viewer& viewer, const SourcesView& view);

}  // namespace khabar::web
