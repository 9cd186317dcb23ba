#include "web/story_page.h"

#include "web/stories_page.h"

namespace khabar::web {
namespace {

void field(Html& html, const char* id, const std::string& label, const Attrs& input) {
  html.open("div").element("label", label, {{"for", id}});
  Attrs attrs{{"id", id}, {"name", id}};
  attrs.insert(attrs.end(), input.begin(), input.end());
  html.empty("input", attrs).close();
}

void case_form(Html& html, const Viewer& viewer, const store::StoryView& story) {
  if (!viewer.can_edit()) return;
  html.element("h2", "Record a case");
  html.open("form",
            {{"method", "post"}, {"action", "/story/" + std::to_string(story.id) + "/case"}, {"class", "stack card"}});
  csrf_field(html, viewer);
  html.open("div")
      .element("label", "Kind of case", {{"for", "kind"}})
      .open("select", {{"id", "kind"}, {"name", "kind"}});
  for (const char* kind : store::kCaseKinds) html.element("option", kind, {{"value", kind}});
  html.close().close();
  const auto first =
      story.reports.empty() ? story.first_seen : story.reports.front().item.published.value_or(story.first_seen);
  field(html, "date", "Date of the event",
        {{"type", "text"}, {"value", day(first)}, {"placeholder", "YYYY-MM-DD"}, {"required", ""}});
  const auto country = story.reports.empty() ? std::string() : story.reports.front().country.value_or("");
  field(html, "country", "Country", {{"value", country}, {"required", ""}, {"maxlength", "64"}});
  field(html, "region", "Region (optional)", {{"maxlength", "200"}});
  field(html, "people", "Number of people", {{"type", "number"}, {"min", "0"}, {"value", "1"}, {"required", ""}});
  html.open("div").element("label", "Note on the case (optional)", {{"for", "case-note"}});
  html.open("textarea", {{"id", "case-note"}, {"name", "note"}, {"maxlength", "4000"}}).close().close();
  html.element("button", "Record case", {{"type", "submit"}});
  html.close();
}

void case_list(Html& html, const std::vector<store::CaseRecord>& cases) {
  if (cases.empty()) return;
  html.element("h2", "Cases recorded from this story").open("ul");
  for (const auto& c : cases) {
    html.element("li", c.kind + ", " + c.date + ", " + c.country + (c.region ? " (" + *c.region + ")" : "") + ": " +
                           std::to_string(c.people) + (c.people == 1 ? " person" : " people") +
                           (c.note ? " — " + *c.note : "") + " [" + c.user + "]");
  }
  html.close();
}

}  // namespace

Page render(const Viewer& viewer, const StoryPageView& view) {
  Html html;
  if (!view.notice.empty()) html.element("p", view.notice, {{"class", "notice"}, {"role", "status"}});
  if (!view.error.empty()) html.element("p", view.error, {{"class", "error"}, {"role", "alert"}});
  story_card(html, view.story, *view.glossary);
  triage_form(html, viewer, "/story/" + std::to_string(view.story.id) + "/triage", "story", "story");
  case_list(html, view.story.cases);
  case_form(html, viewer, view.story);
  return {"Story " + std::to_string(view.story.id), html.take()};
}

}  // namespace khabar::web
