#include "web/item_page.h"

#include "web/highlight.h"

namespace khabar::web {
namespace {

std::vector<std::string> matched_terms(const store::ReportView& report) {
  std::vector<std::string> terms;
  for (const auto& match : report.matches) terms.insert(terms.end(), match.terms.begin(), match.terms.end());
  return terms;
}

void published_text(Html& html, const store::ReportView& report) {
  const auto terms = matched_terms(report);
  const auto& item = report.item;
  html.open("section", {{"class", "card"}, {"aria-label", "Text as published"}});
  html.open("h2");
  marked_text(html, mark_words(item.title.value_or("(untitled)"), terms));
  html.close();
  for (const auto* field : {&item.summary, &item.content}) {
    if (!*field || (*field)->empty() || (field == &item.content && *item.content == item.summary.value_or("")))
      continue;
    html.open("p", {{"class", "text"}});
    marked_text(html, mark_words(**field, terms));
    html.close();
  }
  if (report.translated_title || report.translated_summary) {
    html.element("h2", "Translation" +
                           (report.translation_language ? " (" + *report.translation_language + ")" : std::string()));
    if (report.translated_title) html.element("p", *report.translated_title);
    if (report.translated_summary) html.element("p", *report.translated_summary, {{"class", "text"}});
  }
  html.close();
}

std::string version_text(const std::optional<std::string>& title, const std::optional<std::string>& summary) {
  return title.value_or("") + "\n" + summary.value_or("");
}

void versions(Html& html, const store::ItemDetail& detail) {
  const auto& item = detail.report.item;
  if (detail.versions.empty() && !item.removed_at) return;
  html.element("h2", "Versions");
  if (item.removed_at) {
    html.element("p", "Removed from the feed " + minute(*item.removed_at) + " (it stopped listing this report).",
                 {{"class", "removed"}});
  }
  html.open("ol");
  for (size_t i = 0; i < detail.versions.size(); ++i) {
    const auto& before = detail.versions[i];
    const auto after = i + 1 < detail.versions.size()
                           ? version_text(detail.versions[i + 1].title, detail.versions[i + 1].summary)
                           : version_text(item.title, item.summary);
    html.open("li").element("div", "Edited " + minute(before.replaced_at), {{"class", "meta"}});
    html.open("p", {{"class", "text"}});
    diff_text(html, word_diff(version_text(before.title, before.summary), after));
    html.close().close();
  }
  html.close();
}

void source(Html& html, const store::FeedState& feed) {
  html.element("h2", "Source");
  html.open("p").element("a", feed.name, {{"href", "/sources#feed-" + std::to_string(feed.id)}});
  html.text(" — " + feed.url);
  if (feed.last_status) html.text(" (last poll: " + *feed.last_status + ")");
  html.close();
}

}  // namespace

Page render(const Viewer& viewer, const ItemPageView& view) {
  const auto& d = view.detail;
  Html html;
  if (!view.notice.empty()) html.element("p", view.notice, {{"class", "notice"}, {"role", "status"}});
  if (!view.error.empty()) html.element("p", view.error, {{"class", "error"}, {"role", "alert"}});
  report_summary(html, d.report, *view.glossary);
  triage_form(html, viewer, "/item/" + std::to_string(d.report.id) + "/triage", "report", "report");
  published_text(html, d.report);
  versions(html, d);
  if (d.story) {
    html.element("h2", "Its story");
    html.open("p").element(
        "a", "Story " + std::to_string(d.story->id) + " (" + std::to_string(d.story->report_count) + " reports)",
        {{"href", "/story/" + std::to_string(d.story->id)}});
    html.close();
  }
  source(html, d.source);
  return {"Report " + std::to_string(d.report.id), html.take()};
}

}  // namespace khabar::web
