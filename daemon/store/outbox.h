// The alert outbox: the alerts a match creates, how each channel wants them
// (alone, held for a digest, or as a surge), and their delivery state. Rows
// are written in the ingest's transaction, so an item is never stored
// without its alerts; a delivered alert is marked sent at once, so a restart
// never sends it again. A view over the archive's connection: same thread rules.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/item_row.h"
#include "store/sqlite.h"
#include "util/result.h"
#include "util/time_format.h"

namespace khabar::store {

// How one channel takes its alerts; the default sends each story once, alone.
struct ChannelPolicy {
  bool digest = false;                   // every alert waits for the channel's digest
  bool every_report = false;             // later reports of an alerted story are alerts too
  int max_per_hour = 0;                  // 0: no limit; beyond it, alerts wait for the digest
  int surge_countries = 0;               // 0: no surge alerts
  std::int64_t surge_within = 6 * 3600;  // seconds
};

// Why an alert waits for the digest instead of going out alone.
inline constexpr const char* kHeldForDigest = "digest";     // the channel takes digests only
inline constexpr const char* kHeldAsUpdate = "update";      // its story was already sent
inline constexpr const char* kHeldOverRate = "rate limit";  // over the channel's max_per_hour

struct PendingAlert {
  std::int64_t id = 0;
  std::int64_t item_id = 0;
  UnixTime created_at = 0;
  std::string state;  // pending, sent, failed
  std::optional<std::string> last_error;
  std::string channel;
  std::string rule;                // the first rule that routed the item to the channel
  std::vector<std::string> rules;  // every rule the item matched, in rule order
  std::vector<std::string> terms;  // every matched term, once
  std::vector<TermGloss> glosses;  // of the terms that have one
  std::string feed_name;
  ItemRecord item;
  std::int64_t attempts = 0;
  std::string kind = "alert";  // alert (alone), held (for the digest), surge
  std::optional<std::string> held_reason;
  std::optional<std::int64_t> story;
  std::optional<std::string> country;  // the feed's
  std::optional<std::int64_t> digest;
};

// An item's title and summary in another language, as cached.
struct StoredTranslation {
  std::string language;
  std::optional<std::string> title;
  std::optional<std::string> summary;
};

// Held alerts bundled for one delivery; its id keys every attempt.
struct PendingDigest {
  std::int64_t id = 0;
  std::string channel;
  UnixTime created_at = 0;
  std::int64_t attempts = 0;
  std::vector<PendingAlert> alerts;  // oldest first
};

// Where one channel's alerts stand, for `khabar status`.
struct ChannelBacklog {
  std::string channel;
  std::int64_t due = 0;     // pending alerts and surges: sent as soon as the channel takes them
  std::int64_t held = 0;    // pending alerts waiting for the channel's digest
  std::int64_t failed = 0;  // given up on
  std::optional<UnixTime> last_sent;
  std::optional<std::string> last_error;  // of the newest pending alert that failed an attempt
};

class Outbox {
 public:
  Outbox(Database& db, const std::map<std::string, ChannelPolicy>& policies) : db_(db), policies_(policies) {}

  // The alerts for a new match of `item_id` to `rule`, one per channel, as
  // the channel's policy says: alone; held for the digest (the channel's
  // choice, an update of a story already sent, or over the rate limit); and
  // a surge alert when the story's reports to the channel come from enough
  // countries within the window. Returns how many rows were created.
  Result<int> enqueue(std::int64_t item_id, const std::string& rule, const std::vector<std::string>& channels,
                      UnixTime now);

  // Alerts to send alone (kinds alert and surge) due at `now`, oldest first;
  // of one channel, or of all when `channel` is empty.
  Result<std::vector<PendingAlert>> due_alerts(int limit, UnixTime now, const std::string& channel = "");
  // The story's reports to `channel` (every kind but surge) published or
  // fetched since `since`, oldest first: what a surge alert lists.
  Result<std::vector<PendingAlert>> story_reports(std::int64_t story, const std::string& channel, UnixTime since);
  // The newest alerts in `state` ("" for any), newest first.
  Result<std::vector<PendingAlert>> list(const std::string& state, int limit);
  Result<std::int64_t> pending_count();
  // Every channel with alerts, by name.
  Result<std::vector<ChannelBacklog>> backlog();
  Status mark_sent(std::int64_t alert_id, UnixTime now);
  // A failed attempt: the alert stays pending, to be tried again at
  // `next_attempt`, unless `permanent`.
  Status mark_failed(std::int64_t alert_id, const std::string& error, bool permanent,
                     std::optional<UnixTime> next_attempt = std::nullopt);
  // Makes failed and waiting alerts (one, or all when `alert_id` is 0, with
  // their digests) due now; returns how many alerts.
  Result<int> retry(std::int64_t alert_id);

  // Translations cached per item and language.
  Result<std::optional<StoredTranslation>> translation(std::int64_t item_id, const std::string& language);
  Status save_translation(std::int64_t item_id, const StoredTranslation& translation, UnixTime now);

  // Bundles the channel's held alerts created before `until` into a new
  // digest; nullopt when none are held.
  Result<std::optional<std::int64_t>> form_digest(const std::string& channel, UnixTime until, UnixTime now);
  Result<std::vector<PendingDigest>> due_digests(int limit, UnixTime now, const std::string& channel = "");
  // Marks the digest and every alert in it.
  Status mark_digest_sent(std::int64_t digest_id, UnixTime now);
  Status mark_digest_failed(std::int64_t digest_id, const std::string& error, bool permanent,
                            std::optional<UnixTime> next_attempt = std::nullopt);

 private:
  Result<std::optional<std::string>> held_reason(std::int64_t item_id, const std::string& channel,
                                                 const ChannelPolicy& policy, UnixTime now);
  Result<int> insert(std::int64_t item_id, const std::string& rule, const std::string& channel, const char* kind,
                     const std::optional<std::string>& reason, UnixTime now);
  Result<bool> surging(std::int64_t item_id, const std::string& channel, const ChannelPolicy& policy, UnixTime now);
  Result<std::vector<PendingAlert>> query(const std::string& where, const std::function<void(Statement&)>& bind);
  Status add_matches(PendingAlert& alert);

  Database& db_;
  const std::map<std::string, ChannelPolicy>& policies_;
};

}  // namespace khabar::store
