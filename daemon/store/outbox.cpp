#include "store/outbox.h"

#include <algorithm>

namespace khabar::store {
namespace {

const std::string kAlertQuery =
    std::string(
        "SELECT a.id, a.channel, a.rule, m.terms, f.name, a.attempts, a.created_at, a.state, a.last_error, a.kind,"
        " a.held_reason, i.story_id, f.country, a.digest_id, a.item_id, ") +
    kItemColumns +
    " FROM alerts a JOIN items i ON i.id = a.item_id JOIN feeds f ON f.id = i.feed_id"
    " JOIN matches m ON m.item_id = a.item_id AND m.rule = a.rule ";

PendingAlert read_alert(const Statement& row) {
  PendingAlert alert;
  alert.id = row.integer(0);
  alert.channel = row.text(1);
  alert.rule = row.text(2);
  alert.terms = terms_from_json(row.text(3));
  alert.feed_name = row.text(4);
  alert.attempts = row.integer(5);
  alert.created_at = row.integer(6);
  alert.state = row.text(7);
  alert.last_error = row.optional_text(8);
  alert.kind = row.text(9);
  alert.held_reason = row.optional_text(10);
  alert.story = row.optional_integer(11);
  alert.country = row.optional_text(12);
  alert.digest = row.optional_integer(13);
  alert.item_id = row.integer(14);
  alert.item = read_item(row, 15);
  return alert;
}

// The first column of the first row, as an integer (0 without rows).
Result<std::int64_t> scalar(Statement& stmt) {
  auto row = stmt.step();
  if (!row) return row.error();
  return *row ? stmt.integer(0) : 0;
}

}  // namespace

Result<int> Outbox::enqueue(std::int64_t item_id, const std::string& rule, const std::vector<std::string>& channels,
                            UnixTime now) {
  int created = 0;
  for (const auto& channel : channels) {
    const auto found = policies_.find(channel);
    const auto policy = found == policies_.end() ? ChannelPolicy{} : found->second;
    auto reason = held_reason(item_id, channel, policy, now);
    if (!reason) return reason.error();
    auto added = insert(item_id, rule, channel, *reason ? "held" : "alert", *reason, now);
    if (!added) return added.error();
    created += *added;
    if (policy.surge_countries <= 0 || *added == 0) continue;
    auto surge = surging(item_id, channel, policy, now);
    if (!surge) return surge.error();
    if (!*surge) continue;
    auto surged = insert(item_id, rule, channel, "surge", std::nullopt, now);
    if (!surged) return surged.error();
    created += *surged;
  }
  return created;
}

Result<std::optional<std::string>> Outbox::held_reason(std::int64_t item_id, const std::string& channel,
                                                       const ChannelPolicy& policy, UnixTime now) {
  using Reason = std::optional<std::string>;
  if (!policy.every_report) {
    // The story was told to this channel from another outlet (whatever rule matched it).
    auto told = db_.cached(
        "SELECT 1 FROM alerts a JOIN items i ON i.id = a.item_id WHERE a.channel = ?1"
        " AND a.kind != 'surge' AND i.story_id = (SELECT story_id FROM items WHERE id = ?2) AND a.item_id != ?2 LIMIT "
        "1");
    if (!told) return told.error();
    auto already = scalar((*told)->bind(1, channel).bind(2, item_id));
    (*told)->reset();
    if (!already) return already.error();
    if (*already) return Reason(kHeldAsUpdate);
  }
  if (policy.digest) return Reason(kHeldForDigest);
  if (policy.max_per_hour <= 0) return Reason();
  auto recent = db_.cached("SELECT COUNT(*) FROM alerts WHERE channel = ?1 AND kind = 'alert' AND created_at > ?2");
  if (!recent) return recent.error();
  auto count = scalar((*recent)->bind(1, channel).bind(2, now - 3600));
  (*recent)->reset();
  if (!count) return count.error();
  return *count >= policy.max_per_hour ? Reason(kHeldOverRate) : Reason();
}

Result<int> Outbox::insert(std::int64_t item_id, const std::string& rule, const std::string& channel, const char* kind,
                           const std::optional<std::string>& reason, UnixTime now) {
  auto stmt = db_.cached(
      "INSERT INTO alerts (item_id, rule, channel, kind, held_reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
      " ON CONFLICT DO NOTHING");
  if (!stmt) return stmt.error();
  auto status =
      (*stmt)->bind(1, item_id).bind(2, rule).bind(3, channel).bind(4, kind).bind(5, reason).bind(6, now).run();
  (*stmt)->reset();
  if (!status) return status.error();
  return db_.changes();
}

// Enough countries' outlets reported the item's story to the channel within
// the window, and the channel has had no surge alert for it yet.
Result<bool> Outbox::surging(std::int64_t item_id, const std::string& channel, const ChannelPolicy& policy,
                             UnixTime now) {
  auto stmt = db_.cached(
      "SELECT (SELECT COUNT(DISTINCT f.country) FROM alerts a JOIN items i ON i.id = a.item_id"
      "   JOIN feeds f ON f.id = i.feed_id WHERE i.story_id = s.story AND a.channel = ?2 AND a.kind != 'surge'"
      "   AND COALESCE(i.published, i.fetched) >= ?3 AND f.country IS NOT NULL) >= ?4"
      " AND NOT EXISTS (SELECT 1 FROM alerts a JOIN items i ON i.id = a.item_id"
      "   WHERE i.story_id = s.story AND a.channel = ?2 AND a.kind = 'surge')"
      " FROM (SELECT story_id AS story FROM items WHERE id = ?1) s WHERE s.story IS NOT NULL");
  if (!stmt) return stmt.error();
  (*stmt)->bind(1, item_id).bind(2, channel).bind(3, now - policy.surge_within);
  (*stmt)->bind(4, std::int64_t{policy.surge_countries});
  auto surge = scalar(**stmt);
  (*stmt)->reset();
  if (!surge) return surge.error();
  return *surge != 0;
}

Result<std::vector<PendingAlert>> Outbox::query(const std::string& where, const std::function<void(Statement&)>& bind) {
  auto stmt = db_.prepare(kAlertQuery + where);
  if (!stmt) return stmt.error();
  bind(*stmt);
  std::vector<PendingAlert> out;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(read_alert(*stmt));
    if (auto status = add_matches(out.back()); !status) return status.error();
  }
}

Result<std::optional<StoredTranslation>> Outbox::translation(std::int64_t item_id, const std::string& language) {
  auto stmt = db_.prepare("SELECT title, summary FROM translations WHERE item_id = ?1 AND language = ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, item_id).bind(2, language);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<StoredTranslation>{};
  return std::optional<StoredTranslation>{StoredTranslation{language, stmt->optional_text(0), stmt->optional_text(1)}};
}

Status Outbox::save_translation(std::int64_t item_id, const StoredTranslation& t, UnixTime now) {
  auto stmt = db_.prepare(
      "INSERT INTO translations (item_id, language, title, summary, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"
      " ON CONFLICT (item_id, language) DO UPDATE SET title = excluded.title, summary = excluded.summary");
  if (!stmt) return stmt.error();
  return stmt->bind(1, item_id).bind(2, t.language).bind(3, t.title).bind(4, t.summary).bind(5, now).run();
}

// Every rule the alert's item matched, with its terms and their glosses.
Status Outbox::add_matches(PendingAlert& alert) {
  auto stmt = db_.cached("SELECT rule, terms, glosses FROM matches WHERE item_id = ?1 ORDER BY rowid");
  if (!stmt) return stmt.error();
  (*stmt)->bind(1, alert.item_id);
  alert.rules.clear();
  while (true) {
    auto row = (*stmt)->step();
    if (!row) {
      (*stmt)->reset();
      return row.error();
    }
    if (!*row) break;
    alert.rules.push_back((*stmt)->text(0));
    for (auto& term : terms_from_json((*stmt)->text(1))) {
      if (std::find(alert.terms.begin(), alert.terms.end(), term) == alert.terms.end())
        alert.terms.push_back(std::move(term));
    }
    for (auto& gloss : glosses_from_json((*stmt)->optional_text(2))) {
      const bool known = std::any_of(alert.glosses.begin(), alert.glosses.end(),
                                     [&](const TermGloss& g) { return g.term == gloss.term; });
      if (!known) alert.glosses.push_back(std::move(gloss));
    }
  }
  (*stmt)->reset();
  return Status::success();
}

Result<std::vector<PendingAlert>> Outbox::due_alerts(int limit, UnixTime now, const std::string& channel) {
  return query(
      "WHERE a.state = 'pending' AND a.kind != 'held' AND (a.next_attempt IS NULL OR a.next_attempt <= ?2)"
      " AND (?3 = '' OR a.channel = ?3) ORDER BY a.id LIMIT ?1",
      [&](Statement& s) { s.bind(1, std::int64_t{limit}).bind(2, now).bind(3, channel); });
}

Result<std::vector<PendingAlert>> Outbox::story_reports(std::int64_t story, const std::string& channel,
                                                        UnixTime since) {
  return query(
      "WHERE i.story_id = ?1 AND a.channel = ?2 AND a.kind != 'surge'"
      " AND COALESCE(i.published, i.fetched) >= ?3 ORDER BY a.id",
      [&](Statement& s) { s.bind(1, story).bind(2, channel).bind(3, since); });
}

Result<std::vector<PendingAlert>> Outbox::list(const std::string& state, int limit) {
  return query("WHERE (?2 = '' OR a.state = ?2) ORDER BY a.id DESC LIMIT ?1",
               [&](Statement& s) { s.bind(1, std::int64_t{limit}).bind(2, state); });
}

Result<std::int64_t> Outbox::pending_count() {
  auto stmt = db_.prepare("SELECT COUNT(*) FROM alerts WHERE state = 'pending'");
  if (!stmt) return stmt.error();
  return scalar(*stmt);
}

Result<std::vector<ChannelBacklog>> Outbox::backlog() {
  auto stmt = db_.prepare(
      "SELECT channel, SUM(state = 'pending' AND kind != 'held'), SUM(state = 'pending' AND kind = 'held'),"
      " SUM(state = 'failed'), MAX(sent_at), (SELECT last_error FROM alerts l WHERE l.channel = a.channel"
      "   AND l.state = 'pending' AND l.last_error IS NOT NULL ORDER BY l.id DESC LIMIT 1)"
      " FROM alerts a GROUP BY channel ORDER BY channel");
  if (!stmt) return stmt.error();
  std::vector<ChannelBacklog> out;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back({stmt->text(0), stmt->integer(1), stmt->integer(2), stmt->integer(3), stmt->optional_integer(4),
                   stmt->optional_text(5)});
  }
}

Status Outbox::mark_sent(std::int64_t alert_id, UnixTime now) {
  auto stmt = db_.prepare(
      "UPDATE alerts SET state = 'sent', sent_at = ?2, attempts = attempts + 1, last_error = NULL WHERE id = ?1");
  if (!stmt) return stmt.error();
  return stmt->bind(1, alert_id).bind(2, now).run();
}

Status Outbox::mark_failed(std::int64_t alert_id, const std::string& error, bool permanent,
                           std::optional<UnixTime> next_attempt) {
  auto stmt = db_.prepare(
      "UPDATE alerts SET attempts = attempts + 1, last_error = ?2, next_attempt = ?4,"
      " state = CASE WHEN ?3 THEN 'failed' ELSE state END WHERE id = ?1");
  if (!stmt) return stmt.error();
  return stmt->bind(1, alert_id).bind(2, error).bind(3, std::int64_t{permanent ? 1 : 0}).bind(4, next_attempt).run();
}

Result<int> Outbox::retry(std::int64_t alert_id) {
  Transaction transaction(db_);
  if (!transaction.begin_status()) return transaction.begin_status().error();
  auto alerts = db_.prepare(
      "UPDATE alerts SET state = 'pending', next_attempt = NULL WHERE state IN ('failed', 'pending')"
      " AND (?1 = 0 OR id = ?1)");
  if (!alerts) return alerts.error();
  if (auto status = alerts->bind(1, alert_id).run(); !status) return status.error();
  const int count = db_.changes();
  // The digests those alerts wait in must be due too.
  auto digests = db_.prepare(
      "UPDATE digests SET state = 'pending', next_attempt = NULL WHERE state IN ('failed', 'pending')"
      " AND (?1 = 0 OR id = (SELECT digest_id FROM alerts WHERE id = ?1))");
  if (!digests) return digests.error();
  if (auto status = digests->bind(1, alert_id).run(); !status) return status.error();
  if (auto status = transaction.commit(); !status) return status.error();
  return count;
}

Result<std::optional<std::int64_t>> Outbox::form_digest(const std::string& channel, UnixTime until, UnixTime now) {
  Transaction transaction(db_);
  if (!transaction.begin_status()) return transaction.begin_status().error();
  auto digest = db_.prepare("INSERT INTO digests (channel, created_at) VALUES (?1, ?2)");
  if (!digest) return digest.error();
  if (auto status = digest->bind(1, channel).bind(2, now).run(); !status) return status.error();
  const auto id = db_.last_insert_id();
  auto held = db_.prepare(
      "UPDATE alerts SET digest_id = ?1 WHERE channel = ?2 AND kind = 'held' AND digest_id IS NULL"
      " AND state = 'pending' AND created_at < ?3");
  if (!held) return held.error();
  if (auto status = held->bind(1, id).bind(2, channel).bind(3, until).run(); !status) return status.error();
  if (db_.changes() == 0) return std::optional<std::int64_t>{};  // nothing held: rolled back
  if (auto status = transaction.commit(); !status) return status.error();
  return std::optional<std::int64_t>{id};
}

Result<std::vector<PendingDigest>> Outbox::due_digests(int limit, UnixTime now, const std::string& channel) {
  auto stmt = db_.prepare(
      "SELECT id, channel, created_at, attempts FROM digests WHERE state = 'pending'"
      " AND (next_attempt IS NULL OR next_attempt <= ?2) AND (?3 = '' OR channel = ?3) ORDER BY id LIMIT ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, std::int64_t{limit}).bind(2, now).bind(3, channel);
  std::vector<PendingDigest> out;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({stmt->integer(0), stmt->text(1), stmt->integer(2), stmt->integer(3), {}});
  }
  for (auto& digest : out) {
    auto alerts = query("WHERE a.digest_id = ?1 ORDER BY a.id", [&](Statement& s) { s.bind(1, digest.id); });
    if (!alerts) return alerts.error();
    digest.alerts = std::move(*alerts);
  }
  return out;
}

Status Outbox::mark_digest_sent(std::int64_t digest_id, UnixTime now) {
  Transaction transaction(db_);
  if (!transaction.begin_status()) return transaction.begin_status();
  auto digest = db_.prepare(
      "UPDATE digests SET state = 'sent', sent_at = ?2, attempts = attempts + 1, last_error = NULL WHERE id = ?1");
  if (!digest) return digest.error();
  if (auto status = digest->bind(1, digest_id).bind(2, now).run(); !status) return status;
  auto alerts = db_.prepare("UPDATE alerts SET state = 'sent', sent_at = ?2, last_error = NULL WHERE digest_id = ?1");
  if (!alerts) return alerts.error();
  if (auto status = alerts->bind(1, digest_id).bind(2, now).run(); !status) return status;
  return transaction.commit();
}

Status Outbox::mark_digest_failed(std::int64_t digest_id, const std::string& error, bool permanent,
                                  std::optional<UnixTime> next_attempt) {
  Transaction transaction(db_);
  if (!transaction.begin_status()) return transaction.begin_status();
  auto digest = db_.prepare(
      "UPDATE digests SET attempts = attempts + 1, last_error = ?2, next_attempt = ?4,"
      " state = CASE WHEN ?3 THEN 'failed' ELSE state END WHERE id = ?1");
  if (!digest) return digest.error();
  const std::int64_t for_good = permanent ? 1 : 0;
  if (auto status = digest->bind(1, digest_id).bind(2, error).bind(3, for_good).bind(4, next_attempt).run(); !status) {
    return status;
  }
  auto alerts = db_.prepare(
      "UPDATE alerts SET last_error = ?2, state = CASE WHEN ?3 THEN 'failed' ELSE state END WHERE digest_id = ?1");
  if (!alerts) return alerts.error();
  if (auto status = alerts->bind(1, digest_id).bind(2, error).bind(3, for_good).run(); !status) return status;
  return transaction.commit();
}

}  // namespace khabar::store
