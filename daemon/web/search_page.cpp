#include "web/search_page.h"

#include "web/highlight.h"

namespace khabar::web {
namespace {

void result(Html& html, const SearchResult& r) {
  const auto& h = r.hit;
  html.open("li", {{"class", "report"}});
  html.open("div")
      .element("a", h.item.title.value_or("(untitled)"), {{"href", "/item/" + std::to_string(h.item_id)}})
      .close();
  html.open("div", {{"class", "meta"}});
  html.element("span", h.feed_name).element("span", h.item.language.value_or("language unknown"));
  html.element("span", day(h.item.published.value_or(h.fetched)));
  if (h.story_id)
    html.open("span")
        .element("a", "story " + std::to_string(*h.story_id), {{"href", "/story/" + std::to_string(*h.story_id)}})
        .close();
  html.element("span", r.label.empty() ? "unlabelled" : r.label);
  html.close();
  if (h.item.summary) {
    html.open("div", {{"class", "muted"}});
    const auto& summary = *h.item.summary;
    marked_text(html,
                mark_words(summary.size() > 400 ? summary.substr(0, summary.find(' ', 400)) + " …" : summary, r.terms));
    html.close();
  }
  html.close();
}

}  // namespace

Page render(const Viewer&, const SearchView& view) {
  Html html;
  filter_form(html, view.filters, view.choices, "/search", true);
  if (!view.error.empty()) html.element("p", view.error, {{"class", "error"}, {"role", "alert"}});
  if (!view.searched) {
    html.element("p", "Give words to search for, or a filter.");
    return {"Search", html.take()};
  }
  const auto query = view.filters.params().encode();
  html.open("p").text("Export the whole result: ");
  html.element("a", "CSV", {{"href", "/search.csv?" + query}}).text(" · ");
  html.element("a", "JSON", {{"href", "/search.json?" + query}}).text(" · ");
  html.element("a", "Atom", {{"href", "/search.atom?" + query}}).close();
  if (view.results.empty()) html.element("p", "No report found.");
  html.open("ol", {{"aria-label", "Results"}});
  for (const auto& r : view.results) result(html, r);
  html.close();
  if (view.older) {
    auto params = view.filters.params();
    params.set("before", std::to_string(*view.older));
    html.open("p", {{"class", "pager"}}).element("a", "Next results", {{"href", "/search?" + params.encode()}}).close();
  }
  return {"Search", html.take()};
}

}  // namespace khabar::web
