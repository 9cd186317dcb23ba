#include "service/feed_poller.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "parse/article_extractor.h"
#include "parse/feed_parser.h"
#include "parse/html_text.h"
#include "text/language_detector.h"
#include "util/url.h"

namespace khabar::service {

store::ItemRecord to_record(const parse::Item& item, const std::optional<std::string>& feed_language) {
  const auto declared = item.language ? item.language : feed_language;
  // The archive keeps the content as text: what matching and search read.
  auto content = item.content ? std::optional<std::string>(parse::html_to_text(*item.content)) : std::nullopt;
  if (content && content->empty()) content.reset();
  auto text = item.title.value_or("") + "\n" + item.summary.value_or("");
  if (text.size() < 200 && content) text += "\n" + content->substr(0, 1000);  // a headline alone is too short to tell
  auto language = text::identify_language(text, declared.value_or(""));
  return {item.id,
          item.link,
          item.title,
          item.summary,
          std::move(content),
          item.author,
          language.empty() ? std::nullopt : std::optional<std::string>(std::move(language)),
          item.published ? item.published : item.updated,
          std::nullopt};
}

fetch::HttpRequest page_request(const config::DaemonConfig& daemon, const config::FeedConfig& feed,
                                const std::string& url) {
  fetch::HttpRequest request;
  request.url = url;
  request.timeout = daemon.fetch_timeout;
  request.max_body_bytes = daemon.max_feed_bytes;
  const bool page = feed.type != config::FeedType::kFeed;
  request.headers = {{"Accept", page ? "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
                                     : "application/rss+xml, application/atom+xml, application/feed+json, "
                                       "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"}};
  return request;
}

fetch::HttpRequest feed_request(const config::DaemonConfig& daemon, const config::FeedConfig& feed,
                                const store::FeedState& state) {
  auto request = page_request(daemon, feed, state.url);
  request.etag = state.etag;
  request.last_modified = state.last_modified;
  return request;
}

parse::ParseOptions parse_options(const config::DaemonConfig& daemon, const config::FeedConfig& feed,
                                  const fetch::HttpResponse& response) {
  parse::ParseOptions options;
  options.content_type = response.content_type;
  options.url = response.effective_url;
  options.max_bytes = daemon.max_feed_bytes;
  options.kind = feed.type == config::FeedType::kTelegram ? parse::SourceKind::kTelegram
                 : feed.type == config::FeedType::kHtml   ? parse::SourceKind::kHtml
                                                          : parse::SourceKind::kAuto;
  options.selectors = feed.selectors;
  return options;
}

namespace {

// How long to wait when Telegram sends its "Too Many Requests" page with no
// Retry-After: as a Retry-After header would say it, in seconds.
constexpr const char* kRateLimitPause = "300";

// A Telegram channel's cursor: the newest post number stored, so the next
// poll can tell whether posts were missed between its page and this one.
void remember_newest_post(store::Archive& archive, const config::FeedConfig& feed, std::int64_t feed_id,
                          const std::vector<parse::Item>& items) {
  if (feed.type != config::FeedType::kTelegram) return;
  const auto newest = newest_post(items);
  auto state = archive.feed_state(feed.name);
  if (!newest || !state || !*state) return;
  const auto known = telegram_post_number((*state)->cursor);
  if (known && *known >= *newest) return;
  if (auto status = archive.set_cursor(feed_id, std::to_string(*newest)); !status) {
    spdlog::warn("feed {}: keeping its newest post failed: {}", feed.name, status.error().message);
  }
}

bool looks_like_html(const std::string& body, const std::string& content_type) {
  if (content_type.find("html") != std::string::npos) return true;
  const auto head = body.substr(0, 512);
  return head.find("<html") != std::string::npos || head.find("<!DOCTYPE html") != std::string::npos ||
         head.find("<!doctype html") != std::string::npos;
}

// Cloudflare, DDoS-Guard and their kind answer a feed reader with a page
// for a browser to solve: it needs a human, not a retry.
bool is_challenge(const fetch::HttpResponse& response) {
  return (response.status == 403 || response.status == 503 || response.status == 429) &&
         looks_like_html(response.body, response.content_type);
}

std::string http_error(const fetch::HttpResponse& response) {
  auto error = "HTTP " + std::to_string(response.status);
  if (is_challenge(response)) error += ": blocked by a bot-protection challenge page (HTML instead of a feed)";
  return error;
}

FailureKind http_failure(const fetch::HttpResponse& response) {
  if (is_challenge(response)) return FailureKind::kChallenge;
  if (response.status >= 500) return FailureKind::kHttp5xx;
  if (response.status >= 400) return FailureKind::kHttp4xx;
  return FailureKind::kOther;  // 1xx, or a 3xx not followed
}

FailureKind transfer_failure_kind(const Error& error) {
  switch (fetch::transfer_failure(error)) {
    case fetch::TransferFailure::kDns:
      return FailureKind::kDns;
    case fetch::TransferFailure::kConnect:
      return FailureKind::kConnect;
    case fetch::TransferFailure::kTimeout:
      return FailureKind::kTimeout;
    case fetch::TransferFailure::kTooLarge:
      return FailureKind::kTooLarge;
    case fetch::TransferFailure::kOther:
      return FailureKind::kOther;
  }
  return FailureKind::kOther;
}

}  // namespace

FetchOutcome outcome_of(const config::DaemonConfig& daemon, const config::FeedConfig& feed,
                        Result<fetch::HttpResponse> response) {
  FetchOutcome outcome;
  if (!response) {
    outcome.error = response.error().message;
    outcome.error_kind = response.error().kind;
    outcome.failure = transfer_failure_kind(response.error());
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
    outcome.failure = http_failure(*response);
    outcome.error_kind = response->status >= 400 && response->status < 500 && response->status != 429
                             ? ErrorKind::kPermanent
                             : ErrorKind::kTransient;
    return outcome;
  }
  auto parsed = parse::parse_feed(response->body, parse_options(daemon, feed, *response));
  if (!parsed) {
    outcome.error = parsed.error().message;
    outcome.error_kind = parsed.error().kind;
    // Telegram's "slow down" page and its card for a missing channel are
    // answers about the source, not documents that failed to parse.
    outcome.failure = parsed.error().kind == ErrorKind::kInvalidInput ? FailureKind::kNotAFeed : FailureKind::kOther;
    // Telegram's "Too Many Requests" page: wait as a 429 would say.
    if (parsed.error().kind == ErrorKind::kTransient && !outcome.retry_after) outcome.retry_after = kRateLimitPause;
    return outcome;
  }
  outcome.kind = FetchOutcome::Kind::kParsed;
  outcome.feed = std::move(*parsed);
  outcome.etag = response->etag;
  outcome.last_modified = response->last_modified;
  return outcome;
}

FetchOutcome fetch_feed(fetch::HttpClient& http, const config::DaemonConfig& daemon, const config::FeedConfig& feed,
                        const store::FeedState& state) {
  return outcome_of(daemon, feed, http.perform(feed_request(daemon, feed, state)));
}

std::optional<std::int64_t> telegram_post_number(const std::optional<std::string>& id) {
  if (!id) return std::nullopt;
  const auto slash = id->rfind('/');
  const auto digits = slash == std::string::npos ? *id : id->substr(slash + 1);
  if (digits.empty() || digits.size() > 18 || !std::all_of(digits.begin(), digits.end(), ::isdigit))
    return std::nullopt;
  return std::stoll(digits);
}

std::optional<std::int64_t> newest_post(const std::vector<parse::Item>& items) {
  std::optional<std::int64_t> newest;
  for (const auto& item : items) {
    if (auto n = telegram_post_number(item.id); n && (!newest || *n > *newest)) newest = n;
  }
  return newest;
}

bool needs_older_page(const parse::ParsedFeed& so_far, std::optional<std::int64_t> newest_known, int backfill) {
  if (!so_far.feed.older_page || so_far.items.empty() || static_cast<int>(so_far.items.size()) >= backfill)
    return false;
  std::optional<std::int64_t> oldest;
  for (const auto& item : so_far.items) {
    if (auto n = telegram_post_number(item.id); n && (!oldest || *n < *oldest)) oldest = n;
  }
  return oldest && (!newest_known || *oldest > *newest_known);
}

std::vector<size_t> article_candidates(const config::FeedConfig& feed, const RuleBook& rules,
                                       const std::vector<store::ItemRecord>& records, const std::vector<bool>& fresh,
                                       int limit) {
  std::vector<size_t> out;
  for (size_t i = 0; i < records.size() && static_cast<int>(out.size()) < limit; ++i) {
    const auto& record = records[i];
    if (i >= fresh.size() || !fresh[i] || !record.link || !is_http_url(*record.link)) continue;
    if (feed.fetch_article == config::ArticleFetch::kCandidates && !rules.passes_prefilter(record)) continue;
    out.push_back(i);
  }
  return out;
}

ArticleOutcome article_of(const config::FeedConfig& feed, size_t item, Result<fetch::HttpResponse> response,
                          UnixTime now) {
  ArticleOutcome out{item, std::nullopt, {}, now};
  if (!response) {
    out.error = response.error().message;
  } else if (response->status < 200 || response->status >= 300) {
    out.error = http_error(*response);
  } else if (auto text = parse::extract_article(response->body, feed.xpath_article); !text) {
    out.error = text.error().message;
  } else {
    out.text = std::move(*text);
  }
  return out;
}

// Puts fetched articles into their items, and counts the failures.
void apply_articles(store::Archive& archive, const config::FeedConfig& feed, std::int64_t feed_id,
                    const std::vector<ArticleOutcome>& articles, std::vector<store::ItemRecord>& records) {
  int failures = 0;
  std::string last_error;
  for (const auto& article : articles) {
    auto& record = records[article.item];
    if (article.text) {
      record.content = *article.text;
      record.article_fetched_at = article.at;
      continue;
    }
    record.article_error = article.error;
    ++failures;
    last_error = record.link.value_or("") + ": " + article.error;
    spdlog::warn("feed {}: article {}", feed.name, last_error);
  }
  if (auto status = archive.record_article_failures(feed_id, failures, last_error); !status) {
    spdlog::warn("feed {}: recording article failures failed: {}", feed.name, status.error().message);
  }
}

// The failure is already in the poll's report and the log; a failure to
// record it only loses the feed's error count in `status`, so it is logged.
static void record_failure(store::Archive& archive, const config::FeedConfig& feed, std::int64_t feed_id,
                           const std::string& error, UnixTime now) {
  if (auto recorded = archive.record_failure(feed_id, error, now); !recorded) {
    spdlog::warn("feed {}: recording its failure failed: {}", feed.name, recorded.error().message);
  }
}

void prepare_records(FetchOutcome& outcome, const config::FeedConfig& feed, const RuleBook& rules) {
  const auto language = outcome.feed.feed.language ? outcome.feed.feed.language : feed.language;
  outcome.records.clear();
  outcome.records.reserve(outcome.feed.items.size());
  outcome.matches.clear();
  outcome.matches.reserve(outcome.feed.items.size());
  for (const auto& item : outcome.feed.items) {
    auto& record = outcome.records.emplace_back(to_record(item, language));
    const auto tokens = tokenize_item(record);
    record.story_keys = rules.story_keys(record, &tokens);
    record.index_forms = index_forms(tokens);
    outcome.matches.push_back(rules.match(record, feed.name, &tokens));
  }
}

PollReport store_outcome(store::Archive& archive, const RuleBook& rules, const config::FeedConfig& feed,
                         std::int64_t feed_id, FetchOutcome& outcome, UnixTime now) {
  PollReport report{feed.name, outcome.kind, {}, outcome.error, outcome.failure};
  if (outcome.kind == FetchOutcome::Kind::kFailed) {
    record_failure(archive, feed, feed_id, outcome.error, now);
    return report;
  }
  if (outcome.moved_permanently_to) {
    spdlog::info("feed {}: moved permanently to {}; polling the new address from now on", feed.name,
                 mask_credentials(*outcome.moved_permanently_to));
    if (auto moved = archive.move_feed(feed_id, *outcome.moved_permanently_to); !moved) {
      spdlog::warn("feed {}: keeping the old address: {}", feed.name, moved.error().message);
    }
  }
  if (outcome.kind == FetchOutcome::Kind::kParsed) {
    if (outcome.records.size() != outcome.feed.items.size()) prepare_records(outcome, feed, rules);
    auto& records = outcome.records;
    if (!outcome.articles.empty()) {
      apply_articles(archive, feed, feed_id, outcome.articles, records);
      for (auto& record : records) {
        record.story_keys = rules.story_keys(record);  // the article text names more
        record.index_forms.reset();                    // and its words are indexed
      }
      outcome.matches.clear();  // and matched
    }
    // The matches found on the pool, for the records they were found for.
    const bool matched = outcome.matches.size() == records.size();
    auto ingested = archive.ingest(feed_id, records, now, [&](const store::ItemRecord& r) {
      if (matched && &r >= records.data() && &r < records.data() + records.size())
        return std::move(outcome.matches[static_cast<size_t>(&r - records.data())]);
      return rules.match(r, feed.name);
    });
    if (!ingested) {
      report.kind = FetchOutcome::Kind::kFailed;
      report.error = "storing items failed: " + ingested.error().message;
      report.failure = FailureKind::kOther;
      record_failure(archive, feed, feed_id, report.error, now);
      return report;
    }
    report.ingest = *ingested;
    remember_newest_post(archive, feed, feed_id, outcome.feed.items);
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
