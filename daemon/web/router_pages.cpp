// The router's page handlers: each reads its view on the archive's strand,
// then renders it on the loop.
#include <spdlog/spdlog.h>

#include "service/async.h"
#include "service/schedule.h"
#include "web/cases_page.h"
#include "web/item_page.h"
#include "web/router.h"
#include "web/rules_page.h"
#include "web/search_page.h"
#include "web/sources_page.h"
#include "web/stories_page.h"
#include "web/story_page.h"

namespace khabar::web {

namespace {

constexpr size_t kPageSize = 50;
constexpr size_t kPageScan = 5000;
constexpr size_t kExportMax = 200000;
constexpr size_t kWorkbenchScan = 20000;
constexpr int kWorkbenchLabelled = 1000;

std::optional<std::int64_t> cursor(const Params& query) {
  const auto text = query.get("before");
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

std::string notice_for(const Params& query) {
  const auto done = query.get("done");
  if (done == "marked") return "Label saved.";
  if (done == "cleared") return "Label removed.";
  if (done == "case") return "Case recorded.";
  return "";
}

Response see_other(const std::string& location) {
  Response response{303, "text/plain; charset=utf-8", "see " + location + "\n"};
  response.headers.push_back({"Location", location});
  return response;
}

}  // namespace

asio::awaitable<Response> Router::stories(Call& call) {
  StoriesView view;
  view.filters = FilterValues::from(call.query);
  view.choices = choices_;
  view.glossary = &glossary_;
  auto parsed = parse_filters(view.filters, lists_, unix_now());
  view.error = parsed.error;
  if (view.error.empty()) {
    auto filters = parsed.stories();
    filters.before = cursor(call.query);
    auto page_result = co_await service::run_on(db_, [&] {
      store::Newsroom::Accept accept;
      if (!parsed.exact) accept = [&parsed](const store::SearchHit& hit) { return parsed.accepts(hit); };
      return newsroom_.stories(filters, accept);
    });
    if (page_result)
      view.page = std::move(*page_result);
    else
      view.error = page_result.error().message;
  }
  co_return page(call, render(call.viewer, view), "stories");
}

asio::awaitable<Response> Router::story(Call& call, std::int64_t id) {
  auto found = co_await service::run_on(db_, [&] { return newsroom_.story(id); });
  if (!found) co_return Response{500, "text/plain; charset=utf-8", found.error().message + "\n"};
  if (!*found) co_return page(call, {"Not found", Html().element("p", "No such story.").take(), 404}, "stories");
  StoryPageView view{std::move(**found), &glossary_, notice_for(call.query), call.query.get("error")};
  co_return page(call, render(call.viewer, view), "stories");
}

asio::awaitable<Response> Router::item(Call& call, std::int64_t id) {
  auto found = co_await service::run_on(db_, [&] { return newsroom_.item(id); });
  if (!found) co_return Response{500, "text/plain; charset=utf-8", found.error().message + "\n"};
  if (!*found) co_return page(call, {"Not found", Html().element("p", "No such report.").take(), 404}, "stories");
  ItemPageView view{std::move(**found), &glossary_, notice_for(call.query), call.query.get("error")};
  co_return page(call, render(call.viewer, view), "stories");
}

// POST /item/N/triage, /story/N/triage: editors only.
asio::awaitable<Response> Router::mark(Call& call, const std::string& what, std::int64_t id) {
  if (!call.viewer.can_edit()) co_return Response{403, "text/plain; charset=utf-8", "viewers can read, not mark\n"};
  const auto label = call.form.get("label");
  const auto note = call.form.optional("note");
  if (note && note->size() > 2000) co_return Response{413, "text/plain; charset=utf-8", "the note is too long\n"};
  auto status = co_await service::run_on(db_, [&] {
    return what == "story" ? newsroom_.mark_story(id, label, note, call.viewer.name, unix_now())
                           : newsroom_.mark_item(id, label, note, call.viewer.name, unix_now());
  });
  const auto base = std::string(what == "story" ? "/story/" : "/item/") + std::to_string(id);
  if (!status) co_return see_other(base + "?error=" + url_encode(status.error().message));
  spdlog::info("web: {} marked {} {} {}", call.viewer.name, what, id, label.empty() ? "unlabelled" : label);
  co_return see_other(base + (label.empty() ? "?done=cleared" : "?done=marked"));
}

asio::awaitable<Response> Router::record_case(Call& call, std::int64_t story_id) {
  if (!call.viewer.can_edit())
    co_return Response{403, "text/plain; charset=utf-8", "viewers can read, not record cases\n"};
  const auto& f = call.form;
  store::CaseRecord record{0,
                           story_id,
                           f.get("kind"),
                           f.get("date"),
                           f.get("country"),
                           f.optional("region"),
                           0,
                           f.optional("note"),
                           call.viewer.name,
                           0};
  const auto people = f.get("people");
  const bool counted =
      !people.empty() && people.size() < 7 && people.find_first_not_of("0123456789") == std::string::npos;
  if (counted) record.people = std::stoll(people);
  const auto base = "/story/" + std::to_string(story_id);
  if (!counted) co_return see_other(base + "?error=" + url_encode("the number of people must be a whole number"));
  auto id = co_await service::run_on(db_, [&] { return newsroom_.record_case(record, unix_now()); });
  if (!id) co_return see_other(base + "?error=" + url_encode(id.error().message));
  co_return see_other(base + "?done=case");
}

asio::awaitable<Response> Router::search(Call& call) {
  SearchView view;
  view.filters = FilterValues::from(call.query);
  view.choices = choices_;
  auto parsed = parse_filters(view.filters, lists_, unix_now());
  view.error = parsed.error;
  view.searched = !view.filters.params().encode().empty();
  if (view.searched && view.error.empty()) {
    auto collected =
        co_await service::run_on(db_, [&] { return collect(parsed, cursor(call.query), kPageSize, kPageScan); });
    view.results = std::move(collected.results);
    view.older = collected.next;
    view.error = collected.error;
  }
  co_return page(call, render(call.viewer, view), "search");
}

// The whole result, never silently cut: beyond kExportMax the export is
// refused with a message saying so.
asio::awaitable<Response> Router::export_search(Call& call, const std::string& format) {
  const auto values = FilterValues::from(call.query);
  auto parsed = parse_filters(values, lists_, unix_now());
  if (!parsed.error.empty()) co_return Response{400, "text/plain; charset=utf-8", parsed.error + "\n"};
  if (values.params().encode().empty())
    co_return Response{400, "text/plain; charset=utf-8", "give a query or a filter\n"};
  auto collected = co_await service::run_on(db_, [&] { return collect(parsed, std::nullopt, kExportMax + 1, 0); });
  if (!collected.error.empty()) co_return Response{400, "text/plain; charset=utf-8", collected.error + "\n"};
  if (collected.results.size() > kExportMax) {
    co_return Response{
        413, "text/plain; charset=utf-8",
        "more than " + std::to_string(kExportMax) + " reports: narrow the search (a date range, a rule)\n"};
  }
  Response response{200, "", ""};
  if (format == "csv")
    response = Response{200, "text/csv; charset=utf-8", results_csv(collected.results)};
  else if (format == "json")
    response = Response{200, "application/json", results_json(collected.results)};
  else
    response = Response{200, "application/atom+xml",
                        results_atom(collected.results, values.query.empty() ? "search" : values.query, unix_now())};
  response.headers.push_back({"Content-Disposition", "attachment; filename=\"khabar-search." + format + "\""});
  co_return response;
}

asio::awaitable<Response> Router::rules(Call& call) {
  std::vector<std::string> names;
  for (const auto& rule : config_.rules) names.push_back(rule.name);
  auto counts = co_await service::run_on(db_, [&] { return newsroom_.rule_counts(names, unix_now()); });
  if (!counts) co_return Response{500, "text/plain; charset=utf-8", counts.error().message + "\n"};
  RulesView view;
  for (size_t i = 0; i < names.size(); ++i) view.rules.push_back({names[i], config_.rules[i].query, (*counts)[i]});
  co_return page(call, render(call.viewer, view), "rules");
}

asio::awaitable<Response> Router::workbench(Call& call) {
  WorkbenchView view;
  view.draft = call.query.get("q");
  view.since = call.query.get("since").empty() ? "30d" : call.query.get("since");
  if (!view.draft.empty()) {
    FilterValues values;
    values.query = view.draft;
    values.since = view.since;
    auto parsed = parse_filters(values, lists_, unix_now());
    view.error = parsed.error;
    if (view.error.empty()) {
      view.tried = true;
      co_await service::run_on(db_, [&] { try_draft(parsed, view); });
    }
  }
  co_return page(call, render(call.viewer, view), "rules");
}

// On the archive's strand: what the draft catches among the reports fetched
// since its date, as the rule would have (counted by FTS5 where it is exact,
// else by the matcher over at most kWorkbenchScan candidates), its newest
// catches, and which of the newest kWorkbenchLabelled labelled reports it
// catches or misses.
void Router::try_draft(const ParsedFilters& parsed, WorkbenchView& view) {
  auto newest = collect(parsed, std::nullopt, kWorkbenchShown, kWorkbenchScan);
  view.newest = std::move(newest.results);
  if (parsed.exact && !parsed.fts.empty()) {
    auto caught = newsroom_.count_fetched_since(parsed.fts, parsed.search.since.value_or(0));
    view.caught = caught ? *caught : 0;
  } else {
    auto caught = collect(parsed, std::nullopt, 0, kWorkbenchScan);
    view.caught = static_cast<std::int64_t>(caught.results.size());
    view.caught_at_least = caught.next.has_value();
  }
  auto scanned = newsroom_.fetched_since(parsed.search.since.value_or(0));
  view.scanned = scanned ? *scanned : 0;
  auto labelled = newsroom_.labelled_reports(kWorkbenchLabelled);
  if (!labelled) return;
  view.labelled = static_cast<std::int64_t>(labelled->size());
  for (auto& report : *labelled) {
    std::vector<std::string> terms;
    const bool hit = parsed.accepts(report.hit, &terms);
    const bool relevant = report.label == "relevant";
    if (!relevant && !hit) continue;
    auto& list = relevant ? (hit ? view.hits : view.misses) : view.false_alarms;
    list.push_back({std::move(report.hit), std::move(terms), report.label});
  }
}

asio::awaitable<Response> Router::cases(Call& call, bool csv) {
  auto view = co_await service::run_on(db_, [&]() -> Result<CasesView> {
    auto cases = newsroom_.cases();
    if (!cases) return cases.error();
    auto counts = newsroom_.case_counts();
    if (!counts) return counts.error();
    return CasesView{std::move(*cases), std::move(*counts)};
  });
  if (!view) co_return Response{500, "text/plain; charset=utf-8", view.error().message + "\n"};
  if (csv) {
    Response response{200, "text/csv; charset=utf-8", cases_csv(view->cases)};
    response.headers.push_back({"Content-Disposition", "attachment; filename=\"khabar-cases.csv\""});
    co_return response;
  }
  co_return page(call, render(call.viewer, *view), "cases");
}

asio::awaitable<Response> Router::sources(Call& call) {
  const auto now = unix_now();
  auto view = co_await service::run_on(db_, [&]() -> Result<SourcesView> {
    auto feeds = newsroom_.sources();
    if (!feeds) return feeds.error();
    SourcesView out{{}, now};
    for (auto& state : *feeds) {
      SourceRow row{std::move(state), false, false};
      for (const auto& feed : config_.feeds) row.configured = row.configured || feed.name == row.state.name;
      if (auto times = newsroom_.recent_item_times(row.state.id, 20))
        row.quiet = service::is_unusually_quiet(*times, now);
      out.sources.push_back(std::move(row));
    }
    return out;
  });
  if (!view) co_return Response{500, "text/plain; charset=utf-8", view.error().message + "\n"};
  co_return page(call, render(call.viewer, *view), "sources");
}

}  // namespace khabar::web
