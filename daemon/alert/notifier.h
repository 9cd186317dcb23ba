// Alert delivery: what a notifier is asked to send, and what came of it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/time_format.h"

namespace khabar::alert {

// A matched term's meaning, for readers of English or Russian.
struct Gloss {
  std::string term;
  std::string en;
  std::string ru;
};

// An item's title and summary in the channel's language.
struct Translation {
  std::string language;
  std::optional<std::string> title;
  std::optional<std::string> summary;
};

// One outlet's item that matched a rule.
struct Report {
  std::int64_t alert_id = 0;
  std::string rule;  // the first rule that matched
  std::vector<std::string> terms;
  std::string feed;
  std::optional<std::string> country;  // the feed's, from the catalogue
  std::optional<std::string> title;
  std::optional<std::string> link;
  std::optional<std::string> summary;
  std::optional<std::string> language;
  std::optional<UnixTime> published;
  std::vector<std::string> rules = {};  // every rule that matched, the first one first
  std::vector<Gloss> glosses = {};      // of the matched terms that have one
  std::string reason = {};              // why, in English: the first rule's description
  std::optional<Translation> translation = std::nullopt;
  std::optional<std::string> untranslated = std::nullopt;  // why a wanted translation is missing
  std::int64_t item_id = 0;
};

// The reports of one story (one event across outlets), in arrival order.
struct StoryReports {
  std::optional<std::int64_t> story;
  std::vector<Report> reports;
};

enum class MessageKind {
  kAlert,   // one report of a new story
  kSurge,   // a story reported by outlets of several countries within hours
  kDigest,  // the stories held for the channel since its last digest
};

struct AlertMessage {
  MessageKind kind = MessageKind::kAlert;
  std::int64_t id = 0;  // the alert's (or the digest's): stable across retries
  std::string channel;
  std::vector<StoryReports> stories;  // never empty; an alert holds one report
  // Set only for a one-off message (`alerts test`), which has no outbox id:
  // replaces the id-based idempotency key, so each test is new to the receiver.
  std::string one_off_key;

  const Report& lead() const { return stories.front().reports.front(); }
  size_t report_count() const;
  // The countries of the reports, sorted, each once.
  std::vector<std::string> countries() const;
};

// The same for every attempt at one message, so a receiver can drop repeats:
// "khabar-alert-42", "khabar-digest-7".
std::string idempotency_key(const AlertMessage& message);

enum class Delivery { kDelivered, kRetryLater, kFailedPermanently };

struct DeliveryOutcome {
  Delivery delivery = Delivery::kDelivered;
  std::string detail;                      // why it was not delivered; never holds secrets
  std::optional<std::string> retry_after;  // what the receiver asked for, as sent
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual DeliveryOutcome deliver(const AlertMessage& message) = 0;
};

}  // namespace khabar::alert
