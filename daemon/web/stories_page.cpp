#include "web/stories_page.h"

namespace khabar::web {

void story_card(Html& html, const store::StoryView& story, const Glossary& glossary) {
  const auto id = std::to_string(story.id);
  html.open("article", {{"class", "card"}, {"aria-labelledby", "story-" + id}});
  html.open("h2", {{"id", "story-" + id}});
  html.element("a", "Story " + id, {{"href", "/story/" + id}}).close();
  html.open("div", {{"class", "meta"}});
  html.element("span", "first seen " + minute(story.first_seen));
  html.element("span", std::to_string(story.report_count) + (story.report_count == 1 ? " report" : " reports"));
  if (!story.cases.empty()) html.element("span", std::to_string(story.cases.size()) + " recorded as a case");
  html.close();
  html.open("div").text("Story: ");
  triage_state(html, story.triage, std::nullopt);
  html.close();
  for (const auto& report : story.reports) report_summary(html, report, glossary);
  if (story.report_count > static_cast<std::int64_t>(story.reports.size())) {
    html.element(
        "p",
        "and " + std::to_string(story.report_count - static_cast<std::int64_t>(story.reports.size())) + " more reports",
        {{"class", "muted"}});
  }
  html.close();
}

Page render(const Viewer&, const StoriesView& view) {
  Html html;
  filter_form(html, view.filters, view.choices, "/stories", false);
  if (!view.error.empty()) html.element("p", view.error, {{"class", "error"}, {"role", "alert"}});
  if (view.page.stories.empty()) html.element("p", "No story matches these filters.");
  for (const auto& story : view.page.stories) story_card(html, story, *view.glossary);
  if (view.page.older) {
    auto params = view.filters.params();
    params.set("before", std::to_string(*view.page.older));
    html.open("p", {{"class", "pager"}})
        .element("a", "Older stories", {{"href", "/stories?" + params.encode()}})
        .close();
  }
  return {"Stories", html.take()};
}

}  // namespace khabar::web
