// Pages are pure functions of their views: rendered here without a socket.
#include <gtest/gtest.h>

#include "web/case_chart.h"
#include "web/cases_page.h"
#include "web/export.h"
#include "web/highlight.h"
#include "web/item_page.h"
#include "web/login_page.h"
#include "web/rules_page.h"
#include "web/sources_page.h"
#include "web/stories_page.h"
#include "web/story_page.h"

namespace khabar::web {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

store::ReportView report(const std::string& title) {
  store::ReportView r;
  r.id = 7;
  r.feed = "azattyk-ru";
  r.country = "KG";
  r.item.title = title;
  r.item.summary = "Мигрантов вербуют на войну.";
  r.item.link = "https://rus.azattyk.org/a/1.html";
  r.item.language = "ru";
  r.item.published = 1'795'000'000;
  r.story = 3;
  r.matches = {{"recruits", {"вербуют", "войну"}}};
  return r;
}

store::StoryView story() {
  store::StoryView s;
  s.id = 3;
  s.first_seen = 1'795'000'000;
  s.reports = {report("<script>alert(1)</script> Вербовка")};
  s.report_count = 1;
  return s;
}

const Viewer kEditor{"aigul", "editor", "token123"};
const Viewer kViewer{"reader", "viewer", "token456"};

TEST(StoriesPageTest, TitlesAreTextAndTermsAreGlossed) {
  const std::map<std::string, config::Gloss, std::less<>> glosses{{"войну", {"war", "война"}},
                                                                  {"вербов*", {"recruit", "вербовать"}}};
  const Glossary glossary(glosses);
  StoriesView view;
  view.page.stories = {story()};
  view.page.older = 3;
  view.glossary = &glossary;
  view.filters.rule = "recruits";
  const auto html = document(render(kEditor, view), &kEditor, "stories");
  EXPECT_FALSE(has(html, "<script>alert"));
  EXPECT_TRUE(has(html, "&lt;script&gt;alert(1)&lt;/script&gt; Вербовка"));
  EXPECT_TRUE(has(html, "войну (war; война)"));  // a plain key glosses its word
  EXPECT_FALSE(has(html, "вербуют (recruit"));   // a prefix key does not
  EXPECT_TRUE(has(html, "href=\"/stories?before=3&amp;rule=recruits\""));
  EXPECT_TRUE(has(html, "<label for=\"q\">Query (rule language)</label>"));
  EXPECT_TRUE(has(html, "unlabelled"));
}

TEST(StoryPageTest, EditorsGetFormsWithTheirTokenAndViewersNone) {
  const Glossary glossary;
  StoryPageView view{story(), &glossary, "Case recorded.", ""};
  const auto editor = render(kEditor, view).body.str();
  EXPECT_TRUE(has(editor, "action=\"/story/3/triage\""));
  EXPECT_TRUE(has(editor, "action=\"/story/3/case\""));
  EXPECT_TRUE(has(editor, "name=\"csrf\" value=\"token123\""));
  EXPECT_TRUE(has(editor, "<label for=\"kind\">Kind of case</label>"));
  EXPECT_TRUE(has(editor, "value=\"KG\""));  // the country defaults to the report's
  EXPECT_TRUE(has(editor, "role=\"status\">Case recorded."));
  const auto viewer = render(kViewer, view).body.str();
  EXPECT_FALSE(has(viewer, "<form"));
}

TEST(ItemPageTest, MatchedWordsAreMarkedAndEditsShownAsADiff) {
  const Glossary glossary;
  store::ItemDetail detail;
  detail.report = report("Вербовка мигрантов");
  detail.report.item.removed_at = 1'795'100'000;
  detail.versions = {{std::string("Вербовка мигрантов"), std::string("Старый текст о войне."), 1'795'050'000}};
  detail.source.name = "azattyk-ru";
  const auto body = render(kEditor, ItemPageView{detail, &glossary, "", ""}).body.str();
  EXPECT_TRUE(has(body, "<mark>вербуют</mark> на <mark>войну.</mark>"));
  EXPECT_TRUE(has(body, "<del>Старый текст о войне.</del>"));
  EXPECT_TRUE(has(body, "Removed from the feed 2026-11-19"));
  EXPECT_TRUE(has(body, "<label for=\"report-label\">Mark report as</label>"));
}

TEST(LoginPageTest, APlainFormWithLabelledFields) {
  const auto page = render(LoginView{"", "", "tok", "/stories"});
  EXPECT_TRUE(has(page.body.str(), "<label for=\"password\">Password</label>"));
  EXPECT_TRUE(has(page.body.str(), "type=\"password\""));
  EXPECT_TRUE(has(page.body.str(), "name=\"csrf\" value=\"tok\""));
  EXPECT_EQ(render(LoginView{"a", "Wrong user name or password.", "tok", ""}).status, 401);
}

TEST(RulesPageTest, PrecisionFromLabels) {
  RulesView view{{{"recruits", "вербов*", store::RuleCounts{"recruits", 2, 5, 9, 3, 1, 0}},
                  {"deaths", "погиб*", store::RuleCounts{"deaths"}}}};
  const auto body = render(kViewer, view).body.str();
  EXPECT_TRUE(has(body, "<td>75%</td>"));
  EXPECT_TRUE(has(body, "no labels yet"));
}

TEST(CaseChartTest, StackedBarsPerMonthWithoutGaps) {
  Html html;
  case_chart(html, {{"2026-10", "death", "KG", 2, 1}, {"2026-12", "recruitment", "TJ", 3, 2}}, ChartSeries::kKind,
             "By kind");
  const auto svg = html.take().str();
  EXPECT_TRUE(has(svg, "<title>2026-10, death: 2 people</title>"));
  EXPECT_TRUE(has(svg, "<title>2026-12, recruitment: 3 people</title>"));
  EXPECT_TRUE(has(svg, ">2026-11</text>"));  // the empty month is drawn too
  EXPECT_TRUE(has(svg, "role=\"img\""));
  EXPECT_EQ(next_month("2026-12"), "2027-01");
}

TEST(CasesPageTest, CsvKeepsFreeTextOutOfFormulas) {
  const std::vector<store::CaseRecord> cases{
      {1, 3, "death", "2026-11-03", "KG", std::string("=HYPERLINK(\"x\")"), 2, std::string("a, b"), "aigul", 0}};
  const auto csv = cases_csv(cases);
  EXPECT_TRUE(has(csv, "\"'=HYPERLINK(\"\"x\"\")\""));
  EXPECT_TRUE(has(csv, ",\"a, b\","));
  EXPECT_TRUE(has(render(kViewer, CasesView{cases, {}}).body.str(), "Export the cases as CSV"));
}

TEST(SourcesPageTest, HealthAsStatusTellsIt) {
  SourceRow row;
  row.state.name = "kloop";
  EXPECT_EQ(health(row), "never polled");
  row.state.last_status = "failed";
  row.state.last_error = "HTTP 503";
  EXPECT_EQ(health(row), "failing");
  EXPECT_TRUE(has(render(kViewer, SourcesView{{row}, 0}).body.str(), "HTTP 503"));
}

TEST(HighlightTest, WordDiffKeepsWhatStayed) {
  const auto diff = word_diff("a b c d", "a x c d e");
  ASSERT_EQ(diff.size(), 5u);
  EXPECT_EQ(diff[0].text, "a");
  EXPECT_EQ(diff[1].change, Change::kAdded);
  EXPECT_EQ(diff[1].text, "x");
  EXPECT_EQ(diff[2].change, Change::kRemoved);
  EXPECT_EQ(diff[3].text, "c d");
  EXPECT_EQ(diff[4].text, "e");
}

TEST(HighlightTest, MarksWordsWhateverTheirCaseOrScript) {
  const auto spans = mark_words("«Вербовка» идёт", {"вербовка"});
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_TRUE(spans[0].marked);
  EXPECT_EQ(spans[0].text, "«Вербовка»");
  EXPECT_EQ(spans[1].text, " идёт");
}

TEST(ExportTest, CsvJsonAndAtomOfAResult) {
  store::SearchHit hit{5, "ozodi", {}, 1'795'000'000, 9};
  hit.item.title = "Муҳоҷирон, \"ҷанг\"";
  hit.item.link = "https://www.ozodi.org/a/5.html";
  const std::vector<SearchResult> results{{hit, {"муҳоҷирон"}, "relevant"}};
  EXPECT_EQ(results_csv(results).substr(results_csv(results).find("\r\n") + 2),
            "5,2026-11-18T11:06:40Z,ozodi,,9,\"Муҳоҷирон, "
            "\"\"ҷанг\"\"\",https://www.ozodi.org/a/5.html,муҳоҷирон,relevant\r\n");
  EXPECT_TRUE(has(results_json(results), "\"triage\": \"relevant\""));
  const auto atom = results_atom(results, "q & a", 0);
  EXPECT_TRUE(has(atom, "<title>khabar: q &amp; a</title>"));
  EXPECT_TRUE(has(atom, "<link href=\"https://www.ozodi.org/a/5.html\"></link>"));
}

}  // namespace
}  // namespace khabar::web
