// The body of a webhook alert in each preset's shape: khabar's own JSON
// (docs/webhooks.md), or what Slack/Mattermost, Discord, the Telegram Bot
// API and Matrix expect.
#pragma once

#include <string>

#include "alert/notifier.h"

namespace khabar::alert {

struct WebhookBody {
  std::string method = "POST";
  std::string body;  // JSON
};

// `chat_id`: the Telegram chat. Unknown presets give the json preset.
WebhookBody webhook_body(const AlertMessage& message, const std::string& preset, const std::string& chat_id);

}  // namespace khabar::alert
