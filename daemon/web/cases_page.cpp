#include "web/cases_page.h"

#include "web/case_chart.h"

namespace khabar::web {
namespace {

std::string csv_field(const std::string& text) {
  const bool formula = !text.empty() && std::string("=+-@").find(text[0]) != std::string::npos;
  const auto safe = formula ? "'" + text : text;
  if (safe.find_first_of(",\"\r\n") == std::string::npos) return safe;
  std::string out = "\"";
  for (const char c : safe) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void case_table(Html& html, const std::vector<store::CaseRecord>& cases) {
  html.open("table", {{"aria-label", "Cases"}}).open("thead").open("tr");
  for (const char* heading : {"Date", "Kind", "Country", "Region", "People", "Story", "Note", "Recorded by"}) {
    html.element("th", heading, {{"scope", "col"}});
  }
  html.close().close().open("tbody");
  for (const auto& c : cases) {
    html.open("tr").element("td", c.date).element("td", c.kind).element("td", c.country);
    html.element("td", c.region.value_or("")).element("td", std::to_string(c.people));
    html.open("td");
    if (c.story)
      html.element("a", "story " + std::to_string(*c.story), {{"href", "/story/" + std::to_string(*c.story)}});
    html.close().element("td", c.note.value_or("")).element("td", c.user).close();
  }
  html.close().close();
}

void count_table(Html& html, const std::vector<store::CaseCount>& counts) {
  html.open("details").element("summary", "The same counts as a table");
  html.open("table").open("thead").open("tr");
  for (const char* heading : {"Month", "Kind", "Country", "People", "Cases"})
    html.element("th", heading, {{"scope", "col"}});
  html.close().close().open("tbody");
  for (const auto& c : counts) {
    html.open("tr").element("td", c.month).element("td", c.kind).element("td", c.country);
    html.element("td", std::to_string(c.people)).element("td", std::to_string(c.cases)).close();
  }
  html.close().close().close();
}

}  // namespace

Page render(const Viewer&, const CasesView& view) {
  Html html;
  html.open("p").text(std::to_string(view.cases.size()) + " cases recorded. ");
  html.element("a", "Export the cases as CSV", {{"href", "/cases.csv"}}).close();
  if (view.cases.empty()) {
    html.element("p", "No case yet: open a story and record one.");
    return {"Cases", html.take()};
  }
  html.element("h2", "People per month, by kind of case");
  case_chart(html, view.counts, ChartSeries::kKind, "People per month, by kind of case");
  html.element("h2", "People per month, by country");
  case_chart(html, view.counts, ChartSeries::kCountry, "People per month, by country");
  count_table(html, view.counts);
  html.element("h2", "All cases");
  case_table(html, view.cases);
  return {"Cases", html.take()};
}

std::string cases_csv(const std::vector<store::CaseRecord>& cases) {
  std::string out = "id,date,kind,country,region,people,story,note,recorded_by,recorded_at\r\n";
  for (const auto& c : cases) {
    out += std::to_string(c.id) + "," + c.date + "," + c.kind + "," + csv_field(c.country) + "," +
           csv_field(c.region.value_or("")) + "," + std::to_string(c.people) + "," +
           (c.story ? std::to_string(*c.story) : "") + "," + csv_field(c.note.value_or("")) + "," + csv_field(c.user) +
           "," + format_rfc3339(c.created_at) + "\r\n";
  }
  return out;
}

}  // namespace khabar::web
