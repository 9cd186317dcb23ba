// The document around every page, its stylesheet and script, and the pieces
// pages share (report summaries, triage state and forms).
#include <array>

#include "text/normalizer.h"
#include "web/page.h"

namespace khabar::web {

constexpr Markup kStyleSheet = R"css(
:root { --ink: #1d2430; --muted: #5a6372; --line: #d8dde6; --accent: #0b5cad; --mark: #ffe58a; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, sans-serif; color: var(--ink); background: #f6f7f9; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between;
  padding: .5rem 1.25rem; background: #fff; border-bottom: 1px solid var(--line); }
header nav a { margin-right: 1rem; color: var(--ink); text-decoration: none; font-weight: 600; }
header nav a[aria-current] { color: var(--accent); border-bottom: 3px solid var(--accent); }
header form { display: flex; gap: .5rem; align-items: center; color: var(--muted); }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; } h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
a { color: var(--accent); }
.brand { font-weight: 700; margin-right: 1.5rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: .75rem 0; }
.report { border-top: 1px solid var(--line); padding: .5rem 0; } .report:first-of-type { border-top: 0; }
.meta, .muted { color: var(--muted); font-size: .9rem; }
.meta span + span::before { content: " · "; }
.tag { display: inline-block; padding: 0 .4rem; border-radius: 4px; background: #e8eef7; font-size: .85rem; margin: .1rem .2rem .1rem 0; }
.label-relevant { background: #d7f0dc; } .label-irrelevant { background: #f6dcdc; } .label-duplicate { background: #e5e5e5; }
.removed { color: #a4161a; font-weight: 600; }
mark { background: var(--mark); padding: 0 .1rem; }
ins { background: #d7f0dc; text-decoration: none; } del { background: #f6dcdc; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; }
form.filters div, form.stack div { display: flex; flex-direction: column; }
form.stack { display: grid; gap: .5rem; max-width: 36rem; }
label { font-size: .9rem; font-weight: 600; }
input, select, textarea, button { font: inherit; padding: .3rem .5rem; border: 1px solid #aab3c0; border-radius: 4px; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
textarea { min-height: 4rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; font-size: .95rem; }
.error { background: #fdecea; border: 1px solid #f5c2c0; padding: .5rem 1rem; border-radius: 4px; }
.notice { background: #e8f4ea; border: 1px solid #bfe0c6; padding: .5rem 1rem; border-radius: 4px; }
.pager { margin: 1rem 0; } .text { white-space: pre-wrap; } svg { max-width: 100%; height: auto; background: #fff; }
)css";

constexpr Markup kScript = R"js(// khabar newsroom: small conveniences; every page works without them.
document.addEventListener('keydown', function (event) {
  // Ctrl+Enter (Cmd+Enter) in a text area sends its form: notes, draft queries.
  var area = event.target;
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && area.tagName === 'TEXTAREA' && area.form) {
    event.preventDefault();
    area.form.requestSubmit();
  }
});
document.addEventListener('DOMContentLoaded', function () {
  // Selects marked data-submit send their form when changed (the per-page size).
  document.querySelectorAll('select[data-submit]').forEach(function (select) {
    select.addEventListener('change', function () { select.form.requestSubmit(); });
  });
});
)js";

namespace {

struct Section {
  const char* key;
  Name href;
  const char* title;
};
constexpr std::array<Section, 5> kSections{{{"stories", "/stories", "Stories"},
                                            {"search", "/search", "Search"},
                                            {"rules", "/rules", "Rules"},
                                            {"cases", "/cases", "Cases"},
                                            {"sources", "/sources", "Sources"}}};

void navigation(Html& html, const Viewer& viewer, std::string_view current) {
  html.open("header");
  html.open("nav", {{"aria-label", "Sections"}}).element("span", "khabar", {{"class", "brand"}});
  for (const auto& section : kSections) {
    Attrs attrs{{"href", section.href.c_str()}};
    if (current == section.key) attrs.push_back({"aria-current", "page"});
    html.element("a", section.title, attrs);
  }
  html.close();
  html.open("form", {{"method", "post"}, {"action", "/logout"}});
  html.element("span", viewer.name + " (" + viewer.role + ")");
  csrf_field(html, viewer);
  html.element("button", "Log out", {{"type", "submit"}});
  html.close().close();
}

}  // namespace

std::string document(const Page& page, const Viewer* viewer, std::string_view section) {
  Html html;
  html.raw("<!DOCTYPE html>").open("html", {{"lang", "en"}}).open("head");
  html.empty("meta", {{"charset", "utf-8"}});
  html.empty("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
  html.element("title", page.title + " — khabar");
  html.empty("link", {{"rel", "stylesheet"}, {"href", "/static/khabar.css"}});
  html.open("script", {{"src", "/static/khabar.js"}, {"defer", ""}}).close();
  html.close().open("body");
  if (viewer) navigation(html, *viewer, section);
  html.open("main").element("h1", page.title).append(page.body);
  return html.take().str();
}

Glossary::Glossary(const std::map<std::string, config::Gloss, std::less<>>& glosses) {
  for (const auto& [term, gloss] : glosses) {
    if (term.find_first_of("*\"") != std::string::npos) continue;
    by_word_[text::normalize(term)] = gloss;
  }
}

const config::Gloss* Glossary::find(const std::string& term) const {
  const auto it = by_word_.find(text::normalize(term));
  return it == by_word_.end() ? nullptr : &it->second;
}

std::string day(UnixTime time) { return format_rfc3339(time).substr(0, 10); }

std::string minute(UnixTime time) {
  const auto text = format_rfc3339(time);
  return text.substr(0, 10) + " " + text.substr(11, 5) + " UTC";
}

void csrf_field(Html& html, const Viewer& viewer) {
  html.empty("input", {{"type", "hidden"}, {"name", "csrf"}, {"value", viewer.csrf}});
}

namespace {

void mark_tag(Html& html, const store::TriageMark& mark, const std::string& whose) {
  html.open("span", {{"class", "tag label-" + mark.label}});
  html.text(mark.label + whose + " — " + mark.user + ", " + day(mark.at));
  if (mark.note) html.text(": " + *mark.note);
  html.close();
}

}  // namespace

void triage_state(Html& html, const std::optional<store::TriageMark>& own,
                  const std::optional<store::TriageMark>& story) {
  if (own) return mark_tag(html, *own, "");
  if (story) return mark_tag(html, *story, " (story)");
  html.element("span", "unlabelled", {{"class", "tag"}});
}

void report_summary(Html& html, const store::ReportView& r, const Glossary& glossary) {
  const auto& item = r.item;
  html.open("div", {{"class", "report"}});
  html.open("div").element("a", item.title.value_or("(untitled)"), {{"href", "/item/" + std::to_string(r.id)}}).close();
  if (r.translated_title) {
    html.open("div", {{"class", "muted"}}).text("Translation");
    if (r.translation_language) html.text(" (" + *r.translation_language + ")");
    html.text(": " + *r.translated_title).close();
  }
  html.open("div", {{"class", "meta"}});
  html.element("span", r.feed);
  html.element("span", r.country.value_or("country unknown"));
  html.element("span", item.language.value_or("language unknown"));
  html.element("span", day(item.published.value_or(r.fetched)));
  if (item.link) html.open("span").element("a", "original", {{"href", *item.link}, {"rel", "noreferrer"}}).close();
  if (item.removed_at) html.element("span", "removed " + minute(*item.removed_at), {{"class", "removed"}});
  html.close();
  html.open("div");
  for (const auto& match : r.matches) {
    html.element("span", match.rule, {{"class", "tag"}});
    for (const auto& term : match.terms) {
      const auto* gloss = glossary.find(term);
      html.open("span", {{"class", "muted"}}).text(term);
      if (gloss) html.text(" (" + gloss->en + "; " + gloss->ru + ")");
      html.text(" ").close();
    }
  }
  triage_state(html, r.triage, r.story_triage);
  html.close().close();
}

void triage_form(Html& html, const Viewer& viewer, const std::string& action, const std::string& id_prefix,
                 const std::string& what) {
  if (!viewer.can_edit()) return;
  html.open("form", {{"method", "post"}, {"action", action}, {"class", "filters"}});
  csrf_field(html, viewer);
  html.open("div").element("label", "Mark " + what + " as", {{"for", id_prefix + "-label"}});
  html.open("select", {{"id", id_prefix + "-label"}, {"name", "label"}});
  for (const char* label : store::kTriageLabels) html.element("option", label, {{"value", label}});
  html.element("option", "unlabelled (clear)", {{"value", ""}});
  html.close().close();
  html.open("div").element("label", "Note on the " + what + " (optional)", {{"for", id_prefix + "-note"}});
  html.empty("input", {{"id", id_prefix + "-note"}, {"name", "note"}, {"maxlength", "2000"}}).close();
  html.element("button", "Save " + what + " label", {{"type", "submit"}});
  html.close();
}

}  // namespace khabar::web
