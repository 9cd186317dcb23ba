#include "cli/alerts_command.h"

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/table.h"
#include "config/config.h"
#include "fetch/curl_http_client.h"
#include "service/alert_dispatcher.h"
#include "store/archive.h"
#include "util/json_nullable.h"
#include "util/json_text.h"

namespace khabar::cli {
namespace {

// "alert", "surge", "held: update", "digest 7".
std::string kind_label(const store::PendingAlert& a) {
  if (a.digest) return "digest " + std::to_string(*a.digest);
  if (a.kind == "held") return "held: " + a.held_reason.value_or("digest");
  return a.kind;
}

int list(store::Archive& archive, const AlertsArgs& args) {
  auto alerts = archive.outbox().list(args.state, args.limit);
  if (!alerts) {
    std::cerr << alerts.error().message << "\n";
    return kExitFailure;
  }
  if (args.json) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& a : *alerts) {
      out.push_back({{"id", a.id},
                     {"state", a.state},
                     {"channel", a.channel},
                     {"rule", a.rule},
                     {"feed", a.feed_name},
                     {"kind", a.kind},
                     {"held_reason", nullable(a.held_reason)},
                     {"digest", nullable(a.digest)},
                     {"story", nullable(a.story)},
                     {"attempts", a.attempts},
                     {"created", format_rfc3339(a.created_at)},
                     {"title", a.item.title.value_or("")},
                     {"link", a.item.link.value_or("")},
                     {"last_error", a.last_error ? nlohmann::ordered_json(*a.last_error) : nlohmann::ordered_json()}});
    }
    std::cout << json_text(out, 2) << "\n";
    return kExitOk;
  }
  if (alerts->empty()) {
    std::cout << "no alerts" << (args.state.empty() ? "" : " " + args.state) << "\n";
    return kExitOk;
  }
  std::cout << fit("ID", 6) << "  " << fit("STATE", 7) << "  " << fit("CHANNEL", 12) << "  " << fit("RULE", 20) << "  "
            << fit("KIND", 16) << "  " << fit("TRIES", 5) << "  " << fit("TITLE", 50) << "  LAST ERROR\n";
  for (const auto& a : *alerts) {
    std::cout << fit(std::to_string(a.id), 6) << "  " << fit(a.state, 7) << "  " << fit(a.channel, 12) << "  "
              << fit(a.rule, 20) << "  " << fit(kind_label(a), 16) << "  " << fit(std::to_string(a.attempts), 5) << "  "
              << fit(a.item.title.value_or(""), 50) << "  " << (a.state == "sent" ? "" : a.last_error.value_or(""))
              << "\n";
  }
  return kExitOk;
}

int test(const config::Config& config, const std::string& channel) {
  const auto* alert = config.find_alert(channel);
  if (!alert) {
    std::cerr << "alerts test: no channel named \"" << channel << "\"\n";
    return kExitUsage;
  }
  fetch::CurlHttpClient http(fetch::user_agent(config.daemon.contact));
  auto notifier = service::make_notifier(*alert, http);
  if (!notifier) {
    std::cerr << "alerts test: channel " << channel << ": " << notifier.error().message << "\n";
    return kExitConfig;
  }
  alert::Report report{0,
                       "khabar-test",
                       {"test"},
                       "khabar",
                       std::nullopt,
                       std::string("khabar test alert: this channel works"),
                       std::string("https://example.org/khabar-test"),
                       std::string("A sample alert sent by `khabar alerts test`."),
                       std::string("en"),
                       unix_now()};
  alert::AlertMessage sample{alert::MessageKind::kAlert, 0, channel, {{std::nullopt, {report}}}, {}};
  // A fresh key each time: Matrix drops a repeated transaction id, so a
  // second test with a constant key would "succeed" without posting.
  sample.one_off_key = "khabar-test-" + std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(
                                                           std::chrono::system_clock::now().time_since_epoch())
                                                           .count());
  const auto outcome = (*notifier)->deliver(sample);
  if (outcome.delivery == alert::Delivery::kDelivered) {
    std::cout << "channel " << channel << ": test alert delivered\n";
    return kExitOk;
  }
  std::cout << "channel " << channel << ": not delivered: " << outcome.detail
            << (outcome.delivery == alert::Delivery::kFailedPermanently ? " (permanent)" : " (would be retried)")
            << "\n";
  return kExitFailure;
}

// Bundles held alerts into digests now, instead of at the period's end.
int digest_now(const config::Config& config, store::Archive& archive, const std::string& channel) {
  if (!channel.empty() && !config.find_alert(channel)) {
    std::cerr << "alerts digest: no channel named \"" << channel << "\"\n";
    return kExitUsage;
  }
  int formed = 0;
  for (const auto& c : config.alerts) {
    if (!channel.empty() && c.name != channel) continue;
    auto digest = archive.outbox().form_digest(c.name, unix_now() + 1, unix_now());
    if (!digest) {
      std::cerr << "alerts digest: channel " << c.name << ": " << digest.error().message << "\n";
      return kExitFailure;
    }
    if (*digest) std::cout << "channel " << c.name << ": digest " << **digest << " formed\n";
    formed += *digest ? 1 : 0;
  }
  std::cout << formed << " digests formed; the daemon sends them on its next pass\n";
  return kExitOk;
}

}  // namespace

int alerts_command(const std::string& config_path, const AlertsArgs& args) {
  auto config = config::load_config(config::resolve_config_path(config_path));
  if (!config) {
    std::cerr << config.error().message << "\n";
    return kExitConfig;
  }
  if (args.action == "test") return test(*config, args.channel);
  auto archive = store::Archive::open(config->daemon.database);
  if (!archive) {
    std::cerr << archive.error().message << "\n";
    return kExitFailure;
  }
  if (args.action == "list") return list(*archive, args);
  if (args.action == "digest") return digest_now(*config, *archive, args.channel);
  auto retried = archive->outbox().retry(args.id);
  if (!retried) {
    std::cerr << retried.error().message << "\n";
    return kExitFailure;
  }
  std::cout << *retried << " failed or waiting alerts are due now; the daemon sends them on its next pass\n";
  return kExitOk;
}

}  // namespace khabar::cli
