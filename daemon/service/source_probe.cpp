#include "service/source_probe.h"

#include "config/telegram_url.h"
#include "service/feed_poller.h"

namespace khabar::service {
namespace {

std::string days(UnixTime seconds) { return std::to_string(seconds / 86400) + " days"; }

void judge_items(ProbeReport& report, const parse::ParsedFeed& parsed, UnixTime now) {
  report.kind = parsed.feed.format;
  report.encoding = parsed.encoding;
  report.items = parsed.items.size();
  for (const auto& item : parsed.items) {
    const auto when = item.published ? item.published : item.updated;
    if (when && *when <= now + 2 * 86400 && (!report.newest || *when > *report.newest)) report.newest = when;
  }
  if (report.items == 0) {
    report.verdict = "empty";
    report.detail = "no items: an empty channel looks just like a quiet day";
  } else if (report.newest && now - *report.newest > kStaleAfter) {
    report.verdict = "stale";
    report.detail = "newest item " + days(now - *report.newest) + " old";
  } else {
    report.verdict = "ok";
    if (!report.newest) report.detail = "no item carries a date";
  }
}

}  // namespace

ProbeReport judge_probe(const config::DaemonConfig& daemon, const config::FeedConfig& feed,
                        const Result<fetch::HttpResponse>& response, UnixTime now) {
  ProbeReport report;
  report.source = feed.name.empty() ? feed.url : feed.name;
  report.url = feed.url;
  if (!response) {
    report.verdict = "error";
    report.detail = response.error().message;
    return report;
  }
  report.status = response->status;
  report.redirects = response->redirects;
  report.final_url = response->effective_url;
  report.etag = response->etag;
  report.last_modified = response->last_modified;
  report.content_type = response->content_type;
  const auto outcome = outcome_of(daemon, feed, *response);
  if (outcome.kind == FetchOutcome::Kind::kFailed) {
    report.verdict = outcome.error_kind == ErrorKind::kInvalidInput ? "not a feed" : "error";
    report.detail = outcome.error;
    return report;
  }
  judge_items(report, outcome.feed, now);
  return report;
}

config::FeedConfig feed_for_url(const std::string& url) {
  config::FeedConfig feed;
  feed.url = url;
  if (auto channel = config::telegram_channel(url); channel && config::is_telegram_name(*channel)) {
    feed.type = config::FeedType::kTelegram;
    feed.url = config::telegram_preview_url(*channel);
  }
  return feed;
}

}  // namespace khabar::service
