#include "web/rules_page.h"

#include <cstdio>

#include "web/highlight.h"

namespace khabar::web {
namespace {

std::string percent(std::optional<double> value) {
  if (!value) return "no labels yet";
  char text[16];
  std::snprintf(text, sizeof text, "%.0f%%", *value * 100);
  return text;
}

void result_list(Html& html, const std::string& title, const std::vector<SearchResult>& results) {
  html.element("h2", title + " (" + std::to_string(results.size()) + ")");
  if (results.empty()) return;
  html.open("ul");
  for (const auto& r : results) {
    html.open("li").element("a", r.hit.item.title.value_or("(untitled)"),
                            {{"href", "/item/" + std::to_string(r.hit.item_id)}});
    html.text(" — " + r.hit.feed_name + ", " + day(r.hit.item.published.value_or(r.hit.fetched)));
    if (!r.terms.empty()) {
      html.text(" — ");
      for (const auto& term : r.terms) html.element("mark", term).text(" ");
    }
    html.close();
  }
  html.close();
}

}  // namespace

Page render(const Viewer&, const RulesView& view) {
  Html html;
  html.open("p").text("Precision is relevant / (relevant + irrelevant) among each rule's labelled reports. ");
  html.element("a", "Try a draft query in the workbench", {{"href", "/rules/workbench"}}).text(".").close();
  html.open("table").open("thead").open("tr");
  for (const char* heading : {"Rule", "Query", "Matches, 7 days", "Matches, 30 days", "All matches", "Relevant",
                              "Irrelevant", "Duplicates", "Precision"}) {
    html.element("th", heading, {{"scope", "col"}});
  }
  html.close().close().open("tbody");
  for (const auto& rule : view.rules) {
    const auto& c = rule.counts;
    html.open("tr").element("th", rule.name, {{"scope", "row"}});
    html.open("td").element("code", rule.query).close();
    for (const auto value : {c.last_7d, c.last_30d, c.total, c.relevant, c.irrelevant, c.duplicate}) {
      html.element("td", std::to_string(value));
    }
    html.element("td", percent(c.precision())).close();
  }
  return {"Rules", html.take()};
}

Page render(const Viewer&, const WorkbenchView& view) {
  Html html;
  html.open("form", {{"method", "get"}, {"action", "/rules/workbench"}, {"class", "stack card"}});
  html.open("div").element("label", "Draft query", {{"for", "draft"}});
  html.open("textarea", {{"id", "draft"}, {"name", "q"}, {"rows", "3"}, {"required", ""}})
      .text(view.draft)
      .close()
      .close();
  html.open("div").element("label", "Since (a date or an age)", {{"for", "since"}});
  html.empty("input", {{"id", "since"}, {"name", "since"}, {"value", view.since}, {"placeholder", "30d"}}).close();
  html.element("button", "Try the query", {{"type", "submit"}});
  html.close();
  if (!view.error.empty()) html.element("p", view.error, {{"class", "error"}, {"role", "alert"}});
  if (!view.tried) return {"Rule workbench", html.take()};
  html.element("p",
               "The draft catches " + std::string(view.caught_at_least ? "at least " : "") +
                   std::to_string(view.caught) + " of the " + std::to_string(view.scanned) + " reports fetched since " +
                   view.since + ". Of the newest " + std::to_string(view.labelled) + " labelled reports: " +
                   std::to_string(view.hits.size()) + " relevant caught, " + std::to_string(view.misses.size()) +
                   " relevant missed, " + std::to_string(view.false_alarms.size()) + " irrelevant caught.",
               {{"role", "status"}});
  result_list(html, "Hits: relevant reports it catches", view.hits);
  result_list(html, "Misses: relevant reports it does not catch", view.misses);
  result_list(html, "False alarms: irrelevant reports it catches", view.false_alarms);
  result_list(html, "Newest reports it catches", view.newest);
  return {"Rule workbench", html.take()};
}

}  // namespace khabar::web
