#include "web/filters.h"

#include "match/fts_query.h"
#include "parse/date_parser.h"
#include "service/rule_book.h"
#include "util/duration.h"

namespace khabar::web {
namespace {

// "7d", "12h": that long ago; else a date as feeds write them.
std::optional<UnixTime> point_in_time(const std::string& text, UnixTime now) {
  if (auto age = parse_duration(text)) return now - age->count();
  return parse::parse_date(text);
}

void text_field(Html& html, const char* id, const std::string& label, const std::string& value,
                const std::string& placeholder) {
  html.open("div").element("label", label, {{"for", id}});
  html.empty("input", {{"id", id}, {"name", id}, {"value", value}, {"placeholder", placeholder}});
  html.close();
}

void select_field(Html& html, const char* id, const std::string& label, const std::string& value,
                  const std::vector<std::string>& options, const std::string& any) {
  html.open("div").element("label", label, {{"for", id}}).open("select", {{"id", id}, {"name", id}});
  html.element("option", any, {{"value", ""}});
  for (const auto& option : options) {
    Attrs attrs{{"value", option}};
    if (option == value) attrs.push_back({"selected", ""});
    html.element("option", option, attrs);
  }
  html.close().close();
}

}  // namespace

FilterValues FilterValues::from(const Params& p) {
  return {p.get("q"),    p.get("rule"),  p.get("country"), p.get("lang"),
          p.get("feed"), p.get("since"), p.get("until"),   p.get("triage")};
}

Params FilterValues::params() const {
  Params p;
  p.set("q", query);
  p.set("rule", rule);
  p.set("country", country);
  p.set("lang", language);
  p.set("feed", feed);
  p.set("since", since);
  p.set("until", until);
  p.set("triage", triage);
  return p;
}

ParsedFilters parse_filters(const FilterValues& v, const match::TermLists& lists, UnixTime now) {
  ParsedFilters out;
  auto& f = out.search;
  auto optional = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional<std::string>(s); };
  f.rule = optional(v.rule);
  f.country = optional(v.country);
  f.language = optional(v.language);
  f.feed = optional(v.feed);
  if (!v.triage.empty()) {
    if (v.triage == "unlabelled" || store::is_triage_label(v.triage))
      f.triage = v.triage;
    else
      out.error = "triage: \"" + v.triage + "\" is not relevant, irrelevant, duplicate or unlabelled";
  }
  for (const auto& [text, slot, name] :
       {std::tuple{&v.since, &f.since, "since"}, std::tuple{&v.until, &f.until, "until"}}) {
    if (text->empty()) continue;
    *slot = point_in_time(*text, now);
    if (!*slot) out.error = std::string(name) + ": \"" + *text + "\" is neither a date (2026-11-01) nor an age (30d)";
  }
  if (!v.query.empty()) {
    auto query = match::parse_query(v.query, lists);
    if (!query) {
      out.error = "query: " + query.error().message;
      return out;
    }
    const auto fts = match::to_fts5(**query);
    out.fts = fts.expression;
    out.exact = fts.exact;
    auto matcher = match::Matcher::compile({{"query", v.query}}, lists);
    if (matcher) out.matcher.emplace(std::move(*matcher));
  }
  return out;
}

store::StoryFilters ParsedFilters::stories() const {
  store::StoryFilters s;
  s.rule = search.rule;
  s.country = search.country;
  s.language = search.language;
  s.since = search.since;
  s.until = search.until;
  s.triage = search.triage;
  s.fts = fts;
  return s;
}

bool ParsedFilters::accepts(const store::SearchHit& hit, std::vector<std::string>* terms) const {
  if (!matcher) return true;
  auto matches = matcher->match(service::match_input(hit.item, hit.feed_name));
  if (matches.empty()) return false;
  if (terms) *terms = std::move(matches.front().terms);
  return true;
}

void filter_form(Html& html, const FilterValues& v, const FilterChoices& choices, const std::string& action,
                 bool with_feed) {
  html.open("form", {{"method", "get"}, {"action", action}, {"class", "filters card"}, {"role", "search"}});
  html.open("div").element("label", "Query (rule language)", {{"for", "q"}});
  html.empty("input", {{"id", "q"},
                       {"name", "q"},
                       {"value", v.query},
                       {"size", "40"},
                       {"placeholder", "вербов* AND (кыргыз* OR tajik*)"}});
  html.close();
  select_field(html, "rule", "Rule", v.rule, choices.rules, "any rule");
  select_field(html, "country", "Country", v.country, choices.countries, "any country");
  select_field(html, "lang", "Language", v.language, choices.languages, "any language");
  if (with_feed) select_field(html, "feed", "Source", v.feed, choices.feeds, "any source");
  text_field(html, "since", "Since", v.since, "2026-11-01 or 30d");
  text_field(html, "until", "Until", v.until, "2026-12-01 or 1d");
  select_field(html, "triage", "Triage", v.triage, {"relevant", "irrelevant", "duplicate", "unlabelled"}, "any state");
  html.element("button", "Apply filters", {{"type", "submit"}});
  html.close();
}

}  // namespace khabar::web
