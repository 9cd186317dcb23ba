#include "service/feed_poller.h"

#include "parse/feed_parser.h"
#include "text/language_detector.h"

namespace khabar::service {

store::ItemRecord to_record(const parse::Item& item, const std::optional<std::string>& feed_language) {
  const auto declared = item.language ? item.language : feed_language;
  const auto text = item.title.value_or("") + "\n" + item.summary.value_or("");
  auto language = text::identify_language(text, declared.value_or(""));
  return {item.id,      item.link,   item.title, item.summary, item.content, item.author,
          language.empty() ? std::nullopt : std::optional<std::string>(std::move(language)),
          item.published ? item.published : item.updated};
}

FetchOutcome fetch_feed(fetch::HttpClient& http, const config::DaemonConfig& daemon, const config::FeedConfig& feed,
                        const store::FeedState& state) {
  fetch::HttpRequest request;
  request.url = feed.url;
  request.etag = state.etag;
  request.last_modified = state.last_modified;
  request.timeout = daemon.fetch_timeout;
  request.max_body_bytes = daemon.max_feed_bytes;
  request.headers = {{"Accept", "application/rss+xml, application/atom+xml, application/feed+json, "
                                "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"}};
  FetchOutcome outcome;
  auto response = http.perform(request);
  if (!response) {
    outcome.error = response.error().message;
    return outcome;
  }
  if (response->status == 304) {
    outcome.kind = FetchOutcome::Kind::kNotModified;
    return outcome;
  }
  if (response->status < 200 || response->status >= 300) {
    outcome.error = "HTTP " + std::to_string(response->status);
    return outcome;
  }
  parse::ParseOptions options{response->content_type, response->effective_url, daemon.max_feed_bytes};
  auto parsed = parse::parse_feed(response->body, options);
  if (!parsed) {
    outcome.error = parsed.error().message;
    return outcome;
  }
  outcome.kind = FetchOutcome::Kind::kParsed;
  outcome.feed = std::move(*parsed);
  outcome.etag = response->etag;
  outcome.last_modified = response->last_modified;
  return outcome;
}

PollReport store_outcome(store::Archive& archive, const RuleBook& rules, const config::FeedConfig& feed,
                         std::int64_t feed_id, FetchOutcome outcome, UnixTime now) {
  PollReport report{feed.name, outcome.kind, {}, outcome.error};
  if (outcome.kind == FetchOutcome::Kind::kFailed) {
    (void)archive.record_failure(feed_id, outcome.error, now);
    return report;
  }
  if (outcome.kind == FetchOutcome::Kind::kParsed) {
    const auto language = outcome.feed.feed.language ? outcome.feed.feed.language : feed.language;
    std::vector<store::ItemRecord> records;
    records.reserve(outcome.feed.items.size());
    for (const auto& item : outcome.feed.items) records.push_back(to_record(item, language));
    auto ingested = archive.ingest(feed_id, records, now, [&](const store::ItemRecord& r) { return rules.match(r, feed.name); });
    if (!ingested) {
      report.kind = FetchOutcome::Kind::kFailed;
      report.error = "storing items failed: " + ingested.error().message;
      (void)archive.record_failure(feed_id, report.error, now);
      return report;
    }
    report.ingest = *ingested;
  }
  auto status = outcome.kind == FetchOutcome::Kind::kNotModified
                    ? archive.record_not_modified(feed_id, now)
                    : archive.record_success(feed_id, outcome.etag, outcome.last_modified, now);
  if (!status) {
    report.error = status.error().message;
  }
  return report;
}

}  // namespace khabar::service
