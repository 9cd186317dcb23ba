#include "web/sources_page.h"

namespace khabar::web {

std::string health(const SourceRow& row) {
  const auto& s = row.state;
  if (!row.configured) return "removed";
  if (!s.last_status) return s.last_success ? "ok" : "never polled";
  if (*s.last_status == "failed") return "failing";
  if (row.quiet) return "quiet";
  return *s.last_status == "not-modified" ? "not modified" : "ok";
}

Page render(const Viewer&, const SourcesView& view) {
  Html html;
  html.open("table", {{"aria-label", "Sources"}}).open("thead").open("tr");
  for (const char* heading : {"Source", "Health", "Last success", "Next poll", "Newest item", "Errors (in a row / all)",
                              "Last error", "Last probe"}) {
    html.element("th", heading, {{"scope", "col"}});
  }
  html.close().close().open("tbody");
  for (const auto& row : view.sources) {
    const auto& s = row.state;
    const auto failing = s.last_status && *s.last_status == "failed";
    html.open("tr", {{"id", "feed-" + std::to_string(s.id)}});
    html.open("th", {{"scope", "row"}}).text(s.name).open("div", {{"class", "muted"}}).text(s.url).close().close();
    html.element("td", health(row));
    html.element("td", s.last_success ? minute(*s.last_success) : "never");
    html.element("td", s.next_poll ? minute(*s.next_poll) : "-");
    html.element("td", s.newest_item ? day(*s.newest_item) : "none yet");
    html.element("td", std::to_string(s.consecutive_errors) + " / " + std::to_string(s.error_count));
    html.element("td", failing ? s.last_error.value_or("") : "");
    html.element("td", s.probed_at ? minute(*s.probed_at) + ": " + s.probe_verdict.value_or("") +
                                         (s.probe_detail ? " (" + *s.probe_detail + ")" : "")
                                   : "never probed");
    html.close();
  }
  return {"Sources", html.take()};
}

}  // namespace khabar::web
