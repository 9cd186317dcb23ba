#include "service/feed_poller.h"

#include <spdlog/spdlog.h>

#include "parse/feed_parser.h"
#include "text/language_detector.h"

namespace khabar::service {

store::ItemRecord to_record(const parse::Item& item, const std::optional<std::string>& feed_language) {
  const auto declared = item.language ? item.language : feed_language;
  const auto text = item.title.value_or("") + "\n" + item.summary.value_or("");
  auto language = text::identify_language(text, declared.value_or(""));
  return {item.id,      item.link,   item.title, item.summary, item.content, item.author,
          language.empty() ? std::nullopt : std::optional<std::string>(std::move(language)),
          item.published ? item.published : item.updated, std::nullopt};
}

fetch::HttpRequest feed_request(const config::DaemonConfig& daemon, const store::FeedState& state) {
  fetch::HttpRequest request;
  request.url = state.url;
  request.etag = state.etag;
  request.last_modified = state.last_modified;
  request.timeout = daemon.fetch_timeout;
  request.max_body_bytes = daemon.max_feed_bytes;
  request.headers = {{"Accept", "application/rss+xml, application/atom+xml, application/feed+json, "
                                "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"}};
  return request;
}

namespace {

bool looks_like_html(const std::string& body, const std::string& content_type) {
  if (content_type.find("html") != std::string::npos) return true;
  const auto head = body.substr(0, 512);
  return head.find("<html") != std::string::npos || head.find("<!DOCTYPE html") != std::string::npos ||
         head.find("<!doctype html") != std::string::npos;
}

std::string http_error(const fetch::HttpResponse& response) {
  auto error = "HTTP " + std::to_string(response.status);
  // Cloudflare, DDoS-Guard and their kind answer a feed reader with a page
  // for a browser to solve: say so, it needs a human, not a retry.
  if ((response.status == 403 || response.status == 503 || response.status == 429) &&
      looks_like_html(response.body, response.content_type)) {
    error += ": blocked by a bot-protection challenge page (HTML instead of a feed)";
  }
  return error;
}

}  // namespace

FetchOutcome outcome_of(const config::DaemonConfig& daemon, Result<fetch::HttpResponse> response) {
  FetchOutcome outcome;
  if (!response) {
    outcome.error = response.error().message;
    return outcome;
  }
  outcome.retry_after = response->retry_after;
  outcome.cache_control = response->cache_control;
  outcome.moved_permanently_to = response->moved_permanently_to;
  if (response->status == 304) {
    outcome.kind = FetchOutcome::Kind::kNotModified;
    outcome.etag = response->etag;  // a 304 may carry fresher validators
    outcome.last_modified = response->last_modified;
    return outcome;
  }
  if (response->status < 200 || response->status >= 300) {
    outcome.error = http_error(*response);
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

FetchOutcome fetch_feed(fetch::HttpClient& http, const config::DaemonConfig& daemon, const store::FeedState& state) {
  return outcome_of(daemon, http.perform(feed_request(daemon, state)));
}

PollReport store_outcome(store::Archive& archive, const RuleBook& rules, const config::FeedConfig& feed,
                         std::int64_t feed_id, FetchOutcome outcome, UnixTime now) {
  PollReport report{feed.name, outcome.kind, {}, outcome.error};
  if (outcome.kind == FetchOutcome::Kind::kFailed) {
    (void)archive.record_failure(feed_id, outcome.error, now);
    return report;
  }
  if (outcome.moved_permanently_to) {
    spdlog::info("feed {}: moved permanently to {}; polling the new address from now on", feed.name,
                 *outcome.moved_permanently_to);
    (void)archive.move_feed(feed_id, *outcome.moved_permanently_to);
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
                    ? archive.record_not_modified(feed_id, outcome.etag, outcome.last_modified, now)
                    : archive.record_success(feed_id, outcome.etag, outcome.last_modified, now);
  if (!status) {
    report.error = status.error().message;
  }
  return report;
}

}  // namespace khabar::service
